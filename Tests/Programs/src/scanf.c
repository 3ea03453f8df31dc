/* sscanf/strtol/strtod parsing of integers and floats; stdin is read too (the tests give an empty stdin). */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>

int main(void)
{
    const char *text = "42 -17 0x1F 0777 3.25 -1e-5 6.02e23 inf nan word 18446744073709551615";
    int a, b; unsigned x, o; double d1, d2, d3; float f1, f2; char word[16]; unsigned long long big;
    int n = sscanf(text, "%d %d %x %o %lf %lf %lf %f %f %15s %llu", &a, &b, &x, &o, &d1, &d2, &d3, &f1, &f2, word, &big);
    printf("fields %d: %d %d %u %u %.17g %.17g %.17g %g %g %s %llu\n", n, a, b, x, o, d1, d2, d3, f1, f2, word, big);
    int i1 = 0, i2 = 0; char c = 0;
    n = sscanf("12abc", "%d%c%d", &i1, &c, &i2);
    printf("partial %d %d %c\n", n, i1, c);
    n = sscanf("", "%d", &i1);
    printf("empty input %d\n", n);
    const char *nums[] = { "0", "-0", "123456789", "-9223372036854775808", "9223372036854775807", "9223372036854775808",
                           "  +55xyz", "0x7fffffff", "1e400", "-1e-400", "0.1", "2.2250738585072011e-308", "0x1.8p3" };
    for (unsigned i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        char *end; errno = 0;
        long long v = strtoll(nums[i], &end, 0);
        int e1 = errno; errno = 0;
        char *end2;
        double dv = strtod(nums[i], &end2);
        int e2 = errno;
        printf("%-26s strtoll %lld (errno %d, used %ld) strtod %.17g (errno %d, used %ld)\n",
               nums[i], v, e1, (long)(end - nums[i]), dv, e2, (long)(end2 - nums[i]));
    }
    printf("strtoul base 2 %lu base 36 %lu\n", strtoul("101101", NULL, 2), strtoul("zz", NULL, 36));
    int v, count = 0; long total = 0;
    while (scanf("%d", &v) == 1) { total += v; count++; }
    printf("stdin numbers %d total %ld eof %d\n", count, total, feof(stdin) != 0);
    return n == -1 ? 0 : 1;
}
