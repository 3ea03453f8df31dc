/* Double-precision matrix multiply, blocked i-k-j order, accumulated reps
 * times: C = reps * A * B.
 * Checked with Freivalds' method in floating point: for random vectors x, reps *
 * A * (B * x) must match C * x to a relative tolerance, and sampled entries
 * recomputed as plain dot products must match to a tight tolerance. */
#define WORKLOAD "matmul_double"
#include "common.h"

static double fabs_(double v) { return v < 0 ? -v : v; }

int main(int argc, char **argv)
{
    long scale = scale_arg(argc, argv);
    const long n = 320;
    long reps = scaled(56, scale, 1);
    size_t nn = (size_t)n * n;
    double *a = malloc(nn * 8), *b = malloc(nn * 8), *c = calloc(nn, 8);
    double *x = malloc(n * 8), *bx = malloc(n * 8), *abx = malloc(n * 8), *cx = malloc(n * 8);
    CHECK(a && b && c && x && bx && abx && cx, "out of memory");
    rng_seed(6);
    for (size_t i = 0; i < nn; i++) { a[i] = rng_unit(); b[i] = rng_unit(); }

    const long bs = 64;
    for (long r = 0; r < reps; r++)
    for (long i0 = 0; i0 < n; i0 += bs)
        for (long k0 = 0; k0 < n; k0 += bs)
            for (long i = i0; i < i0 + bs && i < n; i++) {
                double *ci = c + i * n;
                for (long k = k0; k < k0 + bs && k < n; k++) {
                    double aik = a[i * n + k];
                    const double *bk = b + k * n;
                    for (long j = 0; j < n; j++) ci[j] += aik * bk[j];
                }
            }

    double worst = 0;
    for (int trial = 0; trial < 3; trial++) {
        for (long j = 0; j < n; j++) x[j] = rng_unit();
        for (long i = 0; i < n; i++) {
            double s = 0, t = 0;
            for (long j = 0; j < n; j++) { s += b[i * n + j] * x[j]; t += c[i * n + j] * x[j]; }
            bx[i] = s; cx[i] = t;
        }
        double norm = 0;
        for (long i = 0; i < n; i++) {
            double s = 0;
            for (long j = 0; j < n; j++) s += a[i * n + j] * bx[j];
            abx[i] = s * (double)reps;
            norm += fabs_(abx[i]);
        }
        norm /= (double)n;
        for (long i = 0; i < n; i++) {
            double d = fabs_(abx[i] - cx[i]) / norm;
            if (d > worst) worst = d;
        }
    }
    CHECK(worst < 1e-9, "Freivalds check failed: relative error %g", worst);
    for (long e = 0; e < 16; e++) {
        long i = (long)(rng_next() % (uint64_t)n), j = (long)(rng_next() % (uint64_t)n);
        double s = 0;
        for (long k = 0; k < n; k++) s += a[i * n + k] * b[k * n + j];
        CHECK(fabs_(s * (double)reps - c[i * n + j]) < 1e-12 * (double)(n * reps), "entry (%ld,%ld) differs", i, j);
    }

    double sum = 0, trace = 0;
    for (size_t i = 0; i < nn; i++) sum += c[i];
    for (long i = 0; i < n; i++) trace += c[i * n + i];
    printf("matmul_double: n=%ld reps=%ld sum=%.10e trace=%.10e OK\n", n, reps, sum, trace);
    return 0;
}
