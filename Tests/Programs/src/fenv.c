/* Floating-point environment: rounding modes, exception flags, conversions, denormals, NaN comparisons. */
#include <stdio.h>
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <float.h>

static uint64_t bits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }

int main(void)
{
    static const int modes[] = { FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO };
    static const char *names[] = { "nearest", "upward", "downward", "towardzero" };
    volatile double one = 1.0, three = 3.0, big = 1e308, tiny = 1e-308, neg = -2.5;
    for (int m = 0; m < 4; m++) {
        fesetround(modes[m]);
        volatile double q = one / three, r = rint(neg), s = sqrt(2.0 * one);
        volatile float fq = (float)q;
        long l = lrint(2.5 * one);
        printf("%-10s 1/3=%016llx rint(-2.5)=%g sqrt2=%016llx (float)q=%.9g lrint(2.5)=%ld nearbyint(-0.5)=%g\n", names[m],
               (unsigned long long)bits(q), r, (unsigned long long)bits(s), fq, l, nearbyint(-0.5 * one));
    }
    fesetround(FE_TONEAREST);
    feclearexcept(FE_ALL_EXCEPT);
    volatile double x = one / three;
    printf("inexact %d\n", fetestexcept(FE_INEXACT) != 0);
    feclearexcept(FE_ALL_EXCEPT);
    x = big * 10.0;
    printf("overflow %d inexact %d value %g\n", fetestexcept(FE_OVERFLOW) != 0, fetestexcept(FE_INEXACT) != 0, x);
    feclearexcept(FE_ALL_EXCEPT);
    x = tiny / 1e10;
    printf("underflow %d value %g\n", fetestexcept(FE_UNDERFLOW) != 0, x);
    feclearexcept(FE_ALL_EXCEPT);
    x = one / (one - 1.0);
    printf("divbyzero %d value %g\n", fetestexcept(FE_DIVBYZERO) != 0, x);
    feclearexcept(FE_ALL_EXCEPT);
    x = sqrt(-one);
    printf("invalid %d value is nan %d\n", fetestexcept(FE_INVALID) != 0, isnan(x) != 0);
    feclearexcept(FE_ALL_EXCEPT);
    volatile double conv[] = { 1e20, -1e20, 3.99, -3.99, 2147483647.5, -2147483648.5, NAN, 4294967295.7 };
    for (int i = 0; i < 8; i++) {
        volatile int32_t i32 = (int32_t)conv[i];
        volatile uint32_t u32 = (uint32_t)conv[i];
        volatile int64_t i64 = (int64_t)conv[i];
        volatile uint64_t u64 = (uint64_t)conv[i];
        printf("convert %g: %d %u %lld %llu\n", conv[i], i32, u32, (long long)i64, (unsigned long long)u64);
    }
    printf("invalid after conversions %d\n", fetestexcept(FE_INVALID) != 0);
    volatile double den = DBL_MIN / 4.0;
    printf("denormal %a times 3 %a half min float %a\n", den, den * 3.0, (double)(FLT_MIN / 2.0f));
    volatile float fn = 1.0f / 3.0f;
    volatile double widened = fn;
    printf("float to double %.17g back %.9g\n", widened, (float)(widened * 3.0));
    fenv_t env;
    fegetenv(&env);
    fesetround(FE_UPWARD);
    fesetenv(&env);
    printf("round mode restored %d\n", fegetround() == FE_TONEAREST);
    volatile double fnan = NAN;
    printf("nan compares: %d %d %d fmax %g fmin %g\n", fnan == fnan, fnan < 1.0, fnan != fnan, fmax(fnan, 2.0), fmin(1.0, fnan));
    return 0;
}
