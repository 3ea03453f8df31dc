/* printf of floats and doubles in %f %e %g %a, specials and rounding. */
#include <stdio.h>
#include <math.h>
#include <float.h>

int main(void)
{
    double values[] = { 0.0, -0.0, 1.0, -1.5, 0.1, 1.0 / 3.0, 2.5, 3.5, 123456.789, 1e-300, 4.9e-324, DBL_MAX, DBL_MIN,
                        1e22, 1e23, 6.02214076e23, -2.718281828459045, 0.000123456, INFINITY, -INFINITY, NAN };
    for (unsigned i = 0; i < sizeof values / sizeof values[0]; i++) {
        double v = values[i];
        printf("%f | %.3f | %e | %.10e | %g | %.17g | %a | %10.2f | %-12.4g|\n", v, v, v, v, v, v, v, v, v);
    }
    float fv[] = { 0.1f, 1.0f / 3.0f, 16777217.0f, FLT_MAX, FLT_MIN, 1e-45f, -3.75f };
    for (unsigned i = 0; i < sizeof fv / sizeof fv[0]; i++)
        printf("float %.9g %a %f\n", fv[i], fv[i], fv[i]);
    for (int i = 0; i <= 10; i++) printf("%.0f %.1f ", i + 0.5, i * 0.05 + 0.025);
    printf("\n");
    long double ld = 1.0L / 3.0L;
    printf("long double %.30Lf %La\n", ld, ld);
    printf("%+.2e %08.3f %#.0f %#g\n", 12345.678, -3.14159, 7.0, 1.0);
    return 0;
}
