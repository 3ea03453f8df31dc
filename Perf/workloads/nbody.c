/* Gravitational N-body simulation in double precision: softened pairwise
 * forces, leapfrog (kick-drift-kick) integration. Self-checks: total momentum
 * stays at zero (the pairwise forces are applied symmetrically), total energy
 * drifts by less than a small tolerance, and the integrator is time-reversible:
 * after running forward, flipping all velocities and running the same number of
 * steps, the bodies return close to their start. */
#define WORKLOAD "nbody"
#include "common.h"
#include <math.h>

#define BODIES 160
static double px[BODIES], py[BODIES], pz[BODIES], vx[BODIES], vy[BODIES], vz[BODIES], mass[BODIES];
static double ax[BODIES], ay[BODIES], az[BODIES];
static const double soft2 = 0.01, dt = 0.001;

static void accelerations(void)
{
    for (int i = 0; i < BODIES; i++) ax[i] = ay[i] = az[i] = 0;
    for (int i = 0; i < BODIES; i++)
        for (int j = i + 1; j < BODIES; j++) {
            double dx = px[j] - px[i], dy = py[j] - py[i], dz = pz[j] - pz[i];
            double r2 = dx * dx + dy * dy + dz * dz + soft2;
            double inv = 1.0 / (r2 * sqrt(r2));
            double fi = mass[j] * inv, fj = mass[i] * inv;
            ax[i] += dx * fi; ay[i] += dy * fi; az[i] += dz * fi;
            ax[j] -= dx * fj; ay[j] -= dy * fj; az[j] -= dz * fj;
        }
}

static void step(void)
{
    for (int i = 0; i < BODIES; i++) {
        vx[i] += 0.5 * dt * ax[i]; vy[i] += 0.5 * dt * ay[i]; vz[i] += 0.5 * dt * az[i];
        px[i] += dt * vx[i]; py[i] += dt * vy[i]; pz[i] += dt * vz[i];
    }
    accelerations();
    for (int i = 0; i < BODIES; i++) {
        vx[i] += 0.5 * dt * ax[i]; vy[i] += 0.5 * dt * ay[i]; vz[i] += 0.5 * dt * az[i];
    }
}

static double energy(void)
{
    double e = 0;
    for (int i = 0; i < BODIES; i++) {
        e += 0.5 * mass[i] * (vx[i] * vx[i] + vy[i] * vy[i] + vz[i] * vz[i]);
        for (int j = i + 1; j < BODIES; j++) {
            double dx = px[j] - px[i], dy = py[j] - py[i], dz = pz[j] - pz[i];
            e -= mass[i] * mass[j] / sqrt(dx * dx + dy * dy + dz * dz + soft2);
        }
    }
    return e;
}

static double momentum(void)
{
    double mx = 0, my = 0, mz = 0;
    for (int i = 0; i < BODIES; i++) { mx += mass[i] * vx[i]; my += mass[i] * vy[i]; mz += mass[i] * vz[i]; }
    return fabs(mx) + fabs(my) + fabs(mz);
}

int main(int argc, char **argv)
{
    long scale = scale_arg(argc, argv);
    long steps = scaled(7000, scale, 2);
    static double x0[BODIES], y0[BODIES], z0[BODIES];

    rng_seed(9);
    double mx = 0, my = 0, mz = 0, total = 0;
    for (int i = 0; i < BODIES; i++) {
        mass[i] = (1.0 + 0.5 * rng_unit()) / BODIES;
        px[i] = rng_unit(); py[i] = rng_unit(); pz[i] = rng_unit();
        vx[i] = 0.3 * rng_unit(); vy[i] = 0.3 * rng_unit(); vz[i] = 0.3 * rng_unit();
        mx += mass[i] * vx[i]; my += mass[i] * vy[i]; mz += mass[i] * vz[i]; total += mass[i];
    }
    for (int i = 0; i < BODIES; i++) { /* move to the centre-of-momentum frame */
        vx[i] -= mx / total; vy[i] -= my / total; vz[i] -= mz / total;
        x0[i] = px[i]; y0[i] = py[i]; z0[i] = pz[i];
    }

    double e0 = energy();
    accelerations();
    long half = steps / 2, rest = steps - half;
    for (long s = 0; s < half; s++) step();
    double e1 = energy();
    double p1 = momentum();

    /* Time reversal: flip velocities, run the same number of steps back. */
    for (int i = 0; i < BODIES; i++) { vx[i] = -vx[i]; vy[i] = -vy[i]; vz[i] = -vz[i]; }
    for (long s = 0; s < half; s++) step();
    double back = 0;
    for (int i = 0; i < BODIES; i++) back += fabs(px[i] - x0[i]) + fabs(py[i] - y0[i]) + fabs(pz[i] - z0[i]);
    for (int i = 0; i < BODIES; i++) { vx[i] = -vx[i]; vy[i] = -vy[i]; vz[i] = -vz[i]; }

    for (long s = 0; s < rest; s++) step();
    double e2 = energy();

    CHECK(p1 < 1e-12, "momentum not conserved: %g", p1);
    CHECK(fabs((e1 - e0) / e0) < 1e-3 && fabs((e2 - e0) / e0) < 1e-3, "energy drift: %g -> %g, %g", e0, e1, e2);
    CHECK(back / BODIES < 1e-6, "time reversal missed the start by %g per body", back / BODIES);

    printf("nbody: bodies=%d steps=%ld e0=%.12e e1=%.12e e2=%.12e OK\n", BODIES, steps, e0, e1, e2);
    return 0;
}
