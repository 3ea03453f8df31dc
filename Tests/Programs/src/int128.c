/* 128-bit integer arithmetic: multiply, divide, modulo, shifts, comparisons, decimal printing. */
#include <stdio.h>
#include <stdint.h>

typedef unsigned __int128 u128;
typedef __int128 s128;

static void print_u128(const char *label, u128 v)
{
    char buf[48]; int i = 47; buf[i] = 0;
    do { buf[--i] = (char)('0' + (int)(v % 10)); v /= 10; } while (v);
    printf("%s%s\n", label, buf + i);
}

static void print_s128(const char *label, s128 v)
{
    if (v < 0) { printf("%s-", label); print_u128("", (u128)0 - (u128)v); }
    else print_u128(label, (u128)v);
}

int main(void)
{
    u128 f = 1;
    for (int i = 1; i <= 34; i++) { f *= (u128)i; }
    print_u128("34! = ", f);
    u128 max = ~(u128)0;
    print_u128("2^128-1 = ", max);
    print_s128("min s128 = ", (s128)((u128)1 << 127));
    volatile uint64_t a = 0xFEDCBA9876543210ull, b = 0x0123456789ABCDEFull;
    u128 p = (u128)a * b;
    printf("product hi %016llx lo %016llx\n", (unsigned long long)(p >> 64), (unsigned long long)p);
    s128 sp = (s128)(int64_t)a * (int64_t)b;
    printf("signed product hi %016llx lo %016llx\n", (unsigned long long)((u128)sp >> 64), (unsigned long long)sp);
    u128 n = f;
    volatile u128 d = ((u128)0x1234567 << 64) | 0x89ABCDEF;
    print_u128("34! / d = ", n / d);
    print_u128("34! % d = ", n % d);
    print_s128("-34! / 1e9 = ", -(s128)f / 1000000000);
    print_s128("-34! % 1e9 = ", -(s128)f % 1000000000);
    for (int s = 0; s < 128; s += 19) {
        u128 x = f << s, y = f >> s;
        printf("shift %3d: %016llx%016llx %016llx%016llx\n", s, (unsigned long long)(x >> 64), (unsigned long long)x,
               (unsigned long long)(y >> 64), (unsigned long long)y);
    }
    s128 neg = -(s128)12345678901234567890ull;
    printf("neg >> 70 = %lld, compare %d %d\n", (long long)(neg >> 70), neg < 0, (u128)neg > f);
    u128 fib_a = 0, fib_b = 1;
    for (int i = 0; i < 180; i++) { u128 t = fib_a + fib_b; fib_a = fib_b; fib_b = t; }
    print_u128("fib(180) = ", fib_a);
    return (n / d) * d + n % d == n ? 0 : 1;
}
