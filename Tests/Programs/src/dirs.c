/* Directories in argv[1]: mkdir, nested files, readdir (sorted), stat, symlink/readlink, rmdir, getcwd relative to the base. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <sys/stat.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv)
{
    if (argc < 2 || chdir(argv[1]) != 0) { fprintf(stderr, "usage: dirs DIR\n"); return 2; }
    char base[4096];
    if (!getcwd(base, sizeof base)) return 2;
    mkdir("tree", 0755);
    mkdir("tree/sub", 0700);
    printf("mkdir existing: %s\n", mkdir("tree", 0755) == -1 && errno == EEXIST ? "EEXIST" : "?");
    for (int i = 0; i < 12; i++) {
        char name[64]; snprintf(name, sizeof name, "tree/%s%02d.txt", i % 2 ? "odd" : "even", i);
        FILE *f = fopen(name, "w"); for (int k = 0; k <= i; k++) fprintf(f, "%d\n", k); fclose(f);
    }
    symlink("even00.txt", "tree/link");
    char target[64] = { 0 };
    ssize_t n = readlink("tree/link", target, sizeof target - 1);
    printf("readlink %zd %s\n", n, target);
    DIR *d = opendir("tree");
    char *names[64]; int count = 0;
    for (struct dirent *e; (e = readdir(d));) names[count++] = strdup(e->d_name);
    closedir(d);
    qsort(names, count, sizeof names[0], cmp);
    for (int i = 0; i < count; i++) {
        char p[128]; snprintf(p, sizeof p, "tree/%s", names[i]);
        struct stat st; lstat(p, &st);
        printf("%-12s %s size %lld\n", names[i], S_ISDIR(st.st_mode) ? "dir " : S_ISLNK(st.st_mode) ? "link" : "file",
               S_ISDIR(st.st_mode) ? 0LL : (long long)st.st_size);
        free(names[i]);
    }
    chdir("tree/sub");
    char cwd[4096]; getcwd(cwd, sizeof cwd);
    printf("cwd relative to base: %s\n", cwd + strlen(base));
    int fd = openat(AT_FDCWD, "../odd01.txt", O_RDONLY);
    char buf[16] = { 0 }; read(fd, buf, sizeof buf - 1); close(fd);
    printf("read via ..: %s", buf);
    chdir(base);
    printf("rmdir non-empty: %s\n", rmdir("tree") == -1 && errno == ENOTEMPTY ? "ENOTEMPTY" : "?");
    printf("rmdir empty sub: %d\n", rmdir("tree/sub"));
    struct stat st;
    printf("stat missing: %s\n", stat("nope", &st) == -1 && errno == ENOENT ? "ENOENT" : "?");
    return 0;
}
