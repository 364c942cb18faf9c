"""Write notebook 06 (spherical signals, Figures 12-13) with outputs stripped.

Run from the repository root: ``python tools/make_notebook_sphere.py``.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_notebooks_landscapes import notebook  # noqa: E402

NB06 = [
    """md:# 06 — Spherical signals (Appendix C.3, Figures 12 and 13)

The sphere S² = SO(3)/SO(2) is a continuous permutation representation of
SO(3), so S² activations (as in e3nn) carry the same hidden symmetries as the
finite p-reps of the previous notebooks.  The model: input irreps of degrees
0 + L with Gaussian coefficients, an equivariant linear map to the signal
f(r) = θ₀·(degree-0 part) + θ₁·(degree-L part), a pointwise nonlinearity on the
sphere, projection back onto harmonics up to l_max = 4, and the invariant
output Σ (coefficients)².

The constant signals (θ₁ = 0) are fixed by every automorphism of the sphere:
a hidden fixed-point subspace of codimension 1, so Theorem 3.3 predicts a
minimum on each side of θ₁ = 0.  For odd L the inversion r → −r flips the
sign of the degree-L part — a visible symmetry that makes the two minima
mirror images; for even L they genuinely differ.""",
    """import numpy as np
import matplotlib.pyplot as plt
from symtheory.sphere.harmonics import spherical_harmonics, sphere_quadrature, num_harmonics, random_rotation, wigner_matrix
from symtheory.sphere.model import S2Model, sample_inputs, rotation_invariance_error""",
    """md:## Harmonics and quadrature

Real spherical harmonics (polar axis z, orthonormal) and a product quadrature
(Gauss–Legendre in cos β times a uniform grid in α) exact for band-limited
products.  The Gram matrix under the quadrature is the identity, and the
Wigner matrices computed from the harmonics are orthogonal.""",
    """lmax = 6
Q = sphere_quadrature(2 * lmax)
Y = spherical_harmonics(lmax, Q.points)            # (n_points, (lmax+1)^2)
gram = (Y * Q.weights[:, None]).T @ Y
print("harmonics:", num_harmonics(lmax), "| max |Gram - I| =", np.abs(gram - np.eye(num_harmonics(lmax))).max())
R = random_rotation(seed=0)
D = wigner_matrix(3, R)
print("Wigner D_3 orthogonal to", np.abs(D @ D.T - np.eye(7)).max())""",
    """md:## The model is invariant

Rotating the input coefficients by their Wigner matrices leaves the output
unchanged (to rounding: the default activation z/2 + z²/4 is a polynomial, so
the projection back onto the harmonics is exact).""",
    """model = S2Model((0, 2), lmax=4)
x = sample_inputs(model.degrees, 64, seed=0)
print("relative invariance error:", rotation_invariance_error(model, [0.7, -1.3], x, n_rotations=3, seed=1))""",
    """md:## Figure 12: input 0 + L, L = 1..4

For each L and three teacher seeds: the loss over (θ₀, θ₁), estimated on a
fixed seeded sample of inputs (every value carries its standard error), the
minimum on each side of θ₁ = 0, and the symmetry verdict.  The command
`symtheory reproduce fig12` runs the full version (five seeds, 1024 inputs,
a finer grid).""",
    """from symtheory.sphere.figures import fig12_records

records, landscapes = fig12_records(Ls=(1, 2, 3, 4), n_seeds=3, grid_points=31, n_samples=512,
                                    with_landscapes=True)
for r in records:
    losses = ", ".join(f"{m['loss']:.2e}" for m in r["minima"])
    print(f"L={r['L']} seed={r['seed']}: minima losses [{losses}]  symmetric={r['symmetric']}  "
          f"(predicted {r['predicted_symmetric']})")""",
    """fig, axs = plt.subplots(3, 4, figsize=(14, 9), squeeze=False)
for k, (r, land) in enumerate(zip(records, landscapes)):
    ax = axs[k % 3, k // 3]  # records come L by L, three seeds each
    v0, v1 = land.values
    ax.contourf(v0, v1, np.log10(land.loss.T + 1e-12), levels=30, cmap="viridis")
    ax.axhline(0, color="w", ls="--", lw=1)
    for m in r["minima"]:
        ax.plot(*m["theta"], "r*", ms=9)
    ax.set_title(f"L={r['L']} seed={r['seed']} sym={r['symmetric']}", fontsize=9)
    ax.set_xlabel(r"$\\theta_0$"); ax.set_ylabel(r"$\\theta_1$")
fig.tight_layout()""",
    """md:Odd L: the two minima are mirror images (both at the teacher's loss, ≈ 0).
Even L: one side holds the teacher, the other a minimum of positive loss —
the spurious minimum that Theorem 3.3 predicts.

## Figure 13: two non-trivial irreps

With input L₁ + L₂ and weights (θ₁, θ₂) the same analysis applies to the
lines θ₁ = 0 and θ₂ = 0.""",
    """from symtheory.sphere.figures import fig13_records

records13 = fig13_records(pairs=((1, 2),), n_seeds=2, grid_points=25, n_samples=256)
for r in records13:
    print({k: r[k] for k in ("degrees", "seed", "symmetric", "predicted_symmetric")},
          [round(m["loss"], 6) for m in r["minima"]])""",
]

if __name__ == "__main__":
    notebook(NB06, "notebooks/06_sphere.ipynb")
