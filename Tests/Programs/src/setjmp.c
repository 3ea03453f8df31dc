/* setjmp/longjmp across frames, nested buffers, and sigsetjmp with the signal mask. */
#include <stdio.h>
#include <setjmp.h>
#include <signal.h>

static jmp_buf outer, inner;
static int depth_reached;

static void dive(int depth)
{
    volatile char pad[64];
    pad[0] = (char)depth;
    if (depth == 50) { depth_reached = depth + pad[0] - depth; longjmp(outer, depth); }
    if (depth < 1000) dive(depth + 1);
}

static int nested(int v)
{
    int r = setjmp(inner);
    if (r == 0) { if (v > 3) longjmp(inner, v * 10); return v; }
    return r + 1;
}

int main(void)
{
    volatile int counter = 0;
    int r = setjmp(outer);
    counter++;
    if (r == 0) dive(0);
    printf("longjmp returned %d, depth %d, counter %d\n", r, depth_reached, counter);

    for (int v = 1; v <= 6; v++) printf("nested(%d) = %d\n", v, nested(v));

    jmp_buf zero;
    if (setjmp(zero) == 0) longjmp(zero, 0); else printf("longjmp with 0 gives 1\n");

    sigjmp_buf sj;
    sigset_t set, now;
    sigemptyset(&set); sigaddset(&set, SIGUSR1);
    if (sigsetjmp(sj, 1) == 0) {
        sigprocmask(SIG_BLOCK, &set, NULL);
        sigprocmask(SIG_SETMASK, NULL, &now);
        printf("inside: USR1 blocked %d\n", sigismember(&now, SIGUSR1));
        siglongjmp(sj, 5);
    }
    sigprocmask(SIG_SETMASK, NULL, &now);
    printf("after siglongjmp: USR1 blocked %d\n", sigismember(&now, SIGUSR1));
    volatile double fp = 1.5;
    jmp_buf fj;
    if (setjmp(fj) == 0) { fp *= 3; longjmp(fj, 1); }
    printf("floating value kept across longjmp %.2f\n", fp);
    return counter == 2 ? 0 : 1;
}
