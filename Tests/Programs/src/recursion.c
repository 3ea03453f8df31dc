/* Deep recursion: a chain of 100000 calls with real frames, Ackermann, mutual recursion, naive Fibonacci. */
#include <stdio.h>

__attribute__((noinline)) static unsigned long chain(unsigned long n, volatile unsigned char *prev)
{
    volatile unsigned char frame[24];
    frame[0] = (unsigned char)n;
    frame[23] = prev ? prev[0] : 0;
    if (n == 0) return frame[0] + frame[23];
    unsigned long r = chain(n - 1, frame);
    return r + frame[0] + frame[23];
}

static unsigned ack(unsigned m, unsigned n)
{
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static int is_odd(unsigned n);
__attribute__((noinline)) static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
__attribute__((noinline)) static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

static unsigned long fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static long hanoi_moves;
static void hanoi(int n, int from, int to, int via)
{
    if (n == 0) return;
    hanoi(n - 1, from, via, to);
    hanoi_moves++;
    hanoi(n - 1, via, to, from);
}

int main(void)
{
    printf("chain(100000) = %lu\n", chain(100000, 0));
    printf("ack(2,3) = %u ack(3,5) = %u\n", ack(2, 3), ack(3, 5));
    printf("is_even(77777) = %d\n", is_even(77777));
    printf("fib(22) = %lu\n", fib(22));
    hanoi(15, 1, 3, 2);
    printf("hanoi(15) moves = %ld\n", hanoi_moves);
    return 0;
}
