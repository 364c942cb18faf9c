"""Write notebook 07 (critical points through fixed-point subspaces) with outputs stripped.

Run from the repository root: ``python tools/make_notebook_critical.py``.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_notebooks_landscapes import notebook  # noqa: E402


NB07 = [
    """md:# 07 — Critical points through fixed-point subspaces

Teacher–student ReLU networks f(x; W) = Σᵢ ReLU(wᵢ·x), x ~ N(0, I_d), teacher
V = I (k = d), loss E[(f(x; W) − f(x; V))²] (the package's convention: **no**
factor ½, so losses are twice those of Safran & Shamir).  The loss is
invariant under Γ = S_k × S_d (rows: neurons, columns: inputs), computed here
from V.  By Lemma 3.2 / Proposition 2.9 a critical point of the loss restricted
to a fixed-point subspace Fix(H), H ≤ Γ, is a critical point of the full loss.
Arjevani & Field explained the spurious minima that Safran & Shamir (ICML 2018)
found for 6 ≤ k ≤ 20 as critical points on Fix(diag(S_{k−1} × S_1)), a space of
dimension **5 for every k**.""",
    """import numpy as np
import matplotlib.pyplot as plt
from symtheory.landscape import (WeightModel, critical_points, diagonal_young,
                                 fixed_point_subspace, isotypic_spectrum, dense_spectrum)

m = WeightModel(np.eye(7))
print(m.gamma.name, "| teacher isotropy:", m.teacher_isotropy().name,
      "| dim Fix(diag(S(6,1))) =", fixed_point_subspace(diagonal_young((6, 1))).dim)""",
    """md:## Safran's stored k = 7 minimum

Itay Safran's repository `github.com/ItaySafran/Overparameterization` (README,
"Processed minima k=7") stores the spurious minimum for k = 7 by five values
(its matrix has neurons as columns; ours has them as rows, so we transpose).
We start the restricted Newton solve there and compare.""",
    """safran = dict(a=-0.6327039049, f=0.2616910758, e=0.1859910463, c=0.9969227988, d=-0.0350801559)
H7 = diagonal_young((6, 1))
F7 = fixed_point_subspace(H7)
start = np.array([safran[x] for x in "cdfea"])     # our orbit order: diag, offdiag, column 6, row 6, corner
res = critical_points(WeightModel(np.eye(7)), H7, starts=0, initial=[F7.weights(start)])
p7 = min(res.points, key=lambda p: np.linalg.norm(p.W - F7.weights(start)))
print(f"loss {p7.loss:.10f} (theirs with 1/2: {p7.loss / 2:.10f}), grad {p7.grad_norm:.1e}, "
      f"lambda_min {p7.hessian_min:.5f}, {p7.type}, isotropy {p7.isotropy}")
ours = F7.orbit_values(p7.W)
for name, o in zip("cdfea", ours):
    print(f"  {name}: ours {o:.6g}   stored {safran[name]:.6g}")""",
    """md:## The S_{k−1} family for k = 3 … 20

Continuation in k: the five orbit values of the point for k start the solve for
k ± 1.  Every point is classified with the **full** Hessian on R^{k×k}, block by
block over the isotypic components of diag(S(k−1,1)).""",
    """def family():
    pts = {7: p7}
    for ks in (range(6, 2, -1), range(8, 21)):
        prev = p7
        for k in ks:
            H = diagonal_young((k - 1, 1))
            F = fixed_point_subspace(H)
            W0 = F.weights(fixed_point_subspace(diagonal_young((prev.W.shape[0] - 1, 1))).orbit_values(prev.W))
            r = critical_points(WeightModel(np.eye(k)), H, starts=0, initial=[W0])
            prev = pts[k] = min(r.points, key=lambda p: np.linalg.norm(p.W - W0))
    return dict(sorted(pts.items()))

fam = family()
print(" k   loss        lambda_min   index  type      isotropy")
for k, p in fam.items():
    print(f"{k:2d}  {p.loss:.7f}  {p.hessian_min: .6f}  {p.index:5d}  {p.type:8s}  {p.isotropy}")""",
    """ks = np.array(list(fam))
loss = np.array([p.loss for p in fam.values()])
lam = np.array([p.hessian_min for p in fam.values()])
fig, axs = plt.subplots(1, 2, figsize=(10, 3.6))
axs[0].plot(ks, loss, "o-"); axs[0].set_xlabel("k"); axs[0].set_ylabel("loss (no 1/2)")
axs[0].set_title("loss of the diag(S(k-1,1)) critical point")
colors = ["tab:red" if l < 0 else "tab:green" for l in lam]
axs[1].scatter(ks, lam, c=colors); axs[1].plot(ks, lam, "-", c="gray", lw=0.8)
axs[1].axhline(0, c="k", lw=0.8); axs[1].axvline(5.5, ls="--", c="gray")
axs[1].set_xlabel("k"); axs[1].set_ylabel("smallest Hessian eigenvalue")
axs[1].set_title("saddle (red) for k <= 5, minimum (green) for k >= 6")
fig.tight_layout()
switch = min(k for k, p in fam.items() if p.type == "minimum")
print("first k with a minimum:", switch, "| saddle at k = 5:", fam[5].type)""",
    """md:## Labelling the end points of gradient-based training

Safran & Shamir's experiment in miniature: L-BFGS on the full loss (k = d = 8)
from Xavier-style random starts; `isotropy` names every end point.""",
    """from scipy.optimize import minimize
from symtheory.landscape import expected_loss, loss_gradient

k = 8
model8 = WeightModel(np.eye(k))
rng = np.random.default_rng(0)
ends = {}
for run in range(10):
    W0 = rng.normal(size=(k, k)) / np.sqrt(k)
    r = minimize(lambda x: (float(expected_loss(x.reshape(k, k), np.eye(k))),
                            loss_gradient(x.reshape(k, k), np.eye(k)).ravel()),
                 W0.ravel(), jac=True, method="L-BFGS-B", options=dict(gtol=1e-10, ftol=1e-20, maxiter=2000))
    W = r.x.reshape(k, k)
    key = (round(float(r.fun), 5), model8.isotropy(W, 1e-5).name)
    ends[key] = ends.get(key, 0) + 1
for (loss_, name), n in sorted(ends.items()):
    print(f"loss {loss_:.5f}  isotropy {name:16s} x{n}")""",
    """md:## The Hessian by isotypic blocks

At k = 20 the 400 × 400 Hessian splits into a few small blocks (Schur's lemma):
each eigenvalue comes with the dimension of its irreducible representation.""",
    """p = fam[20]
s = isotypic_spectrum(p.W, np.eye(20), diagonal_young((19, 1)))
for b in s.blocks:
    print(f"{b.irrep:22s} dim {b.dim:4d} x mult {b.multiplicity}:", np.round(b.eigenvalues, 5))
print("max |isotypic - dense| =", float(np.abs(s.eigenvalues - dense_spectrum(p.W, np.eye(20))).max()))""",
    """md:## The paper's S3 example, seen this way

G = S3, X = natural + 2·trivial, Y = natural + 3·trivial.  Θ̃ = Hom_G(X, Y) is
Fix of the pairs (ρ_Y(g), ρ_X(g)), which lie in Γ of the equivariant teacher.
The constrained spurious minimum of Theorem 3.3 is a critical point of the
**full** MLP (Lemma 3.2) — but with a negative Hessian direction, and `relax`
ends at σV, whose isotropy is σ Iso(V) σ⁻¹, a conjugate of the teacher's.""",
    """from symtheory.networks.networks import TwoLayerNet
from symtheory.landscape import network_group, spurious_minimum, relax

net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
V = net.random_weights(seed=0)
model = WeightModel(V)
G = model.check_subgroup(network_group(net))
print("Gamma:", model.gamma.name, "| dim Fix(G) =", fixed_point_subspace(G).dim, "= dim Theta~ =", net.theta_dim)
bad = spurious_minimum(net, V, grid=np.linspace(-3, 3, 31))
# polish it as a critical point on Fix(G) = Theta~ (restricted Newton), then classify on all of R^{6x5}
crit = critical_points(model, G, starts=0, initial=[bad.W])
q = min(crit.points, key=lambda p: np.linalg.norm(p.W - bad.W))
print(f"constrained minimum: loss {q.loss:.6f}, full gradient {q.grad_norm:.1e}, "
      f"lambda_min {q.hessian_min:.4f} ({q.index} negative), {q.type}, isotropy {q.isotropy}, "
      f"moved by {np.linalg.norm(q.W - bad.W):.1e}")""",
    """r = relax(net, V, q.W)
iso_end, iso_V = model.isotropy(r.final_weights, 1e-4), model.teacher_isotropy()
sigma = np.asarray(r.sigma)
moved = np.empty_like(iso_V.orbits()); moved[sigma] = iso_V.orbits()   # orbits of sigma Iso(V) sigma^-1
same = len({(a, b) for a, b in zip(moved.ravel(), iso_end.orbits().ravel())}) == len(set(moved.ravel())) \\
    == len(set(iso_end.orbits().ravel()))
print(f"relax: final loss {r.final_loss:.1e}, sigma = {r.sigma}, isotropy {iso_end.name} "
      f"(teacher: {iso_V.name}); orbits equal to those of sigma Iso(V) sigma^-1: {same}")""",
]

if __name__ == "__main__":
    notebook(NB07, "notebooks/07_critical_points.ipynb")
