/* Arbitrary-precision decimal arithmetic in base 10^9: factorials, powers of two, and digits of e. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

enum { LIMBS = 400 };
typedef struct { uint32_t d[LIMBS]; int n; } big;

static void set(big *b, uint32_t v) { memset(b, 0, sizeof *b); b->d[0] = v; b->n = 1; }
static void mul_small(big *b, uint32_t m)
{
    uint64_t carry = 0;
    for (int i = 0; i < b->n; i++) { uint64_t t = (uint64_t)b->d[i] * m + carry; b->d[i] = (uint32_t)(t % 1000000000u); carry = t / 1000000000u; }
    while (carry) { b->d[b->n++] = (uint32_t)(carry % 1000000000u); carry /= 1000000000u; }
}
static void add(big *a, const big *b)
{
    uint32_t carry = 0;
    int n = a->n > b->n ? a->n : b->n;
    for (int i = 0; i < n; i++) { uint32_t t = a->d[i] + b->d[i] + carry; carry = t >= 1000000000u; a->d[i] = t - carry * 1000000000u; }
    a->n = n;
    if (carry) a->d[a->n++] = 1;
}
static int digits(const big *b, char *out)
{
    int len = sprintf(out, "%u", b->d[b->n - 1]);
    for (int i = b->n - 2; i >= 0; i--) len += sprintf(out + len, "%09u", b->d[i]);
    return len;
}

int main(void)
{
    static char text[LIMBS * 9 + 1];
    big f; set(&f, 1);
    for (uint32_t i = 2; i <= 300; i++) mul_small(&f, i);
    int len = digits(&f, text);
    unsigned sum = 0; for (int i = 0; i < len; i++) sum += (unsigned)(text[i] - '0');
    printf("300! has %d digits, digit sum %u, starts %.20s ends %s\n", len, sum, text, text + len - 80);
    big p; set(&p, 1);
    for (int i = 0; i < 1000; i++) mul_small(&p, 2);
    len = digits(&p, text);
    printf("2^1000 has %d digits: %.30s...%s\n", len, text, text + len - 30);
    big fa, fb; set(&fa, 0); set(&fb, 1);
    for (int i = 0; i < 1000; i++) { big t = fa; add(&t, &fb); fa = fb; fb = t; }
    len = digits(&fa, text);
    printf("fib(1000) has %d digits: %.20s...%s\n", len, text, text + len - 20);
    /* e to 200 digits via spigot */
    enum { N = 210 };
    static unsigned a[N];
    for (int i = 0; i < N; i++) a[i] = 1;
    printf("e = 2.");
    for (int k = 0; k < 200; k++) {
        unsigned carry = 0;
        for (int i = N - 1; i >= 0; i--) { unsigned t = a[i] * 10 + carry; a[i] = t % (unsigned)(i + 2); carry = t / (unsigned)(i + 2); }
        putchar('0' + (int)carry);
    }
    putchar('\n');
    return 0;
}
