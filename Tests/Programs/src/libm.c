/* libm: elementary functions printed with full precision, plus rounding and classification. */
#include <stdio.h>
#include <math.h>

int main(void)
{
    double xs[] = { -10.5, -2.0, -1.0, -0.5, -0.0, 0.0, 1e-10, 0.25, 0.5, 1.0, 1.5, 2.0, 3.14159, 10.0, 100.0, 1e10 };
    for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        double x = xs[i];
        printf("x=%g sin %.17g cos %.17g tan %.17g exp %.17g\n", x, sin(x), cos(x), tan(x), exp(x));
        printf("   log %.17g log2 %.17g log10 %.17g sqrt %.17g cbrt %.17g\n", log(x), log2(x), log10(x), sqrt(x), cbrt(x));
        printf("   atan %.17g sinh %.17g tanh %.17g floor %g ceil %g round %g trunc %g rint %g\n",
               atan(x), sinh(x), tanh(x), floor(x), ceil(x), round(x), trunc(x), rint(x));
        printf("   pow(x,2.5) %.17g pow(2,x) %.17g atan2(x,-1) %.17g hypot %.17g fmod(x,0.7) %.17g\n",
               pow(x, 2.5), pow(2.0, x), atan2(x, -1.0), hypot(x, 3.0), fmod(x, 0.7));
    }
    float fx = 0.7f;
    printf("float: sinf %.9g expf %.9g logf %.9g powf %.9g sqrtf %.9g\n", sinf(fx), expf(fx), logf(fx), powf(fx, 3.3f), sqrtf(fx));
    printf("fma %.17g %.17g\n", fma(0.1, 10.0, -1.0), fmaf(0.1f, 10.0f, -1.0f));
    int e; double m = frexp(1234.5, &e);
    printf("frexp %.17g %d ldexp %.17g modf ", m, e, ldexp(0.75, 11));
    double ip; double fp = modf(-3.75, &ip);
    printf("%g %g\n", ip, fp);
    printf("lround %ld llrint %lld nearbyint %g remainder %g copysign %g\n", lround(-2.5), llrint(2.5), nearbyint(3.5), remainder(10.0, 3.0), copysign(2.0, -0.0));
    printf("classify: %d %d %d %d %d\n", fpclassify(0.0), fpclassify(1e-310), fpclassify(1.0), fpclassify(INFINITY), fpclassify(NAN));
    printf("isnan %d isinf %d signbit %d\n", isnan(sqrt(-1.0)) != 0, isinf(1.0 / 0.0) != 0, signbit(-0.0) != 0);
    printf("erf %.17g lgamma %.17g tgamma %.17g j0 %.17g expm1 %.17g log1p %.17g\n", erf(0.5), lgamma(7.5), tgamma(5.5), j0(2.0), expm1(1e-5), log1p(1e-5));
    return 0;
}
