/* Integer division and remainder: all sign combinations, widths, powers of two, and the
   architecture's defined results for division by zero and overflow (done with SDIV/UDIV directly). */
#include <stdio.h>
#include <stdint.h>
#include <limits.h>

static int64_t sdiv64(int64_t a, int64_t b) { int64_t r; __asm__ volatile("sdiv %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static uint64_t udiv64(uint64_t a, uint64_t b) { uint64_t r; __asm__ volatile("udiv %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static int32_t sdiv32(int32_t a, int32_t b) { int32_t r; __asm__ volatile("sdiv %w0, %w1, %w2" : "=r"(r) : "r"(a), "r"(b)); return r; }

int main(void)
{
    volatile int64_t vals[] = { 0, 1, -1, 2, -2, 3, -3, 7, -7, 10, 1000003, -1000003, INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN + 1 };
    const int n = sizeof vals / sizeof vals[0];
    uint64_t h = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            int64_t a = vals[i], b = vals[j];
            if (b == 0) continue;
            int64_t q = a / b, r = a % b;
            if (q * b + r != a) { printf("FAIL identity %lld %lld\n", (long long)a, (long long)b); return 1; }
            uint64_t uq = (uint64_t)a / (uint64_t)b, ur = (uint64_t)a % (uint64_t)b;
            int32_t q32 = (int32_t)a / ((int32_t)b ? (int32_t)b : 1);
            h = h * 31 + (uint64_t)q + (uint64_t)r * 7 + uq * 13 + ur * 17 + (uint64_t)(uint32_t)q32;
        }
    printf("division hash %016llx\n", (unsigned long long)h);
    for (int k = -20; k <= 20; k += 3) printf("%d/4=%d %d%%4=%d %d>>2=%d  ", k, k / 4, k, k % 4, k, k >> 2);
    printf("\n");
    for (unsigned d = 1; d < 20; d++) {
        volatile unsigned x = 0xFFFFFFFFu;
        printf("%u:%u,%u ", d, x / d, x % d);
    }
    printf("\n");
    printf("sdiv by zero %lld, udiv by zero %llu, 32-bit %d\n", (long long)sdiv64(12345, 0), (unsigned long long)udiv64(12345, 0), sdiv32(-5, 0));
    printf("INT64_MIN/-1 = %lld, INT32_MIN/-1 = %d\n", (long long)sdiv64(INT64_MIN, -1), sdiv32(INT32_MIN, -1));
    volatile uint64_t big = 0xFEDCBA9876543210ull;
    printf("by constants: %llu %llu %llu %llu\n", (unsigned long long)(big / 3), (unsigned long long)(big / 10),
           (unsigned long long)(big % 1000000007ull), (unsigned long long)((int64_t)big / 7));
    return 0;
}
