/* The ARMv8 Cryptographic Extension and CRC32 instructions through ACLE intrinsics (enabled per function):
   AES rounds, SHA-1 and SHA-256 schedule/hash steps, 64-bit polynomial multiply, CRC32/CRC32C; each result is
   checked against a plain C computation where one is short. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <arm_neon.h>
#include <arm_acle.h>

__attribute__((target("+crc")))
static uint32_t crc_hw(const uint8_t *p, size_t n, int castagnoli)
{
    uint32_t c = 0xFFFFFFFFu;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) { uint64_t v; memcpy(&v, p + i, 8); c = castagnoli ? __crc32cd(c, v) : __crc32d(c, v); }
    for (; i < n; i++) c = castagnoli ? __crc32cb(c, p[i]) : __crc32b(c, p[i]);
    return ~c;
}

static uint32_t crc_sw(const uint8_t *p, size_t n, uint32_t poly)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) { c ^= p[i]; for (int k = 0; k < 8; k++) c = (c >> 1) ^ (poly & (0u - (c & 1))); }
    return ~c;
}

static uint64_t clmul_lo(uint64_t a, uint64_t b, uint64_t *hi)
{
    uint64_t lo = 0, h = 0;
    for (int i = 0; i < 64; i++) if (b >> i & 1) { lo ^= a << i; if (i) h ^= a >> (64 - i); }
    *hi = h; return lo;
}

__attribute__((target("+crypto")))
static void crypto(void)
{
    uint8_t key[16], block[16];
    for (int i = 0; i < 16; i++) { key[i] = (uint8_t)(i * 17 + 3); block[i] = (uint8_t)(i * 29 + 101); }
    uint8x16_t st = vld1q_u8(block), k = vld1q_u8(key);
    for (int r = 0; r < 9; r++) { st = vaesmcq_u8(vaeseq_u8(st, k)); k = vaddq_u8(k, vdupq_n_u8(0x1B)); }
    st = vaeseq_u8(st, k);
    uint8x16_t dec = vaesimcq_u8(vaesdq_u8(st, k));
    uint8_t out[16], out2[16];
    vst1q_u8(out, st); vst1q_u8(out2, dec);
    printf("aes enc ");
    for (int i = 0; i < 16; i++) printf("%02x", out[i]);
    printf(" dec-step ");
    for (int i = 0; i < 16; i++) printf("%02x", out2[i]);
    printf("\n");
    uint32_t w[16];
    for (int i = 0; i < 16; i++) w[i] = 0x01020304u * (uint32_t)(i + 1) ^ 0x9E3779B9u;
    uint32x4_t abcd = vld1q_u32(w), w0 = vld1q_u32(w + 4), w1 = vld1q_u32(w + 8), w2 = vld1q_u32(w + 12);
    uint32_t e = 0xC3D2E1F0u;
    uint32x4_t s1 = vsha1cq_u32(abcd, e, w0);
    s1 = vsha1pq_u32(s1, vsha1h_u32(e), w1);
    s1 = vsha1mq_u32(s1, e ^ 0x55, w2);
    uint32x4_t sched = vsha1su1q_u32(vsha1su0q_u32(w0, w1, w2), w2);
    uint32x4_t h2 = vsha256hq_u32(abcd, w0, w1), h2b = vsha256h2q_u32(w0, abcd, w1);
    uint32x4_t s256 = vsha256su1q_u32(vsha256su0q_u32(w0, w1), w2, abcd);
    uint32_t r[4];
    vst1q_u32(r, s1); printf("sha1 %08x %08x %08x %08x\n", r[0], r[1], r[2], r[3]);
    vst1q_u32(r, sched); printf("sha1 schedule %08x %08x %08x %08x\n", r[0], r[1], r[2], r[3]);
    vst1q_u32(r, h2); printf("sha256h %08x %08x %08x %08x\n", r[0], r[1], r[2], r[3]);
    vst1q_u32(r, h2b); printf("sha256h2 %08x %08x %08x %08x\n", r[0], r[1], r[2], r[3]);
    vst1q_u32(r, s256); printf("sha256 schedule %08x %08x %08x %08x\n", r[0], r[1], r[2], r[3]);
    unsigned bad = 0;
    uint64_t a = 0xDEADBEEFCAFEBABEull, b = 0x0123456789ABCDEFull;
    for (int i = 0; i < 50; i++) {
        poly128_t p = vmull_p64((poly64_t)a, (poly64_t)b);
        uint64_t hi, lo = clmul_lo(a, b, &hi);
        if ((uint64_t)p != lo || (uint64_t)(p >> 64) != hi) bad++;
        a = a * 6364136223846793005ull + 1; b ^= a >> 3;
    }
    poly8x8_t pa = vcreate_p8(0x0102040810204080ull), pb = vcreate_p8(0xFF7F3F1F0F070301ull);
    poly16x8_t pm = vmull_p8(pa, pb);
    uint16_t pr[8]; vst1q_u16(pr, vreinterpretq_u16_p16(pm));
    printf("pmull64 mismatches %u, pmull8 %04x %04x %04x %04x\n", bad, pr[0], pr[3], pr[5], pr[7]);
}

int main(void)
{
    static uint8_t data[10007];
    for (size_t i = 0; i < sizeof data; i++) data[i] = (uint8_t)(i * 131 + (i >> 7));
    uint32_t c1 = crc_hw(data, sizeof data, 0), c2 = crc_sw(data, sizeof data, 0xEDB88320u);
    uint32_t c3 = crc_hw(data + 3, sizeof data - 3, 1), c4 = crc_sw(data + 3, sizeof data - 3, 0x82F63B78u);
    printf("crc32 %08x/%08x crc32c %08x/%08x\n", c1, c2, c3, c4);
    crypto();
    return c1 == c2 && c3 == c4 ? 0 : 1;
}
