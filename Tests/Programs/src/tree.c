/* Pointer-heavy data structures: a binary search tree with deletion, a doubly linked list, and a hash table
   with chaining, all on malloc'd nodes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node { int key; struct node *left, *right; };

static struct node *insert(struct node *t, int key)
{
    if (!t) { t = calloc(1, sizeof *t); t->key = key; return t; }
    if (key < t->key) t->left = insert(t->left, key); else if (key > t->key) t->right = insert(t->right, key);
    return t;
}
static struct node *erase(struct node *t, int key)
{
    if (!t) return NULL;
    if (key < t->key) t->left = erase(t->left, key);
    else if (key > t->key) t->right = erase(t->right, key);
    else {
        if (!t->left || !t->right) { struct node *c = t->left ? t->left : t->right; free(t); return c; }
        struct node *m = t->right; while (m->left) m = m->left;
        t->key = m->key; t->right = erase(t->right, m->key);
    }
    return t;
}
static int height(const struct node *t) { if (!t) return 0; int a = height(t->left), b = height(t->right); return 1 + (a > b ? a : b); }
static long walk(const struct node *t, long *count) { if (!t) return 0; long s = walk(t->left, count); ++*count; return s * 3 + t->key + walk(t->right, count); }
static void release(struct node *t) { if (t) { release(t->left); release(t->right); free(t); } }

struct item { char name[16]; int value; struct item *next, *prev; };

int main(void)
{
    struct node *root = NULL;
    unsigned s = 7;
    for (int i = 0; i < 6000; i++) { s = s * 1103515245u + 12345u; root = insert(root, (int)(s >> 12) % 50000); }
    long count = 0; long h = walk(root, &count);
    printf("tree: %ld keys, height %d, walk hash %ld\n", count, height(root), h);
    for (int k = 0; k < 50000; k += 3) root = erase(root, k);
    count = 0; h = walk(root, &count);
    printf("after erasing multiples of 3: %ld keys, height %d, walk hash %ld\n", count, height(root), h);
    release(root);

    struct item *head = NULL, *tail = NULL;
    for (int i = 0; i < 1000; i++) {
        struct item *it = malloc(sizeof *it);
        snprintf(it->name, sizeof it->name, "item%d", i); it->value = i * i % 1009;
        it->next = NULL; it->prev = tail;
        if (tail) tail->next = it; else head = it;
        tail = it;
    }
    for (struct item *it = head; it;) { struct item *n = it->next; if (it->value % 2) { if (it->prev) it->prev->next = n; else head = n; if (n) n->prev = it->prev; else tail = it->prev; free(it); } it = n; }
    long total = 0; int len = 0;
    for (struct item *it = tail; it; it = it->prev) { total += it->value; len++; }
    printf("list: %d items remain, value sum %ld, head %s tail %s\n", len, total, head->name, tail->name);
    while (head) { struct item *n = head->next; free(head); head = n; }

    enum { BUCKETS = 257 };
    struct item *table[BUCKETS] = { 0 };
    for (int i = 0; i < 5000; i++) {
        char key[16]; snprintf(key, sizeof key, "k%d", (i * 7919) % 3000);
        unsigned hh = 5381; for (char *p = key; *p; p++) hh = hh * 33 + (unsigned char)*p;
        struct item **b = &table[hh % BUCKETS], *it = *b;
        while (it && strcmp(it->name, key)) it = it->next;
        if (it) it->value++;
        else { it = malloc(sizeof *it); strcpy(it->name, key); it->value = 1; it->next = *b; *b = it; }
    }
    int entries = 0, longest = 0, twice = 0;
    for (int b = 0; b < BUCKETS; b++) {
        int l = 0;
        for (struct item *it = table[b]; it;) { struct item *n = it->next; l++; entries++; if (it->value == 2) twice++; free(it); it = n; }
        if (l > longest) longest = l;
    }
    printf("hash table: %d entries, longest chain %d, keys seen twice %d\n", entries, longest, twice);
    return 0;
}
