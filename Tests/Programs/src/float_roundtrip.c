/* Decimal <-> binary floating-point round trips over many generated values (printf %.17g / %a and strtod), and
   float/double arithmetic identities checked bit for bit. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <math.h>

int main(void)
{
    uint64_t s = 0x9E3779B97F4A7C15ull;
    unsigned failures = 0, checked = 0;
    uint64_t h = 0;
    for (int i = 0; i < 1500; i++) {
        s ^= s << 7; s ^= s >> 9;
        uint64_t bits = s;
        if (i % 4 == 0) bits = (bits & 0x800FFFFFFFFFFFFFull) | ((uint64_t)(1023 + (int)(s % 80) - 40) << 52);
        double d; memcpy(&d, &bits, 8);
        if (isnan(d) || isinf(d)) continue;
        char buf[64];
        snprintf(buf, sizeof buf, "%.17g", d);
        double back = strtod(buf, NULL);
        snprintf(buf, sizeof buf, "%a", d);
        double back2 = strtod(buf, NULL);
        checked++;
        if (memcmp(&back, &d, 8) || memcmp(&back2, &d, 8)) failures++;
        float f = (float)d;
        snprintf(buf, sizeof buf, "%.9g", f);
        float fb = strtof(buf, NULL);
        if (memcmp(&fb, &f, 4) && !isnan(f)) failures++;
        uint64_t r; double prod = d * 1.0000001 + 3.0; memcpy(&r, &prod, 8);
        h = h * 31 + r;
        for (int k = 0; k < (int)strlen(buf); k++) h = h * 7 + (unsigned char)buf[k];
    }
    printf("checked %u doubles, round trip failures %u, hash %016llx\n", checked, failures, (unsigned long long)h);
    double third = 1.0 / 3.0, acc = 0;
    for (int i = 0; i < 3000; i++) acc += third;
    printf("accumulated %.17g, sum of 0.1 x10 == 1: %d, 0.1+0.2 = %.17g\n", acc, 0.1 * 3 == 0.3, 0.1 + 0.2);
    float fa = 16777216.0f;
    printf("float 2^24 + 1 = %.1f, 1e8f + 1 = %.1f, -0.0f == 0.0f: %d\n", fa + 1.0f, 1e8f + 1.0f, -0.0f == 0.0f);
    return failures ? 1 : 0;
}
