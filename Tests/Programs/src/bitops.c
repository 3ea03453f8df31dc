/* Bit manipulation: clz/ctz/popcount/parity, byte swaps, rotates, bit-field structs, shifts by variable amounts. */
#include <stdio.h>
#include <stdint.h>

struct flags { unsigned a : 3; signed b : 5; unsigned c : 12; unsigned long long d : 40; };

static uint32_t reverse32(uint32_t x)
{
    uint32_t r = 0;
    for (int i = 0; i < 32; i++) { r = (r << 1) | (x & 1); x >>= 1; }
    return r;
}

int main(void)
{
    volatile uint64_t vals[] = { 1, 2, 3, 0x80, 0xFF, 0x1234, 0x80000000u, 0xFFFFFFFFu, 0x100000000ull, 0x8000000000000000ull,
                                 0xDEADBEEFCAFEBABEull, 0x0F0F0F0F0F0F0F0Full, 0xFFFFFFFFFFFFFFFFull };
    uint64_t h = 0;
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        uint64_t v = vals[i]; uint32_t w = (uint32_t)v;
        printf("%016llx clz %2d ctz %2d pop %2d parity %d | 32: clz %2d pop %2d bswap %08x rev %08x | bswap64 %016llx\n",
               (unsigned long long)v, __builtin_clzll(v), __builtin_ctzll(v), __builtin_popcountll(v), __builtin_parityll(v),
               w ? __builtin_clz(w) : 32, __builtin_popcount(w), __builtin_bswap32(w), reverse32(w), (unsigned long long)__builtin_bswap64(v));
        for (volatile int s = 0; s < 64; s += 7) {
            uint64_t rot = (v << s) | (v >> ((64 - s) & 63));
            int64_t sar = (int64_t)v >> s;
            h = h * 1000003 ^ rot ^ (uint64_t)sar ^ (v >> s);
        }
    }
    printf("shift/rotate hash %016llx\n", (unsigned long long)h);
    printf("bswap16 %04x clrsb %d ffs %d %d\n", __builtin_bswap16(0xABCD), __builtin_clrsbll(-5), __builtin_ffs(0), __builtin_ffs(0x50));
    struct flags f = { 0 };
    for (int i = 0; i < 20; i++) {
        f.a += 3; f.b -= 7; f.c = f.c * 5 + 1; f.d = f.d * 33 + (unsigned long long)i;
    }
    printf("bitfields a %u b %d c %u d %llu\n", f.a, f.b, f.c, (unsigned long long)f.d);
    volatile uint8_t u8 = 200; volatile int8_t s8 = -100; volatile uint16_t u16 = 60000; volatile int16_t s16 = -30000;
    printf("promotions %d %d %d %d %u %d\n", u8 + u8, s8 * 2, u16 * 2, s16 - 30000, (uint8_t)(u8 + u8), (int8_t)(s8 - 100));
    int sign_ext = (int)(int8_t)0xF0; unsigned zero_ext = (unsigned)(uint8_t)0xF0;
    printf("extend %d %u %lld %llu\n", sign_ext, zero_ext, (long long)(int32_t)0x80000000u, (unsigned long long)(uint32_t)-1);
    return 0;
}
