/* Dense linear algebra: integer and double matrix products, Gaussian elimination, transposes at odd sizes. */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

enum { N = 61 };
static double A[N][N], B[N][N], C[N][N];
static int IA[N][N], IB[N][N];
static long long IC[N][N];

int main(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            A[i][j] = (double)((i * 13 + j * 7) % 17) - 8.0 + (i == j ? 40.0 : 0.0);
            B[i][j] = sin(i * 0.3) * cos(j * 0.2);
            IA[i][j] = (i * 31 + j * 17) % 201 - 100;
            IB[i][j] = (i * 7 - j * 11) % 97;
        }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double s = 0; long long t = 0;
            for (int k = 0; k < N; k++) { s += A[i][k] * B[k][j]; t += (long long)IA[i][k] * IB[k][j]; }
            C[i][j] = s; IC[i][j] = t;
        }
    double trace = 0; long long itrace = 0, isum = 0;
    for (int i = 0; i < N; i++) { trace += C[i][i]; itrace += IC[i][i]; for (int j = 0; j < N; j++) isum += IC[i][j] * (j + 1); }
    printf("double trace %.17g int trace %lld weighted sum %lld\n", trace, itrace, isum);
    /* solve A x = b with partial pivoting, b = A * ones */
    static double M[N][N + 1];
    for (int i = 0; i < N; i++) { double b = 0; for (int j = 0; j < N; j++) { M[i][j] = A[i][j]; b += A[i][j]; } M[i][N] = b; }
    for (int col = 0; col < N; col++) {
        int piv = col;
        for (int r = col + 1; r < N; r++) if (fabs(M[r][col]) > fabs(M[piv][col])) piv = r;
        for (int k = 0; k <= N; k++) { double t = M[col][k]; M[col][k] = M[piv][k]; M[piv][k] = t; }
        for (int r = col + 1; r < N; r++) {
            double f = M[r][col] / M[col][col];
            for (int k = col; k <= N; k++) M[r][k] -= f * M[col][k];
        }
    }
    double x[N], maxerr = 0;
    for (int i = N - 1; i >= 0; i--) {
        double s = M[i][N];
        for (int k = i + 1; k < N; k++) s -= M[i][k] * x[k];
        x[i] = s / M[i][i];
        if (fabs(x[i] - 1.0) > maxerr) maxerr = fabs(x[i] - 1.0);
    }
    printf("solution x[0] %.17g x[%d] %.17g max error below 1e-9: %d\n", x[0], N - 1, x[N - 1], maxerr < 1e-9);
    float fm[7][5], ft[5][7];
    for (int i = 0; i < 7; i++) for (int j = 0; j < 5; j++) fm[i][j] = (float)(i * 5 + j) / 3.0f;
    for (int i = 0; i < 7; i++) for (int j = 0; j < 5; j++) ft[j][i] = fm[i][j];
    printf("transpose corner %.9g %.9g\n", ft[4][6], ft[0][1]);
    return maxerr < 1e-9 ? 0 : 1;
}
