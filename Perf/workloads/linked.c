/* Linked data structures: a chained hash table (singly linked lists) and a
 * binary search tree (treap with parent-free rotations) receive the same random
 * stream of insert/lookup/delete operations; every operation's answer must agree.
 * At the end an in-order walk of the tree, a merge sort of a linked list built
 * from the hash table, and the element counts must all agree. */
#define WORKLOAD "linked"
#include "common.h"

typedef struct Item { struct Item *next; uint64_t key; uint64_t value; } Item;
typedef struct Node { struct Node *left, *right; uint64_t key, value; uint32_t prio; } Node;

/* ---- hash table with chaining ---- */
static Item **buckets;
static uint64_t nbuckets;
static Item *free_items;

static inline uint64_t hash(uint64_t k) { k ^= k >> 29; k *= 0xBF58476D1CE4E5B9ULL; k ^= k >> 32; return k; }

static int ht_insert(uint64_t key, uint64_t value) /* 1 if new, 0 if updated */
{
    Item **b = &buckets[hash(key) & (nbuckets - 1)];
    for (Item *it = *b; it; it = it->next)
        if (it->key == key) { it->value = value; return 0; }
    Item *it = free_items;
    if (it) free_items = it->next; else it = malloc(sizeof *it);
    if (!it) FAIL("out of memory");
    it->key = key; it->value = value; it->next = *b; *b = it;
    return 1;
}

static Item *ht_find(uint64_t key)
{
    for (Item *it = buckets[hash(key) & (nbuckets - 1)]; it; it = it->next)
        if (it->key == key) return it;
    return NULL;
}

static int ht_delete(uint64_t key)
{
    for (Item **p = &buckets[hash(key) & (nbuckets - 1)]; *p; p = &(*p)->next)
        if ((*p)->key == key) { Item *it = *p; *p = it->next; it->next = free_items; free_items = it; return 1; }
    return 0;
}

/* ---- treap ---- */
static Node *free_nodes;

static Node *rotate_right(Node *n) { Node *l = n->left; n->left = l->right; l->right = n; return l; }
static Node *rotate_left(Node *n) { Node *r = n->right; n->right = r->left; r->left = n; return r; }

static Node *tr_insert(Node *n, uint64_t key, uint64_t value, int *added)
{
    if (!n) {
        Node *m = free_nodes;
        if (m) free_nodes = m->left; else m = malloc(sizeof *m);
        if (!m) FAIL("out of memory");
        m->left = m->right = NULL; m->key = key; m->value = value; m->prio = (uint32_t)rng_next();
        *added = 1;
        return m;
    }
    if (key < n->key) {
        n->left = tr_insert(n->left, key, value, added);
        if (n->left->prio > n->prio) n = rotate_right(n);
    } else if (key > n->key) {
        n->right = tr_insert(n->right, key, value, added);
        if (n->right->prio > n->prio) n = rotate_left(n);
    } else {
        n->value = value;
    }
    return n;
}

static Node *tr_find(Node *n, uint64_t key)
{
    while (n && n->key != key) n = key < n->key ? n->left : n->right;
    return n;
}

static Node *tr_delete(Node *n, uint64_t key, int *removed)
{
    if (!n) return NULL;
    if (key < n->key) n->left = tr_delete(n->left, key, removed);
    else if (key > n->key) n->right = tr_delete(n->right, key, removed);
    else {
        if (!n->left || !n->right) {
            Node *child = n->left ? n->left : n->right;
            n->left = free_nodes; free_nodes = n;
            *removed = 1;
            return child;
        }
        if (n->left->prio > n->right->prio) { n = rotate_right(n); n->right = tr_delete(n->right, key, removed); }
        else { n = rotate_left(n); n->left = tr_delete(n->left, key, removed); }
    }
    return n;
}

/* In-order walk without recursion (explicit stack): count, and check keys ascend. */
static long tr_walk(Node *root, uint64_t *key_sum, uint64_t *value_sum)
{
    Node *stack[256];
    int sp = 0;
    long count = 0;
    uint64_t prev = 0;
    Node *n = root;
    while (n || sp) {
        while (n) { CHECK(sp < 256, "treap too deep"); stack[sp++] = n; n = n->left; }
        n = stack[--sp];
        CHECK(count == 0 || n->key > prev, "in-order walk not ascending");
        prev = n->key;
        *key_sum += n->key;
        *value_sum += n->value;
        count++;
        n = n->right;
    }
    return count;
}

/* Merge sort of a singly linked list by key. */
static Item *list_sort(Item *head)
{
    if (!head || !head->next) return head;
    Item *slow = head, *fast = head->next;
    while (fast && fast->next) { slow = slow->next; fast = fast->next->next; }
    Item *second = slow->next;
    slow->next = NULL;
    Item *a = list_sort(head), *b = list_sort(second), out, *tail = &out;
    while (a && b) {
        if (a->key <= b->key) { tail->next = a; a = a->next; } else { tail->next = b; b = b->next; }
        tail = tail->next;
    }
    tail->next = a ? a : b;
    return out.next;
}

int main(int argc, char **argv)
{
    long scale = scale_arg(argc, argv);
    long ops = scaled(600000, scale, 1000);
    uint64_t key_space = (uint64_t)ops / 2 + 1;
    nbuckets = 1;
    while (nbuckets < key_space / 2) nbuckets <<= 1;
    buckets = calloc(nbuckets, sizeof *buckets);
    CHECK(buckets != NULL, "out of memory");

    Node *root = NULL;
    long size = 0, hits = 0, inserts = 0, deletes = 0;
    uint64_t found_sum = 0;
    rng_seed(4);
    for (long i = 0; i < ops; i++) {
        uint64_t r = rng_next();
        uint64_t key = (r >> 8) % key_space * 2654435761u;
        uint64_t value = r;
        switch (r & 3) {
        case 0: case 1: {
            int added = 0;
            root = tr_insert(root, key, value, &added);
            CHECK(ht_insert(key, value) == added, "insert disagrees at op %ld", i);
            size += added; inserts += added;
            break;
        }
        case 2: {
            Item *it = ht_find(key);
            Node *n = tr_find(root, key);
            CHECK((it == NULL) == (n == NULL) && (!it || it->value == n->value), "lookup disagrees at op %ld", i);
            if (it) { hits++; found_sum += it->value; }
            break;
        }
        default: {
            int removed = 0;
            root = tr_delete(root, key, &removed);
            CHECK(ht_delete(key) == removed, "delete disagrees at op %ld", i);
            size -= removed; deletes += removed;
            break;
        }
        }
    }

    uint64_t ks = 0, vs = 0;
    long walked = tr_walk(root, &ks, &vs);
    CHECK(walked == size, "tree holds %ld, expected %ld", walked, size);

    /* Gather the table into one list, sort it, compare with the tree's walk. */
    Item *all = NULL;
    for (uint64_t b = 0; b < nbuckets; b++)
        while (buckets[b]) { Item *it = buckets[b]; buckets[b] = it->next; it->next = all; all = it; }
    all = list_sort(all);
    long listed = 0;
    uint64_t ks2 = 0, vs2 = 0;
    for (Item *it = all; it; it = it->next) {
        CHECK(!it->next || it->key < it->next->key, "sorted list not ascending");
        CHECK(tr_find(root, it->key) != NULL, "list key missing from tree");
        ks2 += it->key; vs2 += it->value; listed++;
    }
    CHECK(listed == size && ks2 == ks && vs2 == vs, "table and tree contents differ");

    printf("linked: ops=%ld size=%ld inserts=%ld deletes=%ld hits=%ld found=%016llx keys=%016llx OK\n", ops, size,
           inserts, deletes, hits, (unsigned long long)found_sum, (unsigned long long)ks);
    return 0;
}
