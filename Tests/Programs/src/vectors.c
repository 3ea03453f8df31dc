/* GCC vector extensions and loops the compiler vectorises at -O2: integer and float lanes, saturating-style
   clamps, byte shuffles, reductions, mixed widths. */
#include <stdio.h>
#include <stdint.h>

typedef int32_t v4si __attribute__((vector_size(16)));
typedef float v4sf __attribute__((vector_size(16)));
typedef uint8_t v16qi __attribute__((vector_size(16)));
typedef int16_t v8hi __attribute__((vector_size(16)));
typedef double v2df __attribute__((vector_size(16)));

static int16_t a16[1024], b16[1024];
static int32_t wide[1024];
static uint8_t pix[4096];
static float fa[1000], fb[1000];

int main(void)
{
    v4si a = { 1, -2, 3, -4 }, b = { 10, 20, 30, 40 };
    v4si c = a * b + (b >> 1) - (a & 3);
    v4si m = a > 0;
    printf("v4si %d %d %d %d mask %d %d %d %d\n", c[0], c[1], c[2], c[3], m[0], m[1], m[2], m[3]);
    v4sf f = { 1.5f, -0.25f, 3.0f, 1e10f }, g = { 2.0f, 4.0f, -1.0f, 1e-10f };
    v4sf fr = f * g + f / g;
    printf("v4sf %.9g %.9g %.9g %.9g\n", fr[0], fr[1], fr[2], fr[3]);
    v16qi q = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
    v16qi sel = { 15, 0, 14, 1, 13, 2, 12, 3, 11, 4, 10, 5, 9, 6, 8, 7 };
    v16qi sh = __builtin_shuffle(q * 17, sel);
    for (int i = 0; i < 16; i++) printf("%02x", sh[i]);
    printf("\n");
    v8hi h = { 32767, -32768, 1000, -1000, 5, 6, 7, 8 };
    v8hi h2 = h + h;
    printf("v8hi wrap %d %d %d %d\n", h2[0], h2[1], h2[2], h2[3]);
    v2df d = { 1.0 / 3.0, -2.5 }, e = { 3.0, 0.1 };
    v2df dr = d * e - e;
    printf("v2df %.17g %.17g\n", dr[0], dr[1]);

    for (int i = 0; i < 1024; i++) { a16[i] = (int16_t)(i * 37 - 20000); b16[i] = (int16_t)(i * -53 + 9000); }
    for (int i = 0; i < 1024; i++) wide[i] = (int32_t)a16[i] * b16[i] + (a16[i] > b16[i] ? a16[i] : b16[i]);
    long long acc = 0; for (int i = 0; i < 1024; i++) acc += wide[i];
    printf("widening multiply sum %lld\n", acc);
    for (int i = 0; i < 4096; i++) pix[i] = (uint8_t)(i * 7 + (i >> 5));
    unsigned hist[8] = { 0 }; unsigned sad = 0;
    for (int i = 0; i < 4096; i++) { int v = pix[i] + 100; pix[i] = (uint8_t)(v > 255 ? 255 : v); }
    for (int i = 0; i < 4096; i++) hist[pix[i] >> 5]++;
    for (int i = 0; i < 2048; i++) { int d2 = pix[i] - pix[i + 2048]; sad += (unsigned)(d2 < 0 ? -d2 : d2); }
    printf("saturated histogram %u %u %u %u %u %u %u %u sad %u\n", hist[0], hist[1], hist[2], hist[3], hist[4], hist[5], hist[6], hist[7], sad);
    for (int i = 0; i < 1000; i++) { fa[i] = (float)i * 0.001f; fb[i] = 1.0f - (float)i * 0.0005f; }
    float dot = 0; for (int i = 0; i < 1000; i++) dot += fa[i] * fb[i];
    float mx = fa[0]; for (int i = 0; i < 1000; i++) mx = fa[i] * fb[i] > mx ? fa[i] * fb[i] : mx;
    printf("float dot %.9g max %.9g\n", dot, mx);
    return 0;
}
