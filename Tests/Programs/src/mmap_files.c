/* mmap: anonymous mappings, a shared file mapping written through memory (file in argv[1]), msync,
   mremap growth, mprotect, and brk via sbrk. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>

int main(int argc, char **argv)
{
    if (argc < 2) { fprintf(stderr, "usage: mmap_files DIR\n"); return 2; }
    long page = sysconf(_SC_PAGESIZE);
    size_t len = 16 * (size_t)page;
    unsigned char *anon = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (anon == MAP_FAILED) { perror("mmap"); return 1; }
    unsigned zero = 1; for (size_t i = 0; i < len; i++) if (anon[i]) zero = 0;
    for (size_t i = 0; i < len; i++) anon[i] = (unsigned char)(i ^ (i >> 8));
    unsigned long sum = 0; for (size_t i = 0; i < len; i += 3) sum += anon[i];
    printf("anonymous mapping zeroed %u, sum %lu\n", zero, sum);
    unsigned char *grown = mremap(anon, len, 4 * len, MREMAP_MAYMOVE);
    if (grown == MAP_FAILED) { perror("mremap"); return 1; }
    printf("mremap kept data %d, new tail zero %d\n", grown[len - 1] == (unsigned char)((len - 1) ^ ((len - 1) >> 8)), grown[4 * len - 1] == 0);
    munmap(grown, 4 * len);

    char path[4096];
    snprintf(path, sizeof path, "%s/mapped.bin", argv[1]);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) { perror("open"); return 1; }
    ftruncate(fd, 3 * page);
    char *map = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) { perror("mmap file"); return 1; }
    for (int i = 0; i < 3 * page; i++) map[i] = (char)('A' + i % 26);
    strcpy(map + page, "written through a shared mapping\n");
    msync(map, 3 * page, MS_SYNC);
    munmap(map, 3 * page);
    char back[40] = { 0 };
    pread(fd, back, 33, page);
    printf("read back: %s", back);
    char *ro = mmap(NULL, page, PROT_READ, MAP_PRIVATE, fd, 0);
    printf("private read-only mapping starts %.10s\n", ro);
    munmap(ro, page);
    close(fd);

    void *start = sbrk(0);
    char *more = sbrk(100000);
    memset(more, 0x5A, 100000);
    printf("sbrk grew %ld bytes, last byte %02x\n", (long)((char *)sbrk(0) - (char *)start), (unsigned char)more[99999]);
    char *guard = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mprotect none %d, munmap %d\n", mprotect(guard + page, page, PROT_NONE), munmap(guard, 2 * page));
    return 0;
}
