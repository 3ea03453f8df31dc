/* Shared helpers for the A64Jit workload suite: deterministic RNG, size argument, failure exit. */
#ifndef A64JIT_WORKLOAD_COMMON_H
#define A64JIT_WORKLOAD_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* xorshift64* generator: same sequence on every host. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static inline void rng_seed(uint64_t s) { rng_state = s ? s : 0x9E3779B97F4A7C15ULL; }

static inline uint64_t rng_next(void)
{
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

/* Uniform double in [-1, 1). */
__attribute__((unused)) static inline double rng_unit(void) { return (double)(rng_next() >> 11) * (2.0 / 9007199254740992.0) - 1.0; }

/* argv[1] is the size: a percentage of the default work (100 = default, about 0.5-2 s natively). */
static long scale_arg(int argc, char **argv)
{
    if (argc < 2) return 100;
    char *end;
    long v = strtol(argv[1], &end, 10);
    if (*end != '\0' || v < 1 || v > 100000) {
        fprintf(stderr, "usage: %s [scale-percent 1..100000] (default 100)\n", argv[0]);
        exit(2);
    }
    return v;
}

/* n scaled by scale/100, at least lo. */
__attribute__((unused)) static long scaled(long n, long scale, long lo)
{
    long v = (long)((__int128)n * scale / 100);
    return v < lo ? lo : v;
}

/* Integer cube root of x (largest r with r^3 <= x). */
__attribute__((unused)) static long icbrt(long x)
{
    long r = 0;
    while ((r + 1) * (r + 1) * (r + 1) <= x) r++;
    return r;
}

#define FAIL(...)                                  \
    do {                                           \
        fprintf(stderr, "%s: FAILED: ", WORKLOAD); \
        fprintf(stderr, __VA_ARGS__);              \
        fputc('\n', stderr);                       \
        exit(1);                                   \
    } while (0)

#define CHECK(cond, ...)              \
    do {                              \
        if (!(cond)) FAIL(__VA_ARGS__); \
    } while (0)

#endif
