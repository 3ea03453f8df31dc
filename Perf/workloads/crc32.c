/* CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) over a large buffer.
 * The hot loop is slice-by-8; it is checked against the standard check value
 * (CRC of "123456789" = 0xCBF43926), against a bit-at-a-time implementation over
 * the whole buffer, and against computing the CRC in two continued halves. */
#define WORKLOAD "crc32"
#include "common.h"

static uint32_t table[8][256];

static void make_tables(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
        table[0][i] = c;
    }
    for (int t = 1; t < 8; t++)
        for (int i = 0; i < 256; i++) table[t][i] = (table[t - 1][i] >> 8) ^ table[0][table[t - 1][i] & 0xff];
}

/* Continues a CRC: crc is the value returned for the preceding bytes (0 at the start). */
static uint32_t crc_slice8(uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    while (n && ((uintptr_t)p & 7)) { crc = (crc >> 8) ^ table[0][(crc ^ *p++) & 0xff]; n--; }
    for (; n >= 8; n -= 8, p += 8) {
        uint32_t lo = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
        uint32_t hi = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;
        lo ^= crc;
        crc = table[7][lo & 0xff] ^ table[6][(lo >> 8) & 0xff] ^ table[5][(lo >> 16) & 0xff] ^ table[4][lo >> 24] ^
              table[3][hi & 0xff] ^ table[2][(hi >> 8) & 0xff] ^ table[1][(hi >> 16) & 0xff] ^ table[0][hi >> 24];
    }
    while (n--) crc = (crc >> 8) ^ table[0][(crc ^ *p++) & 0xff];
    return ~crc;
}

static uint32_t crc_bitwise(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++) crc = (crc & 1) ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
    }
    return ~crc;
}

int main(int argc, char **argv)
{
    long scale = scale_arg(argc, argv);
    make_tables();
    const char *check = "123456789";
    CHECK(crc_slice8(0, (const uint8_t *)check, 9) == 0xCBF43926u, "check value (slice-by-8)");
    CHECK(crc_bitwise((const uint8_t *)check, 9) == 0xCBF43926u, "check value (bitwise)");

    const size_t size = 1u << 20;
    long rounds = scaled(1280, scale, 1);
    uint8_t *buf = malloc(size + 8);
    CHECK(buf != NULL, "out of memory");
    rng_seed(2);
    for (size_t i = 0; i < size + 8; i += 8) {
        uint64_t v = rng_next();
        memcpy(buf + i, &v, 8);
    }

    uint32_t crc = 0, combined = 0;
    for (long r = 0; r < rounds; r++) {
        /* Vary the start offset (alignment) and chain the previous CRC into the data. */
        size_t off = (size_t)r & 7;
        memcpy(buf + off, &crc, 4);
        crc = crc_slice8(0, buf + off, size);
        combined ^= crc + (uint32_t)r;
    }

    size_t off = (size_t)(rounds - 1) & 7;
    CHECK(crc_bitwise(buf + off, size) == crc, "bitwise CRC of last round differs");
    uint32_t halves = crc_slice8(crc_slice8(0, buf + off, size / 3), buf + off + size / 3, size - size / 3);
    CHECK(halves == crc, "continued CRC differs");

    printf("crc32: bytes=%lu last=%08x combined=%08x OK\n", (unsigned long)(size * rounds), crc, combined);
    free(buf);
    return 0;
}
