/* SHA-256 (FIPS 180-4) over a large generated buffer, hashed repeatedly.
 * Self-check: the FIPS/NIST test vectors, and streaming in odd-sized pieces
 * must give the same digest as hashing in one call. */
#define WORKLOAD "sha256"
#include "common.h"

typedef struct {
    uint32_t h[8];
    uint64_t length;
    uint8_t block[64];
    size_t used;
} Sha256;

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static void compress(uint32_t h[8], const uint8_t *p)
{
    uint32_t w[64];
    for (int t = 0; t < 16; t++)
        w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 | (uint32_t)p[4 * t + 2] << 8 | p[4 * t + 3];
    for (int t = 16; t < 64; t++) {
        uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
        uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int t = 0; t < 64; t++) {
        uint32_t t1 = hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
        uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

static void sha_init(Sha256 *s)
{
    static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, iv, sizeof iv);
    s->length = 0;
    s->used = 0;
}

static void sha_update(Sha256 *s, const uint8_t *p, size_t n)
{
    s->length += n;
    if (s->used) {
        while (n && s->used < 64) { s->block[s->used++] = *p++; n--; }
        if (s->used < 64) return;
        compress(s->h, s->block);
        s->used = 0;
    }
    for (; n >= 64; n -= 64, p += 64) compress(s->h, p);
    memcpy(s->block, p, n); /* here used == 0 and n < 64 */
    s->used = n;
}

static void sha_final(Sha256 *s, uint8_t out[32])
{
    uint64_t bits = s->length * 8;
    s->block[s->used++] = 0x80;
    if (s->used > 56) {
        while (s->used < 64) s->block[s->used++] = 0;
        compress(s->h, s->block);
        s->used = 0;
    }
    while (s->used < 56) s->block[s->used++] = 0;
    for (int i = 0; i < 8; i++) s->block[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
    compress(s->h, s->block);
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 4; j++) out[4 * i + j] = (uint8_t)(s->h[i] >> (24 - 8 * j));
}

static void hex(const uint8_t d[32], char out[65])
{
    for (int i = 0; i < 32; i++) sprintf(out + 2 * i, "%02x", d[i]);
}

static void expect(const char *msg, size_t repeat, const char *want)
{
    Sha256 s;
    uint8_t d[32];
    char h[65];
    sha_init(&s);
    for (size_t i = 0; i < repeat; i++) sha_update(&s, (const uint8_t *)msg, strlen(msg));
    sha_final(&s, d);
    hex(d, h);
    CHECK(strcmp(h, want) == 0, "test vector \"%.20s\" x%zu: got %s want %s", msg, repeat, h, want);
}

int main(int argc, char **argv)
{
    long scale = scale_arg(argc, argv);
    expect("", 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect("abc", 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
           "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    expect("a", 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");

    const size_t size = 1u << 20;
    long rounds = scaled(256, scale, 1);
    uint8_t *buf = malloc(size);
    CHECK(buf != NULL, "out of memory");
    rng_seed(1);
    for (size_t i = 0; i < size; i += 8) {
        uint64_t v = rng_next();
        memcpy(buf + i, &v, 8);
    }

    uint8_t digest[32] = {0};
    for (long r = 0; r < rounds; r++) {
        memcpy(buf, digest, 32); /* chain: each round depends on the previous digest */
        Sha256 s;
        sha_init(&s);
        sha_update(&s, buf, size);
        sha_final(&s, digest);
    }

    /* Streaming the last buffer in odd-sized pieces must give the same digest. */
    uint8_t again[32];
    Sha256 s;
    sha_init(&s);
    for (size_t off = 0, piece = 1; off < size; off += piece, piece = piece * 3 % 1021 + 1) {
        size_t n = piece < size - off ? piece : size - off;
        sha_update(&s, buf + off, n);
    }
    sha_final(&s, again);
    CHECK(memcmp(again, digest, 32) == 0, "streamed digest differs from one-shot digest");

    char h[65];
    hex(digest, h);
    printf("sha256: bytes=%lu digest=%s OK\n", (unsigned long)(size * rounds), h);
    free(buf);
    return 0;
}
