/* Sorting 64-bit keys: an introsort-style quicksort (median of three, insertion
 * sort for short ranges, heapsort when recursion gets deep) and, independently,
 * a bottom-up merge sort of the same data. The results must be identical, sorted,
 * and keep the input's order-independent checksums (sum and xor). */
#define WORKLOAD "sort"
#include "common.h"

static inline void swap(uint64_t *a, uint64_t *b) { uint64_t t = *a; *a = *b; *b = t; }

static void insertion(uint64_t *a, long n)
{
    for (long i = 1; i < n; i++) {
        uint64_t v = a[i];
        long j = i - 1;
        while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
        a[j + 1] = v;
    }
}

static void sift(uint64_t *a, long root, long n)
{
    for (;;) {
        long child = 2 * root + 1;
        if (child >= n) return;
        if (child + 1 < n && a[child + 1] > a[child]) child++;
        if (a[root] >= a[child]) return;
        swap(&a[root], &a[child]);
        root = child;
    }
}

static void heapsort(uint64_t *a, long n)
{
    for (long i = n / 2 - 1; i >= 0; i--) sift(a, i, n);
    for (long end = n - 1; end > 0; end--) { swap(&a[0], &a[end]); sift(a, 0, end); }
}

static void quick(uint64_t *a, long n, int depth)
{
    while (n > 24) {
        if (depth-- == 0) { heapsort(a, n); return; }
        long mid = n / 2;
        if (a[mid] < a[0]) swap(&a[mid], &a[0]);
        if (a[n - 1] < a[0]) swap(&a[n - 1], &a[0]);
        if (a[n - 1] < a[mid]) swap(&a[n - 1], &a[mid]);
        uint64_t pivot = a[mid];
        long i = 0, j = n - 1;
        for (;;) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i >= j) break;
            swap(&a[i], &a[j]);
            i++; j--;
        }
        /* Recurse into the smaller part, loop on the larger. */
        if (j + 1 < n - j - 1) { quick(a, j + 1, depth); a += j + 1; n -= j + 1; }
        else { quick(a + j + 1, n - j - 1, depth); n = j + 1; }
    }
    insertion(a, n);
}

static void merge_sort(uint64_t *a, uint64_t *tmp, long n)
{
    uint64_t *src = a, *dst = tmp;
    for (long width = 1; width < n; width *= 2) {
        for (long lo = 0; lo < n; lo += 2 * width) {
            long mid = lo + width < n ? lo + width : n;
            long hi = lo + 2 * width < n ? lo + 2 * width : n;
            long i = lo, j = mid, k = lo;
            while (i < mid && j < hi) dst[k++] = src[j] < src[i] ? src[j++] : src[i++];
            while (i < mid) dst[k++] = src[i++];
            while (j < hi) dst[k++] = src[j++];
        }
        uint64_t *t = src; src = dst; dst = t;
    }
    if (src != a) memcpy(a, src, (size_t)n * sizeof *a);
}

int main(int argc, char **argv)
{
    long scale = scale_arg(argc, argv);
    long n = scaled(5000000, scale, 100);
    uint64_t *a = malloc((size_t)n * sizeof *a), *b = malloc((size_t)n * sizeof *b), *t = malloc((size_t)n * sizeof *t);
    CHECK(a && b && t, "out of memory");
    rng_seed(3);
    uint64_t sum = 0, xr = 0;
    for (long i = 0; i < n; i++) {
        /* A mix of distinct keys, many duplicates and sorted runs. */
        uint64_t r = rng_next();
        uint64_t v = (i % 5 == 0) ? (r & 1023) : (i % 7 == 0) ? (uint64_t)i * 3 : r;
        a[i] = b[i] = v;
        sum += v;
        xr ^= v;
    }

    int depth = 0;
    for (long m = n; m > 1; m >>= 1) depth += 2;
    quick(a, n, depth);
    merge_sort(b, t, n);

    uint64_t sum2 = 0, xr2 = 0, digest = 1469598103934665603ULL;
    for (long i = 0; i < n; i++) {
        CHECK(a[i] == b[i], "quicksort and merge sort differ at %ld", i);
        CHECK(i == 0 || a[i - 1] <= a[i], "not sorted at %ld", i);
        sum2 += a[i];
        xr2 ^= a[i];
        digest = (digest ^ (a[i] * (uint64_t)(i + 1))) * 1099511628211ULL;
    }
    CHECK(sum == sum2 && xr == xr2, "checksums changed by sorting");

    /* Heapsort of a sample, independently, must match too. */
    long m = n < 100000 ? n : 100000;
    rng_seed(3);
    for (long i = 0; i < m; i++) t[i] = rng_next();
    memcpy(b, t, (size_t)m * sizeof *b);
    heapsort(t, m);
    merge_sort(b, a, m);
    CHECK(memcmp(t, b, (size_t)m * sizeof *b) == 0, "heapsort and merge sort differ");

    printf("sort: n=%ld min=%llu max=%llu digest=%016llx OK\n", n, (unsigned long long)b[0],
           (unsigned long long)b[m - 1], (unsigned long long)digest);
    free(a); free(b); free(t);
    return 0;
}
