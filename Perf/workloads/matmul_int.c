/* Integer matrix multiply (32-bit, wrapping), i-k-j loop order, accumulated
 * reps times: C = reps * A * B.
 * Checked with Freivalds' method: for several random vectors x, reps * A * (B * x)
 * must equal C * x exactly (all arithmetic modulo 2^32), plus a few entries
 * recomputed as plain dot products. */
#define WORKLOAD "matmul_int"
#include "common.h"

int main(int argc, char **argv)
{
    long scale = scale_arg(argc, argv);
    const long n = 384;
    long reps = scaled(80, scale, 1);
    size_t nn = (size_t)n * n;
    uint32_t *a = malloc(nn * 4), *b = malloc(nn * 4), *c = calloc(nn, 4);
    uint32_t *x = malloc(n * 4), *bx = malloc(n * 4), *abx = malloc(n * 4), *cx = malloc(n * 4);
    CHECK(a && b && c && x && bx && abx && cx, "out of memory");
    rng_seed(5);
    for (size_t i = 0; i < nn; i++) { a[i] = (uint32_t)rng_next(); b[i] = (uint32_t)rng_next(); }

    for (long r = 0; r < reps; r++)
    for (long i = 0; i < n; i++) {
        uint32_t *ci = c + i * n;
        for (long k = 0; k < n; k++) {
            uint32_t aik = a[i * n + k];
            const uint32_t *bk = b + k * n;
            for (long j = 0; j < n; j++) ci[j] += aik * bk[j];
        }
    }

    for (int trial = 0; trial < 3; trial++) {
        for (long j = 0; j < n; j++) x[j] = (uint32_t)rng_next();
        for (long i = 0; i < n; i++) {
            uint32_t s = 0, t = 0;
            for (long j = 0; j < n; j++) { s += b[i * n + j] * x[j]; t += c[i * n + j] * x[j]; }
            bx[i] = s; cx[i] = t;
        }
        for (long i = 0; i < n; i++) {
            uint32_t s = 0;
            for (long j = 0; j < n; j++) s += a[i * n + j] * bx[j];
            abx[i] = s * (uint32_t)reps;
        }
        for (long i = 0; i < n; i++) CHECK(abx[i] == cx[i], "Freivalds check failed at row %ld", i);
    }
    for (long e = 0; e < 16; e++) {
        long i = (long)(rng_next() % (uint64_t)n), j = (long)(rng_next() % (uint64_t)n);
        uint32_t s = 0;
        for (long k = 0; k < n; k++) s += a[i * n + k] * b[k * n + j];
        CHECK(s * (uint32_t)reps == c[i * n + j], "entry (%ld,%ld) differs", i, j);
    }

    uint64_t digest = 0;
    for (size_t i = 0; i < nn; i++) digest = digest * 31 + c[i];
    printf("matmul_int: n=%ld reps=%ld c00=%u digest=%016llx OK\n", n, reps, c[0], (unsigned long long)digest);
    return 0;
}
