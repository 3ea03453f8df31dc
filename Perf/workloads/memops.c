/* memcpy/memset/memmove-heavy work: random-sized (1 byte to 576 KiB), randomly
 * aligned copies, fills and overlapping moves over a 16 MiB arena, through the
 * C library. The first round is replayed with byte-at-a-time reference
 * implementations on a second arena and both must agree byte for byte; every
 * round ends with a checksum that feeds the next round's choices. */
#define WORKLOAD "memops"
#include "common.h"

#define ARENA (16u << 20)

/* Reference implementations; the optimize attribute keeps the compiler from
 * turning the loops back into library calls. */
__attribute__((optimize("no-tree-loop-distribute-patterns"))) static void ref_copy(uint8_t *d, const uint8_t *s, size_t n)
{
    if (d < s) for (size_t i = 0; i < n; i++) d[i] = s[i];
    else for (size_t i = n; i-- > 0;) d[i] = s[i];
}

__attribute__((optimize("no-tree-loop-distribute-patterns"))) static void ref_fill(uint8_t *d, uint8_t v, size_t n)
{
    for (size_t i = 0; i < n; i++) d[i] = v;
}

static size_t pick_size(uint64_t r)
{
    switch (r & 7) {
    case 0: case 1: case 2: return 1 + (r >> 8) % 64;          /* small */
    case 3: case 4: return 64 + (r >> 8) % 4032;                /* medium */
    case 5: case 6: return 4096 + (r >> 8) % 61440;             /* large */
    default: return 65536 + (r >> 8) % (1u << 19);              /* huge */
    }
}

static uint64_t checksum(const uint8_t *p, size_t n)
{
    uint64_t h = 0;
    for (size_t i = 0; i + 8 <= n; i += 8) {
        uint64_t v;
        memcpy(&v, p + i, 8);
        h = (h ^ v) * 0x100000001B3ULL + (h >> 29);
    }
    return h;
}

/* One round of operations; reference = 1 uses the byte loops. Returns bytes touched. */
static uint64_t round_ops(uint8_t *arena, uint64_t seed, long ops, int reference)
{
    rng_seed(seed);
    uint64_t touched = 0;
    for (long k = 0; k < ops; k++) {
        uint64_t r = rng_next(), q = rng_next();
        size_t n = pick_size(r);
        size_t dst = (size_t)(q % (ARENA - n)), src = (size_t)((q >> 32) * 2654435761u % (ARENA - n));
        switch ((r >> 4) & 3) {
        case 0: /* non-overlapping copy when possible, else treated as a move */
        case 1:
            if (dst + n <= src || src + n <= dst) {
                if (reference) ref_copy(arena + dst, arena + src, n); else memcpy(arena + dst, arena + src, n);
                break;
            }
            /* fall through */
        case 2: { /* overlapping move, a short distance away */
            size_t s2 = dst + ((r >> 32) % 97) < ARENA - n ? dst + ((r >> 32) % 97) : dst;
            if (reference) ref_copy(arena + dst, arena + s2, n); else memmove(arena + dst, arena + s2, n);
            break;
        }
        default:
            if (reference) ref_fill(arena + dst, (uint8_t)(r >> 56), n); else memset(arena + dst, (int)(r >> 56), n);
            break;
        }
        touched += n;
    }
    return touched;
}

int main(int argc, char **argv)
{
    long scale = scale_arg(argc, argv);
    const long ops_per_round = 4000;
    long total = scaled(48 * ops_per_round, scale, 100);
    long rounds = (total + ops_per_round - 1) / ops_per_round;
    uint8_t *arena = malloc(ARENA), *shadow = malloc(ARENA);
    CHECK(arena && shadow, "out of memory");
    rng_seed(10);
    for (size_t i = 0; i < ARENA; i += 8) { uint64_t v = rng_next(); memcpy(arena + i, &v, 8); }
    memcpy(shadow, arena, ARENA);

    uint64_t seed = 11, touched = 0, sum = 0;
    for (long r = 0; r < rounds; r++) {
        long ops = r == rounds - 1 ? total - r * ops_per_round : ops_per_round;
        touched += round_ops(arena, seed, ops, 0);
        if (r == 0) {
            round_ops(shadow, seed, ops, 1);
            CHECK(memcmp(arena, shadow, ARENA) == 0, "library and reference results differ after round 0");
        }
        sum = checksum(arena, ARENA);
        seed = sum | 1;
    }
    printf("memops: rounds=%ld bytes=%llu checksum=%016llx OK\n", rounds, (unsigned long long)touched,
           (unsigned long long)sum);
    return 0;
}
