/* Calling conventions: variadic functions with mixed types, va_copy, structs and homogeneous float aggregates
   passed and returned by value, many arguments spilling to the stack, function pointers. */
#include <stdio.h>
#include <stdarg.h>
#include <string.h>

struct small { char c; short s; };
struct pair { long a, b; };
struct large { long v[6]; };
struct hfa { double x, y, z; };
struct hfaf { float a, b, c, d; };

static double sum_mixed(int count, ...)
{
    va_list ap, copy;
    va_start(ap, count);
    va_copy(copy, ap);
    double total = 0;
    for (int i = 0; i < count; i++) {
        if (i % 3 == 0) total += va_arg(ap, int);
        else if (i % 3 == 1) total += va_arg(ap, double);
        else total += (double)va_arg(ap, long long) / 2;
    }
    int first = va_arg(copy, int);
    va_end(copy);
    va_end(ap);
    return total + first * 1000;
}

static int vfmt(char *out, size_t n, const char *fmt, ...)
{
    va_list ap; va_start(ap, fmt);
    int r = vsnprintf(out, n, fmt, ap);
    va_end(ap);
    return r;
}

__attribute__((noinline)) static struct pair make_pair(long a, long b) { struct pair p = { a * 2, b * 3 }; return p; }
__attribute__((noinline)) static struct large make_large(long seed) { struct large l; for (int i = 0; i < 6; i++) l.v[i] = seed + i * i; return l; }
__attribute__((noinline)) static struct hfa scale(struct hfa h, double f) { h.x *= f; h.y *= f; h.z *= f; return h; }
__attribute__((noinline)) static float dot4(struct hfaf a, struct hfaf b) { return a.a * b.a + a.b * b.b + a.c * b.c + a.d * b.d; }
__attribute__((noinline)) static long many(long a, long b, long c, long d, long e, long f, long g, long h, long i, long j,
                                           double x1, double x2, double x3, double x4, double x5, double x6, double x7, double x8,
                                           double x9, float x10, struct small sm, struct large lg)
{
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h + 9 * i + 10 * j
         + (long)(x1 + x2 * 2 + x3 * 3 + x4 * 4 + x5 * 5 + x6 * 6 + x7 * 7 + x8 * 8 + x9 * 9 + x10 * 10)
         + sm.c * 100 + sm.s * 1000 + lg.v[5];
}

static int add(int a, int b) { return a + b; }
static int mul(int a, int b) { return a * b; }

int main(void)
{
    printf("sum_mixed %.4f\n", sum_mixed(7, 5, 2.25, 9LL, -3, 0.5, -100LL, 11));
    char buf[80];
    int r = vfmt(buf, sizeof buf, "%s|%5d|%-6.2f|%c|%llx", "va", 42, 3.14159, 'z', 0xABCDEFull);
    printf("vfmt %d [%s]\n", r, buf);
    struct pair p = make_pair(10, -4);
    struct large l = make_large(100);
    struct hfa h = scale((struct hfa){ 1.5, -2.0, 0.25 }, 4.0);
    struct hfaf fa = { 1, 2, 3, 4 }, fb = { 0.5f, 0.25f, 2, -1 };
    printf("pair %ld %ld large %ld %ld hfa %g %g %g dot4 %g\n", p.a, p.b, l.v[0], l.v[5], h.x, h.y, h.z, dot4(fa, fb));
    struct small sm = { 3, -7 };
    printf("many %ld\n", many(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5f, sm, l));
    int (*ops[])(int, int) = { add, mul };
    int acc = 1;
    for (int i = 1; i < 12; i++) acc = ops[i % 2](acc, i);
    printf("function pointers %d\n", acc);
    return 0;
}
