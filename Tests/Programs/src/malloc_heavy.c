/* Many allocations of varied sizes, realloc growth, calloc zeroing, free in shuffled order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static uint32_t rng = 12345;
static uint32_t next(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }

int main(void)
{
    enum { SLOTS = 512 };
    static unsigned char *slot[SLOTS];
    static size_t size[SLOTS];
    unsigned failures = 0; unsigned long allocated = 0, checksum = 0;
    for (int round = 0; round < 4000; round++) {
        unsigned i = next() % SLOTS;
        if (slot[i]) {
            for (size_t k = 0; k < size[i]; k++)
                if (slot[i][k] != (unsigned char)(i + k)) { failures++; break; }
            checksum += size[i];
            if (next() % 3 == 0 && size[i] < 20000) {
                size_t ns = size[i] * 2 + 1;
                unsigned char *p = realloc(slot[i], ns);
                if (!p) { printf("realloc failed\n"); return 2; }
                for (size_t k = size[i]; k < ns; k++) p[k] = (unsigned char)(i + k);
                slot[i] = p; size[i] = ns; allocated += ns;
                continue;
            }
            free(slot[i]); slot[i] = NULL;
        } else {
            uint32_t r = next();
            size_t n = r % 128 == 0 ? 4096 + r % 70000 : r % 300;
            unsigned char *p;
            if (r % 5 == 0) {
                p = calloc(n, 1);
                if (!p) { printf("calloc failed\n"); return 2; }
                for (size_t k = 0; k < n; k++) if (p[k]) { failures++; break; }
            } else {
                p = malloc(n);
                if (!p && n) { printf("malloc failed\n"); return 2; }
            }
            for (size_t k = 0; k < n; k++) p[k] = (unsigned char)(i + k);
            slot[i] = p; size[i] = n; allocated += n;
        }
    }
    unsigned live = 0;
    for (int i = 0; i < SLOTS; i++) if (slot[i]) { live++; free(slot[i]); }
    void *aligned = NULL;
    int rc = posix_memalign(&aligned, 4096, 10000);
    printf("posix_memalign rc %d aligned %d\n", rc, ((uintptr_t)aligned & 4095) == 0);
    free(aligned);
    unsigned char *big = malloc(32 << 20);
    if (big) for (size_t k = 0; k < (32u << 20); k += 4096) big[k] = (unsigned char)k;
    printf("32 MiB block %s\n", big ? "ok" : "failed");
    free(big);
    printf("allocated %lu bytes, checked %lu, live at end %u, failures %u\n", allocated, checksum, live, failures);
    return failures ? 1 : 0;
}
