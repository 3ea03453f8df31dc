/* stdio and POSIX file I/O in the directory given as argv[1]: write, read back, seek, append, rename, unlink. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
    if (argc < 2) { fprintf(stderr, "usage: fileio DIR\n"); return 2; }
    if (chdir(argv[1]) != 0) { perror("chdir"); return 2; }
    FILE *f = fopen("numbers.txt", "w");
    if (!f) { perror("fopen"); return 2; }
    for (int i = 0; i < 1000; i++) fprintf(f, "%d %d\n", i, i * i);
    fclose(f);
    f = fopen("numbers.txt", "r");
    long sum = 0; int a, b, lines = 0;
    while (fscanf(f, "%d %d", &a, &b) == 2) { sum += b; lines++; }
    printf("read %d lines, sum of squares %ld, ftell %ld\n", lines, sum, ftell(f));
    fseek(f, 100, SEEK_SET);
    char line[64];
    fgets(line, sizeof line, f);
    printf("at offset 100: %s", line);
    fclose(f);

    int fd = open("binary.dat", O_CREAT | O_TRUNC | O_RDWR, 0644);
    unsigned char block[8192];
    for (int i = 0; i < (int)sizeof block; i++) block[i] = (unsigned char)(i * 31 + 7);
    for (int k = 0; k < 10; k++) if (write(fd, block, sizeof block) != (ssize_t)sizeof block) { perror("write"); return 2; }
    off_t end = lseek(fd, 0, SEEK_END);
    lseek(fd, 12345, SEEK_SET);
    unsigned char got[16];
    ssize_t n = read(fd, got, sizeof got);
    printf("binary size %ld, read %zd bytes at 12345: %02x %02x %02x\n", (long)end, n, got[0], got[1], got[15]);
    ssize_t pn = pread(fd, got, 4, 81916);
    printf("pread near end %zd\n", pn);
    ftruncate(fd, 50000);
    struct stat st;
    fstat(fd, &st);
    printf("after truncate %ld bytes, regular %d\n", (long)st.st_size, S_ISREG(st.st_mode));
    close(fd);

    f = fopen("log.txt", "a");
    fputs("first\n", f); fclose(f);
    f = fopen("log.txt", "a");
    fputs("second\n", f); fclose(f);
    rename("log.txt", "renamed.txt");
    printf("old name exists %d, new exists %d\n", access("log.txt", F_OK) == 0, access("renamed.txt", F_OK) == 0);
    f = fopen("scratch.tmp", "w"); fputs("gone", f); fclose(f);
    printf("unlink %d\n", unlink("scratch.tmp"));
    f = fopen("missing/none.txt", "r");
    printf("open missing: %s\n", f ? "opened" : "failed as expected");
    return 0;
}
