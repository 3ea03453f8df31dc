/* memcpy, memmove, memset, memcmp, memchr at all source/destination alignments and many sizes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned failures;
static unsigned char src[20100], dst[20100], ref[20100];

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) { seed = seed * 1103515245u + 12345u; p[i] = (unsigned char)(seed >> 16); }
}

static unsigned long sum(const unsigned char *p, size_t n)
{
    unsigned long h = 1469598103934665603ul;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ul;
    return h;
}

int main(void)
{
    static const size_t sizes[] = { 0, 1, 2, 3, 4, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129,
                                    255, 256, 1000, 4097, 20000 };
    unsigned long h = 0;
    for (unsigned si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
        size_t n = sizes[si];
        if (n > 20000) break; /* tells the compiler the bound */
        for (int sa = 0; sa < 16; sa += (n > 5000 ? 7 : n > 300 ? 3 : 1)) {
            for (int da = 0; da < 16; da += (n > 5000 ? 5 : n > 300 ? 3 : 1)) {
                fill(src, n + 32, (unsigned)(n + sa));
                memset(dst, 0xAA, n + 64); memset(ref, 0xAA, n + 64);
                memcpy(dst + da, src + sa, n);
                for (size_t i = 0; i < n; i++) ref[da + i] = src[sa + i];
                if (memcmp(dst, ref, n + 64) != 0) { failures++; printf("FAIL memcpy n=%zu sa=%d da=%d\n", n, sa, da); }
                /* overlapping memmove in both directions */
                fill(dst, n + 64, 7); memcpy(ref, dst, n + 64);
                memmove(dst + da, dst + sa, n);
                if (da < sa) for (size_t i = 0; i < n; i++) ref[da + i] = ref[sa + i];
                else for (size_t i = n; i-- > 0;) ref[da + i] = ref[sa + i];
                if (memcmp(dst, ref, n + 64) != 0) { failures++; printf("FAIL memmove n=%zu sa=%d da=%d\n", n, sa, da); }
                h ^= sum(dst, n + 64) + n;
            }
            memset(dst + sa, sa * 17, n);
            for (size_t i = 0; i < n; i++) if (dst[sa + i] != (unsigned char)(sa * 17)) { failures++; printf("FAIL memset n=%zu a=%d\n", n, sa); break; }
            if (n > 0) {
                fill(src, n + 32, 99); memcpy(dst, src, n + 32);
                size_t k = n / 2; dst[sa + k] ^= 0x80;
                int c = memcmp(dst + sa, src + sa, n);
                int expect = dst[sa + k] > src[sa + k] ? 1 : -1;
                if ((c > 0) - (c < 0) != expect) { failures++; printf("FAIL memcmp n=%zu a=%d\n", n, sa); }
                unsigned char needle = src[sa + n - 1];
                size_t first = 0; while (src[sa + first] != needle) first++;
                if (memchr(src + sa, needle, n) != src + sa + first) { failures++; printf("FAIL memchr n=%zu a=%d\n", n, sa); }
            }
        }
    }
    printf("memory checksum %016lx failures %u\n", h, failures);
    return failures ? 1 : 0;
}
