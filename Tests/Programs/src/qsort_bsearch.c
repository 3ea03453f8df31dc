/* qsort on ints, doubles, strings and structs; bsearch for present and absent keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rec { int key; char name[12]; double weight; };

static int cmp_int(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int cmp_dbl(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static int cmp_rec(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    if (x->key != y->key) return (x->key > y->key) - (x->key < y->key);
    return strcmp(x->name, y->name);
}

int main(void)
{
    enum { N = 20000 };
    int *a = malloc(N * sizeof *a);
    unsigned s = 1;
    for (int i = 0; i < N; i++) { s = s * 1664525u + 1013904223u; a[i] = (int)(s >> 8) % 1000000 - 500000; }
    qsort(a, N, sizeof *a, cmp_int);
    unsigned bad = 0;
    for (int i = 1; i < N; i++) if (a[i - 1] > a[i]) bad++;
    int found = 0;
    for (int k = -500000; k < 500000; k += 4999) if (bsearch(&k, a, N, sizeof *a, cmp_int)) found++;
    printf("ints: min %d median %d max %d unsorted pairs %u bsearch hits %d\n", a[0], a[N / 2], a[N - 1], bad, found);

    double d[1000];
    for (int i = 0; i < 1000; i++) d[i] = (i * 7919 % 1000) / 7.0 - 50.0;
    qsort(d, 1000, sizeof d[0], cmp_dbl);
    printf("doubles: %.6f %.6f %.6f\n", d[0], d[500], d[999]);

    const char *words[] = { "pear", "apple", "fig", "banana", "kiwi", "cherry", "date", "grape", "lemon", "mango", "apricot" };
    const char *w[11];
    memcpy(w, words, sizeof w);
    qsort(w, 11, sizeof w[0], cmp_str);
    for (int i = 0; i < 11; i++) printf("%s%c", w[i], i == 10 ? '\n' : ' ');
    const char *key = "kiwi", *missing = "zucchini";
    printf("bsearch kiwi index %ld, zucchini %s\n", (long)((const char **)bsearch(&key, w, 11, sizeof w[0], cmp_str) - w),
           bsearch(&missing, w, 11, sizeof w[0], cmp_str) ? "found" : "absent");

    struct rec r[500];
    for (int i = 0; i < 500; i++) { r[i].key = (i * 37) % 50; snprintf(r[i].name, sizeof r[i].name, "n%d", i); r[i].weight = i * 0.5; }
    qsort(r, 500, sizeof r[0], cmp_rec);
    printf("records: first %d/%s last %d/%s\n", r[0].key, r[0].name, r[499].key, r[499].name);
    free(a);
    return bad ? 1 : 0;
}
