/* A SIGSEGV handler: faults on a NULL read, a write to a read-only page and an unmapped page;
   the handler checks si_addr and si_code and returns with siglongjmp. Also raise()/SIGUSR1 delivery. */
#include <stdio.h>
#include <signal.h>
#include <setjmp.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

static sigjmp_buf recover;
static volatile void *expected_addr;
static volatile int faults, addr_ok, code_seen;
static volatile sig_atomic_t usr1;

static void on_segv(int sig, siginfo_t *info, void *uctx)
{
    (void)uctx;
    faults++;
    addr_ok = info->si_addr == expected_addr && sig == SIGSEGV;
    code_seen = info->si_code;
    siglongjmp(recover, 1);
}

static void on_usr1(int sig) { usr1 += sig; }

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);

    long page = sysconf(_SC_PAGESIZE);
    volatile int *null_ptr = (volatile int *)0;
    expected_addr = (void *)null_ptr;
    if (sigsetjmp(recover, 1) == 0) { int v = *null_ptr; printf("no fault? %d\n", v); }
    printf("NULL read: faults %d, si_addr matches %d, si_code %s\n", faults, addr_ok, code_seen == SEGV_MAPERR ? "SEGV_MAPERR" : "other");

    char *ro = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    expected_addr = ro + 40;
    if (sigsetjmp(recover, 1) == 0) { ((volatile char *)ro)[40] = 1; printf("no fault on read-only page\n"); }
    printf("read-only write: faults %d, si_addr matches %d, si_code %s\n", faults, addr_ok, code_seen == SEGV_ACCERR ? "SEGV_ACCERR" : "other");

    char *gone = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(gone + page, page);
    gone[0] = 'x';
    expected_addr = gone + page + 8;
    if (sigsetjmp(recover, 1) == 0) { ((volatile char *)gone)[page + 8] = 2; printf("no fault on unmapped page\n"); }
    printf("unmapped write: faults %d, si_addr matches %d, si_code %s, first page kept %c\n", faults, addr_ok,
           code_seen == SEGV_MAPERR ? "SEGV_MAPERR" : "other", gone[0]);

    mprotect(ro, page, PROT_READ | PROT_WRITE);
    ro[40] = 7;
    printf("after mprotect write ok %d\n", ro[40]);

    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);
    raise(SIGUSR1);
    printf("SIGUSR1 handler sum %d\n", (int)usr1);
    return faults == 3 ? 0 : 1;
}
