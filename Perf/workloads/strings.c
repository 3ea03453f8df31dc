/* String processing over generated text: tokenising, a word-frequency table
 * (string hashing and comparison), pattern search with Knuth-Morris-Pratt
 * checked against a naive search, and an in-place word reversal + case
 * transformation checked by undoing it. */
#define WORKLOAD "strings"
#include "common.h"

static const char *syllables[] = {"ka", "lo", "mi", "ne", "ru", "sta", "tor", "vel", "qua", "in",
                                  "ex", "po", "de", "ri", "um", "an", "sel", "tri", "zo", "ha"};

typedef struct Entry { struct Entry *next; const char *word; uint32_t len, count; } Entry;

static uint32_t fnv(const char *s, uint32_t n)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < n; i++) h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

static long kmp_count(const char *text, long n, const char *pat, long m, long *fail)
{
    fail[0] = 0;
    for (long i = 1, k = 0; i < m; i++) {
        while (k && pat[i] != pat[k]) k = fail[k - 1];
        if (pat[i] == pat[k]) k++;
        fail[i] = k;
    }
    long count = 0;
    for (long i = 0, k = 0; i < n; i++) {
        while (k && text[i] != pat[k]) k = fail[k - 1];
        if (text[i] == pat[k]) k++;
        if (k == m) { count++; k = fail[k - 1]; }
    }
    return count;
}

static long naive_count(const char *text, long n, const char *pat, long m)
{
    long count = 0;
    for (long i = 0; i + m <= n; i++) {
        long j = 0;
        while (j < m && text[i + j] == pat[j]) j++;
        if (j == m) count++;
    }
    return count;
}

static inline int is_lower(char c) { return c >= 'a' && c <= 'z'; }

int main(int argc, char **argv)
{
    long scale = scale_arg(argc, argv);
    long words = scaled(4000000, scale, 100);
    size_t cap = (size_t)words * 16 + 16;
    char *text = malloc(cap), *copy = malloc(cap);
    CHECK(text && copy, "out of memory");

    /* Generate: words of 1..4 syllables (Zipf-like skew), separated by spaces and punctuation. */
    rng_seed(8);
    long len = 0;
    for (long w = 0; w < words; w++) {
        uint64_t r = rng_next();
        int syl = 1 + (int)(r & 3);
        for (int s = 0; s < syl; s++) {
            uint64_t pick = (r >> (8 + 6 * s)) & 63;
            const char *p = syllables[(pick * pick) >> 8 < 20 ? (pick * pick) >> 8 : pick % 20];
            while (*p) text[len++] = *p++;
        }
        text[len++] = (r >> 40) % 13 == 0 ? ',' : (r >> 40) % 17 == 0 ? '.' : ' ';
    }
    text[len] = '\0';
    memcpy(copy, text, (size_t)len + 1);

    /* Word frequencies. */
    size_t nb = 1 << 16;
    Entry **table = calloc(nb, sizeof *table);
    Entry *pool = malloc(sizeof(Entry) * 200000);
    CHECK(table && pool, "out of memory");
    long distinct = 0, counted = 0;
    for (long i = 0; i < len;) {
        while (i < len && !is_lower(text[i])) i++;
        long start = i;
        while (i < len && is_lower(text[i])) i++;
        if (i == start) break;
        uint32_t n = (uint32_t)(i - start);
        uint32_t h = fnv(text + start, n);
        Entry *e = table[h & (nb - 1)];
        while (e && !(e->len == n && memcmp(e->word, text + start, n) == 0)) e = e->next;
        if (!e) {
            CHECK(distinct < 200000, "too many distinct words");
            e = &pool[distinct++];
            e->word = text + start; e->len = n; e->count = 0;
            e->next = table[h & (nb - 1)]; table[h & (nb - 1)] = e;
        }
        e->count++;
        counted++;
    }
    CHECK(counted == words, "tokenised %ld words, generated %ld", counted, words);
    Entry *top = &pool[0];
    uint64_t total = 0;
    for (long d = 0; d < distinct; d++) {
        total += pool[d].count;
        if (pool[d].count > top->count ||
            (pool[d].count == top->count && (pool[d].len < top->len ||
             (pool[d].len == top->len && memcmp(pool[d].word, top->word, top->len) < 0))))
            top = &pool[d];
    }
    CHECK(total == (uint64_t)words, "frequency total %llu", (unsigned long long)total);

    /* Pattern search. */
    static const char *patterns[] = {"kalo", "sta tor", "quain", "ka ka", "tritri", "ha.", "velvelvel", "ne, "};
    long fail[64], matches = 0;
    for (int p = 0; p < 8; p++) {
        long m = (long)strlen(patterns[p]);
        long k = kmp_count(text, len, patterns[p], m, fail);
        CHECK(k == naive_count(text, len, patterns[p], m), "KMP and naive search differ for \"%s\"", patterns[p]);
        matches += k;
    }

    /* Reverse every word and swap case, then undo it; the text must come back. */
    uint32_t mixed = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (long i = 0; i < len;) {
            while (i < len && (text[i] == ' ' || text[i] == ',' || text[i] == '.')) i++;
            long start = i;
            while (i < len && text[i] != ' ' && text[i] != ',' && text[i] != '.') i++;
            for (long a = start, b = i - 1; a < b; a++, b--) { char t = text[a]; text[a] = text[b]; text[b] = t; }
            for (long a = start; a < i; a++) text[a] ^= 0x20;
        }
        if (pass == 0) mixed = fnv(text, (uint32_t)(len < 4000000 ? len : 4000000));
    }
    CHECK(memcmp(text, copy, (size_t)len) == 0, "reversal did not round-trip");

    printf("strings: words=%ld bytes=%ld distinct=%ld top=%.*s:%u matches=%ld mixed=%08x OK\n", words, len, distinct,
           (int)top->len, top->word, top->count, matches, mixed);
    return 0;
}
