/* String functions on large buffers at every alignment, checked against simple loops. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned failures;
#define CHECK(cond, ...) do { if (!(cond)) { failures++; printf("FAIL: " __VA_ARGS__); printf("\n"); } } while (0)

static size_t my_strlen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }
static int sign(int v) { return (v > 0) - (v < 0); }
static int my_strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) { a++; b++; }
    return sign((unsigned char)*a - (unsigned char)*b);
}

int main(void)
{
    enum { N = 9000 };
    char *buf = malloc(N + 64), *other = malloc(N + 64);
    unsigned long total = 0;
    for (int align = 0; align < 16; align++) {
        for (size_t len = 0; len < N; len = len * 3 + 1 + align) {
            char *s = buf + align;
            for (size_t i = 0; i < len; i++) s[i] = (char)('a' + (i * 7 + align) % 26);
            s[len] = 0;
            CHECK(strlen(s) == my_strlen(s), "strlen align %d len %zu", align, len);
            char *d = other + (15 - align);
            strcpy(d, s);
            CHECK(strcmp(d, s) == 0, "strcpy/strcmp align %d len %zu", align, len);
            if (len > 0) {
                d[len - 1] ^= 1;
                CHECK(sign(strcmp(d, s)) == my_strcmp(d, s), "strcmp diff align %d len %zu", align, len);
                CHECK(strncmp(d, s, len - 1) == 0, "strncmp align %d len %zu", align, len);
                d[len - 1] ^= 1;
                char c = s[len / 2];
                char *p = strchr(s, c);
                size_t first = 0; while (s[first] != c) first++;
                CHECK(p == s + first, "strchr align %d len %zu", align, len);
                char *r = strrchr(s, c);
                size_t last = len - 1; while (s[last] != c) last--;
                CHECK(r == s + last, "strrchr align %d len %zu", align, len);
            }
            CHECK(strchr(s, 'Z') == NULL, "strchr absent align %d len %zu", align, len);
            CHECK(strchr(s, 0) == s + len, "strchr nul align %d len %zu", align, len);
            CHECK(strnlen(s, len / 2) == len / 2, "strnlen align %d len %zu", align, len);
            total += len;
        }
    }
    /* strstr, strspn, strcspn, strcat, strtok on a long text */
    strcpy(buf, "");
    for (int i = 0; i < 200; i++) {
        char word[32];
        snprintf(word, sizeof word, "w%03d,", i);
        strcat(buf, word);
    }
    printf("strcat length %zu\n", strlen(buf));
    char *hit = strstr(buf, "w150,w151");
    printf("strstr offset %ld\n", hit ? (long)(hit - buf) : -1L);
    printf("strstr missing %s\n", strstr(buf, "w200") ? "found" : "absent");
    printf("strspn %zu strcspn %zu\n", strspn(buf, "w0"), strcspn(buf, ","));
    int tokens = 0; unsigned sum = 0;
    for (char *t = strtok(buf, ","); t; t = strtok(NULL, ",")) { tokens++; sum += (unsigned)atoi(t + 1); }
    printf("strtok tokens %d sum %u\n", tokens, sum);
    char *dup = strdup("Duplicate Me");
    printf("strdup %s casecmp %d\n", dup, strcasecmp(dup, "DUPLICATE me") == 0);
    free(dup);
    printf("checked total length %lu, failures %u\n", total, failures);
    free(buf); free(other);
    return failures ? 1 : 0;
}
