/* ctype classification over all byte values, case conversion, and integer <-> text conversions. */
#include <stdio.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    const char *classes = "alnum alpha cntrl digit graph lower print punct space upper xdigit blank";
    int (*fn[])(int) = { isalnum, isalpha, iscntrl, isdigit, isgraph, islower, isprint, ispunct, isspace, isupper, isxdigit, isblank };
    printf("%s\n", classes);
    for (int f = 0; f < 12; f++) {
        unsigned count = 0, hash = 0;
        for (int c = -1; c < 256; c++) if (fn[f](c)) { count++; hash = hash * 33 + (unsigned)(c + 1); }
        printf("class %2d: %3u members, hash %08x\n", f, count, hash);
    }
    char s[] = "Mixed Case: The Quick Brown Fox, 123!";
    for (char *p = s; *p; p++) *p = (char)toupper((unsigned char)*p);
    printf("%s\n", s);
    for (char *p = s; *p; p++) *p = (char)tolower((unsigned char)*p);
    printf("%s\n", s);
    char buf[64];
    for (long v = -1000000; v <= 1000000; v += 333333) {
        snprintf(buf, sizeof buf, "%ld", v);
        printf("%s=%ld ", buf, atol(buf));
    }
    printf("\natoi edge: %d %d %d\n", atoi("  -0042abc"), atoi("+7"), atoi("x1"));
    return 0;
}
