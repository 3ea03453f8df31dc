// A static glibc program for the user-mode runtime: libc start-up (brk, mmap, TLS,
// getrandom, readlinkat), stdio, libm, qsort, errno, directories, signals through
// sigsetjmp/siglongjmp, raise, abort and stdin. Output must match qemu-aarch64.
// Build: ./build.sh
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static sigjmp_buf jb;
static volatile int got;
static void on_segv(int s) { siglongjmp(jb, 1); }
static void on_usr1(int s, siginfo_t *si, void *uc) { got = s; }
static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "abort")) { printf("aborting\n"); fflush(stdout); abort(); }
    if (argc > 1 && !strcmp(argv[1], "cat")) { char l[100]; while (fgets(l, sizeof l, stdin)) printf("> %s", l); return 0; }
    const char *dir = argc > 1 ? argv[1] : "/tmp";

    int v[50]; unsigned s = 12345;
    for (int i = 0; i < 50; i++) { s = s * 1103515245 + 12345; v[i] = (s >> 16) % 1000; }
    qsort(v, 50, sizeof v[0], cmp);
    for (int i = 0; i < 50; i += 10) printf("%d ", v[i]);
    printf("\n");
    double x = 0;
    for (int i = 1; i < 1000; i++) x += sin(i) / i;
    printf("%.10f %g %e\n", x, sqrt(2.0), exp(1.0));
    char buf[64];
    snprintf(buf, sizeof buf, "%08.3f|%-5s|%x", 3.14159, "ab", 255);
    puts(buf);

    FILE *f = fopen("/nonexistent/x", "r");
    printf("fopen: %s (%d)\n", f ? "ok" : strerror(errno), errno);
    char path[512];
    snprintf(path, sizeof path, "%s/libcprobe.txt", dir);
    f = fopen(path, "w");
    fprintf(f, "%d lines\n", 42);
    fclose(f);
    struct stat st;
    stat(path, &st);
    printf("size=%ld regular=%d\n", (long)st.st_size, S_ISREG(st.st_mode));
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) if (!strcmp(e->d_name, "libcprobe.txt")) n++;
    closedir(d);
    printf("listed=%d\n", n);
    unlink(path);
    printf("exists after unlink=%d\n", access(path, F_OK) == 0);

    struct utsname u;
    uname(&u);
    printf("machine=%s\n", u.machine);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    printf("clock=%d\n", ts.tv_sec > 0 || ts.tv_nsec > 0);
    char *big = malloc(1 << 22);
    memset(big, 1, 1 << 22);
    long sum = 0;
    for (int i = 0; i < (1 << 22); i += 4096) sum += big[i];
    printf("big=%ld\n", sum);
    free(big);

    signal(SIGSEGV, on_segv);
    for (int k = 0; k < 2; k++)
    {
        if (!sigsetjmp(jb, 1)) { *(volatile int *)0 = 1; puts("not reached"); }
        else printf("recovered %d\n", k);
    }
    struct sigaction sa = {0};
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, 0);
    raise(SIGUSR1);
    printf("got=%d\n", got);
    char exe[256];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[len > 0 ? len : 0] = 0;
    printf("exe ends with libcprobe.elf=%d\n", len > 13 && !strcmp(exe + len - 13, "libcprobe.elf"));
    fprintf(stderr, "to stderr\n");
    return 3;
}
