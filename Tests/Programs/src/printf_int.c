/* printf of integers: widths, flags, bases, lengths, extremes. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>

int main(void)
{
    long long values[] = { 0, 1, -1, 42, -42, 127, -128, 255, 32767, -32768, 65535, INT_MAX, INT_MIN,
                           UINT_MAX, LLONG_MAX, LLONG_MIN, 1234567890123LL, -987654321987LL };
    for (unsigned i = 0; i < sizeof values / sizeof values[0]; i++) {
        long long v = values[i];
        printf("[%lld] [%20lld] [%-20lld] [%+lld] [% lld] [%020lld] [%llu]\n", v, v, v, v, v, v, (unsigned long long)v);
        printf("  hex [%llx] [%#llX] [%#018llx] oct [%llo] [%#llo]\n", v, v, v, v, v);
        printf("  int [%d] [%u] [%hd] [%hhu] [%5.3d] [%.0d]\n", (int)v, (unsigned)v, (short)v, (unsigned char)v, (int)v, (int)v);
    }
    printf("%" PRId64 " %" PRIu64 " %" PRIx32 " %zu %td %jd\n", INT64_MIN, UINT64_MAX, UINT32_MAX, (size_t)12345, (ptrdiff_t)-6789, (intmax_t)INTMAX_MAX);
    printf("%c%c%c [%5c] [%-5c]\n", 'a', 'b', 'c', 'x', 'y');
    printf("[%s] [%10s] [%-10s] [%.3s] [%*d] [%-*d] [%.*s]\n", "str", "right", "left", "truncate", 8, 99, 8, 99, 2, "abc");
    int n = 0;
    printf("count%n\n", &n);
    printf("chars before %%n: %d\n", n);
    char buf[16];
    int want = snprintf(buf, sizeof buf, "%d-%d-%d-%d", 1000, 2000, 3000, 4000);
    printf("snprintf wants %d got [%s]\n", want, buf);
    return 0;
}
