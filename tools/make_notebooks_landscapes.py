"""Write notebooks 04 (landscapes) and 05 (relaxation) with outputs stripped.

Run from the repository root: ``python tools/make_notebooks_landscapes.py``.
"""

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


def notebook(cells, path):
    nb = new_notebook(cells=[new_markdown_cell(c[3:]) if c.startswith("md:") else new_code_cell(c)
                             for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.validate(nb)
    nbformat.write(nb, path)


NB04 = [
    """md:# 04 — Loss landscapes and training boundaries (Figures 4, 5, 8–11)

The paper's experiment (Section 4): G = S3, input X = natural + 2·trivial
(d = 5), hidden Y = natural + 3·trivial (h = 6), f(x) = Σᵢ ReLU((W x)ᵢ) with
W in Θ̃ = Hom_G(X, Y) (13 parameters), x ~ N(0, I).  A teacher V ∈ Θ̃ is drawn
at random and the student's loss E[(f_W(x) − f_V(x))²] is computed **exactly**
(arc-cosine kernel, no sampling).

We sweep two coordinates: θ₁, the diagonal, and θ₂, the off-diagonal weight
of the natural → natural block; the other eleven stay at the teacher.  On the
line θ₁ = θ₂ the three natural hidden neurons have equal weights: this is the
hidden fixed-point subspace of codimension 1 found by `symtheory hidden`, and
Theorem 3.3 says it separates the teacher from a second minimum.""",
    """import numpy as np
import matplotlib.pyplot as plt
import symtheory as st

net = st.TwoLayerNet("S3", input="natural + 2*trivial", hidden="natural + 3*trivial")
print(net, "dim Theta~ =", net.theta_dim)
[(s.partition, s.codim, s.theorem_3_3) for s in st.hidden_fixed_point_subspaces(net, max_codim=1)]""",
    """net.weight_space.matrix()  # the symbolic W(theta); theta_0 / theta_1 are the swept diagonal / off-diagonal""",
    """md:## Figure 4: the loss over the slice

`landscape_2d` evaluates the exact loss on the whole grid in one vectorised
call; `slice_minima` refines the best grid point on each side of the line with
L-BFGS and checks the 2×2 Hessian.""",
    """V = net.random_weights(seed=0)
grid = np.linspace(-3, 3, 81)
land = st.landscape_2d(net, V, grid=grid)
minima = st.slice_minima(net, V, grid=grid)
for m in minima:
    print(f"{m.side:8s} theta = ({m.theta[0]: .4f}, {m.theta[1]: .4f})  loss = {m.loss:.3g}  minimum: {m.is_minimum}")

fig, ax = plt.subplots(figsize=(5, 4.2))
im = ax.contourf(grid, grid, np.log10(land.loss.T + 1e-12), levels=30, cmap="viridis")
ax.plot(grid, grid, "w--", lw=1, label=r"$\\theta_1=\\theta_2$ (hidden subspace)")
for m in minima:
    ax.plot(*m.theta, "r*" if m.side == "teacher" else "wo", ms=10)
ax.set_xlabel(r"$\\theta_1$ (diagonal)"); ax.set_ylabel(r"$\\theta_2$ (off-diagonal)")
fig.colorbar(im, label="log10 loss"); ax.legend(loc="lower right", fontsize=8);""",
    """md:The teacher-side minimum has loss ≈ 0; the other side holds a genuine local
minimum of positive loss.  By Theorem 3.3 it cannot be avoided: the hidden
subspace (the dashed line) is an invariant set of gradient flow, so descent
started on the wrong side never crosses it — in the right parameterization.

## Figure 5: training from every grid point at once

`train` runs the paper's 100 steps of gradient descent (learning rate 0.1) on
the two swept parameters from every grid point simultaneously (the grid is a
batch axis of the closed-form gradient).  In the raw parameterization a
gradient step moves a point on the line off the line, so the basin boundary
bends; in the rescaled parameterization (√(n−1)·θ₁·I + θ₂·(11ᵀ − I)) the line
is invariant and the boundary is exactly θ₁ = θ₂.""",
    """tgrid = np.linspace(-3, 3, 61)
fig, axs = plt.subplots(1, 2, figsize=(10, 4.2))
for ax, par in zip(axs, ["raw", "rescaled"]):
    res = st.train(net, V, grid=tgrid, steps=100, lr=0.1, parameterization=par)
    fr = st.side_fractions(res)
    print(f"{par:9s} reach loss < 1e-6: teacher side {fr['teacher_side']:.3f}, other side {fr['other_side']:.3f}")
    im = ax.pcolormesh(tgrid, tgrid, np.log10(res.final_loss.T + 1e-12), cmap="magma", shading="auto")
    ax.plot(tgrid, tgrid, "c--", lw=1)
    ax.set_title(f"final loss after 100 steps ({par})"); ax.set_xlabel(r"$\\theta_1$"); ax.set_ylabel(r"$\\theta_2$")
    fig.colorbar(im, ax=ax)""",
    """md:## Figures 8–10: other teachers

The same claims over several teacher seeds.  `symtheory.paper.reproduce`
is what `symtheory reproduce fig8 … fig10` runs; here with a coarser grid and
four seeds so that the notebook stays quick.  Every figure's JSON has one
layout, `{figure, seed, ok, checks, panels}`: each check says whether the
paper's claim holds for that seed (`ok`) and, if not, why (`reason`); the
panels hold the plotted grids themselves.""",
    """import json, tempfile
from symtheory.paper import reproduce

out = tempfile.mkdtemp()
fig8 = reproduce("fig8", seed=0, out=out, n_seeds=4, grid_points=41, plot=False)
for r in fig8["checks"]:
    print(r["seed"], r["ok"], [(m["side"], round(m["loss"], 6)) for m in r["minima"]])
fig9 = reproduce("fig9", seed=0, out=out, n_seeds=4, grid_points=31, plot=False)
fig10 = reproduce("fig10", seed=0, out=out, n_seeds=4, grid_points=31, plot=False)
for a, b in zip(fig9["checks"], fig10["checks"]):
    print(f"seed {a['seed']}: raw other side reaching teacher {a['other_side']:.2f}; "
          f"rescaled teacher side {b['teacher_side']:.2f}, other side {b['other_side']:.2f}")""",
    """md:The JSON holds the data behind each panel, so a figure can be re-plotted
from the file alone (here the third seed of Figure 8, with the library's own
panel drawing).  As the last value of a cell, `reproduce(...)` shows its PNG.""",
    """from symtheory.landscape.figures import draw_loss_grid

with open(f"{out}/fig8.json") as fh:
    panel = json.load(fh)["panels"][2]
fig, ax = plt.subplots(figsize=(4.6, 3.8))
draw_loss_grid(ax, panel)""",
    """reproduce("fig4", seed=0, out=out, grid_points=41)""",
    """md:## Your own network

`symtheory landscape GROUP --input X --hidden Y --axes A,B` (in Python
`draw_landscape`) draws the slice of any network and marks every fixed-point
hyperplane that cuts it — here the rotation group of the icosahedron on its
12 vertices, hidden neurons on its 6 axes.  Its curvature is ~100x the
paper's network's, so the paper's learning rate 0.1 diverges; without `lr`
the step is chosen from the largest Hessian eigenvalue and the run never
returns NaN.""",
    """from symtheory.landscape.slice_figure import draw_landscape

ico = "(2,8,6,7,3)(4,12,11,5,9),(1,3,2)(4,6,5)(7,9,8)(10,12,11)"
s = draw_landscape(ico, "natural + trivial", "cosets(6)", grid_points=25, train_steps=100, out=out)
print([ln["equation"] for ln in s["checks"][0]["lines"]], s["checks"][2]["lr"])
s""",
    """md:## Figure 11: the erf activation

With σ(z) = erf(z/√2) the loss is again closed-form (Saad & Solla).  The
landscape keeps its two minima; the spurious one is shallower than with ReLU.""",
    """land_erf = st.landscape_2d(net, V, grid=grid, activation="erf")
minima_erf = st.slice_minima(net, V, grid=grid, activation="erf")
for m in minima_erf:
    print(f"{m.side:8s} theta = ({m.theta[0]: .4f}, {m.theta[1]: .4f})  loss = {m.loss:.3g}")
fig, ax = plt.subplots(figsize=(5, 4.2))
im = ax.contourf(grid, grid, np.log10(land_erf.loss.T + 1e-14), levels=30, cmap="viridis")
ax.plot(grid, grid, "w--", lw=1)
for m in minima_erf:
    ax.plot(*m.theta, "r*" if m.side == "teacher" else "wo", ms=10)
fig.colorbar(im, label="log10 loss"); ax.set_title("erf");""",
]

NB05 = [
    """md:# 05 — Relaxing the constraint (Figures 6 and 7)

At the spurious minimum of the constrained problem (Figure 4, other side) the
equivariance constraint is what keeps the network stuck: Θ̃ is only a slice of
the full weight space.  The unconstrained Hessian there has a negative
eigenvalue, so the spurious minimum is a **saddle** of the unconstrained
loss.  Gradient descent without the constraint escapes and lands in
σΘ̃ = Hom_G(X, σYσ⁻¹) for a hidden permutation σ that is *not* a visible
symmetry: the network picks a different hidden representation.""",
    """import numpy as np
import matplotlib.pyplot as plt
import symtheory as st

net = st.TwoLayerNet("S3", input="natural + 2*trivial", hidden="natural + 3*trivial")
V = net.random_weights(seed=0)
bad = st.spurious_minimum(net, V, grid=np.linspace(-3, 3, 61))
print("spurious constrained minimum: loss", f"{bad.loss:.4g}",
      "| constrained Hessian positive definite:", bad.positive_definite)
print("smallest unconstrained Hessian eigenvalue:",
      f"{np.linalg.eigvalsh(st.loss_hessian(bad.W, V).reshape(30, 30)).min():.3g}")""",
    """md:## Figure 7a: the relaxation trajectory

`relax` takes one small step along the negative-curvature direction (an exact
critical point never moves under gradient descent), then runs the paper's plain
gradient descent at learning rate 0.1, and finishes with L-BFGS.  At each step
it records the loss, the distance to each of the h!/|P̃| = 120 conjugate
subspaces σΘ̃, the equivariance error (the distance to the nearest of them)
and, every few hundred steps, the smallest Hessian eigenvalue.""",
    """res = st.relax(net, V, bad.W, method="gd", steps=6000, lr=0.1, polish=True)
print("final loss", f"{res.final_loss:.2e}", "| sigma =", res.sigma, "| visible:", res.sigma_visible)
print("Hessian min: start", f"{res.hessian_min_start:.3g}", "end", f"{res.hessian_min_end:.3g}")

fig, axs = plt.subplots(1, 3, figsize=(13, 3.5))
axs[0].semilogy(res.loss); axs[0].set_title("loss"); axs[0].set_xlabel("step")
axs[1].semilogy(res.equivariance_error + 1e-16); axs[1].set_title("equivariance error"); axs[1].set_xlabel("step")
axs[2].plot(res.hessian_steps, res.hessian_min, "o-"); axs[2].axhline(0, color="k", lw=0.5)
axs[2].set_title("smallest Hessian eigenvalue"); axs[2].set_xlabel("step");""",
    """md:The equivariance error rises as the network leaves Θ̃ and falls back to
zero as it enters σΘ̃.  σ is a 3-cycle of the three natural hidden neurons:
the relaxed network is equivariant again, for the hidden representation
σYσ⁻¹.  `identify_hidden_rep` recovers σ from the weights alone.""",
    """W_end = res.weights[-1]
print(st.identify_hidden_rep(net, W_end))
print("is sigma a visible symmetry?", st.is_visible_permutation(net, res.sigma))""",
    """md:## Figure 6: teacher, spurious and relaxed weights""",
    """vmax = np.abs(np.stack([V, bad.W, W_end])).max()
fig, axs = plt.subplots(1, 3, figsize=(10, 3.4))
for ax, M, title in zip(axs, [V, bad.W, W_end], ["teacher", "spurious (constrained)", "relaxed"]):
    im = ax.imshow(M, cmap="RdBu_r", vmin=-vmax, vmax=vmax)
    ax.set_title(title); ax.set_xlabel("input"); ax.set_ylabel("hidden")
fig.colorbar(im, ax=axs, shrink=0.8);""",
    """md:## Figure 7b and other seeds

`symtheory reproduce fig7` draws the trajectory in a 3-D frame of the natural
block; here we only read its JSON summary for a few seeds.""",
    """import tempfile
from symtheory.paper import reproduce

out = tempfile.mkdtemp()
for seed in range(3):
    r = reproduce("fig7", seed=seed, out=out, grid_points=41, method="lbfgs", plot=False)["checks"][0]
    print(seed, {k: r[k] for k in ("hessian_min_start", "final_loss", "sigma", "sigma_visible", "ok")})""",
]

if __name__ == "__main__":
    notebook(NB04, "notebooks/04_landscapes.ipynb")
    notebook(NB05, "notebooks/05_relaxation.ipynb")
