r"""Critical points of the teacher-student loss through fixed-point subspaces.

Lemma 3.2 / Proposition 2.9 of the paper (the principle of symmetric
criticality): for H <= Gamma the gradient of the Gamma-invariant loss at
``W in Fix(H)`` lies in Fix(H), so a critical point of the loss restricted
to Fix(H) is a critical point on all of R^{k x d}.  Safran & Shamir [1]_
found the spurious minima of ReLU networks with ``V = I`` numerically;
Arjevani & Field [2]_ showed they are the critical points of a few such
restricted problems, ``Fix(diag(S(k-1,1)))`` of dimension 5 for every k.

:func:`critical_points` solves the restricted problem ``grad_theta L = 0``
(``W = sum_m theta_m B_m``, B the orthonormal orbit basis of Fix(H)) from
seeded starts with two solvers each (scipy's ``trust-exact`` minimisation,
which finds the restricted minima, and MINPACK's ``hybr`` root finder, which
also finds saddles), then polishes every candidate with Newton steps until
the *full* gradient is below 1e-12 where it can.  It keeps the points whose
full-space gradient norm is below ``grad_tol`` (1e-9) and whose rows are
all non-zero (the ReLU loss is not differentiable at a zero neuron),
deduplicates them (Frobenius distance 1e-6), and classifies each with the
full Hessian on R^{k x d}: by isotypic blocks
(:func:`~symtheory.landscape.spectrum.isotypic_spectrum`) when H is of
Young type, densely otherwise.

Types: ``minimum`` (smallest eigenvalue above ``1e-8 max(1, |lambda|)``),
``saddle`` (some eigenvalue below minus that), ``degenerate`` otherwise.  A
minimum with loss above 1e-10 is *spurious*.

Loss convention: the package's, no factor 1/2 (so twice the values of
[1]_ and of Safran's stored minima).

References
----------
.. [1] I. Safran and O. Shamir, "Spurious local minima are common in
   two-layer ReLU neural networks", ICML 2018; arXiv 1712.08968.
.. [2] Y. Arjevani and M. Field, "Symmetry & critical points for a model
   shallow neural network", Physica D 427 (2021); arXiv 2003.10576.

Examples
--------
>>> from symtheory.landscape.weight_model import WeightModel
>>> res = critical_points(WeightModel(np.eye(7)), "diag(S(6,1))", starts=6, seed=0)
>>> res.fixed_dim
5
>>> [(round(p.loss, 6), p.isotropy) for p in res.points if p.spurious]
[(0.046405, 'diag(S(6,1))'), (0.110643, 'diag(S(6,1))'), (0.124422, 'diag(S(7))')]
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize, root

from ..exceptions import InvalidValueError, ShapeError
from .isotropy_groups import PairGroup, fixed_point_subspace, fixes, parse_isotropy
from .hessian_vector import hessian_vector_product
from .loss import expected_loss, loss_gradient
from .spectrum import Spectrum, IsotypicBlock, dense_spectrum, isotypic_spectrum

__all__ = ["CriticalPoint", "CriticalSearch", "critical_points", "classify",
           "young_partitions", "all_young_groups", "critical_report"]

#: Largest full-space gradient norm of a reported critical point.
GRAD_TOL = 1e-9


@dataclass(frozen=True, eq=False)
class CriticalPoint:
    """A critical point of the loss, classified with the full Hessian.

    Attributes
    ----------
    W : ndarray, shape (k, d)
    loss : float
        Package convention (no factor 1/2).
    grad_norm : float
        Frobenius norm of the full gradient on R^{k x d}.
    hessian_min : float
        Smallest eigenvalue of the full Hessian.
    index : int
        Number of negative eigenvalues (with multiplicity).
    type : str
        ``"minimum"``, ``"saddle"`` or ``"degenerate"``.
    isotropy : str
        Name of the isotropy of W (:func:`~symtheory.landscape.isotropy_groups.isotropy`).
    contains_group : bool
        Whether that isotropy contains the searched group H (every generator
        of H fixes W, and every H-orbit of index pairs lies in one orbit of
        the isotropy).
    spectrum : Spectrum

    Examples
    --------
    >>> from symtheory.landscape.weight_model import WeightModel
    >>> p = classify(WeightModel(np.eye(3)), np.eye(3))
    >>> p.type, p.loss, p.isotropy, p.spurious
    ('minimum', 0.0, 'diag(S(3))', False)
    """

    W: np.ndarray
    loss: float
    grad_norm: float
    hessian_min: float
    index: int
    type: str
    isotropy: str
    contains_group: bool
    spectrum: Spectrum

    @property
    def spurious(self) -> bool:
        """A local minimum with positive loss (above 1e-10)."""
        return self.type == "minimum" and self.loss > 1e-10

    def as_dict(self) -> dict:
        """The JSON record of the ``critical`` command.

        Examples
        --------
        >>> from symtheory.landscape.weight_model import WeightModel
        >>> sorted(classify(WeightModel(np.eye(2)), np.eye(2)).as_dict())
        ['W', 'grad_norm', 'hessian_min', 'index', 'isotropy', 'loss', 'type']
        """
        return {"loss": self.loss, "grad_norm": self.grad_norm, "hessian_min": self.hessian_min,
                "index": self.index, "type": self.type, "isotropy": self.isotropy,
                "W": self.W.tolist()}


@dataclass(frozen=True, eq=False)
class CriticalSearch:
    """The critical points found on one fixed-point subspace.

    Attributes
    ----------
    group : PairGroup
    fixed_dim : int
    points : tuple of CriticalPoint
        Sorted by loss.
    starts : int
    seed : int

    Examples
    --------
    >>> from symtheory.landscape.weight_model import WeightModel
    >>> res = critical_points(WeightModel(np.eye(3)), "diag(S(3))", starts=2)
    >>> res.group.name, res.fixed_dim, res.points[0].type
    ('diag(S(3))', 2, 'minimum')
    """

    group: PairGroup
    fixed_dim: int
    points: tuple
    starts: int
    seed: int


def _contains(H, W, iso):
    if not fixes(H, W, 1e-8):
        return False
    lab_h, lab_i = H.orbits().ravel(), iso.orbits().ravel()
    n = int(lab_h.max()) + 1
    first = np.full(n, -1)
    first[lab_h[::-1]] = lab_i[::-1]
    return bool(np.array_equal(first[lab_h], lab_i))


def _spectrum(model, W, H):
    if H is not None and H.factors is not None:
        model.check_subgroup(H)  # the Hessian commutes with H only if the loss is H-invariant
        return isotypic_spectrum(W, model.teacher, H, model.activation)
    ev = dense_spectrum(W, model.teacher, model.activation)
    return Spectrum((IsotypicBlock("all", 1, len(ev), tuple(float(x) for x in ev)),))


def classify(model, W, H=None, iso_tol=1e-7) -> CriticalPoint:
    """Loss, gradient norm, Hessian spectrum, index, type and isotropy of W.

    Parameters
    ----------
    model : WeightModel
    W : array_like, shape (k, d)
    H : PairGroup, optional
        A Young-type group fixing W: the spectrum is then computed by
        isotypic blocks (else densely), and ``contains_group`` refers to it.
    iso_tol : float, default 1e-7
        Tolerance of the isotropy.

    Returns
    -------
    CriticalPoint

    Examples
    --------
    >>> from symtheory.landscape.weight_model import WeightModel
    >>> p = classify(WeightModel(np.eye(2)), np.zeros((2, 2)) + 0.3)
    >>> p.type, p.isotropy, p.grad_norm > 0.1
    ('saddle', 'S(2) x S(2)', True)
    """
    W = np.asarray(W, dtype=float)
    if W.shape != (model.k, model.d):
        raise ShapeError(f"W has shape {W.shape}; the model's weights are ({model.k}, {model.d})")
    V, act = model.teacher, model.activation
    loss = float(expected_loss(W, V, act))
    g = float(np.linalg.norm(loss_gradient(W, V, act)))
    spec = _spectrum(model, W, H)
    ev = spec.eigenvalues
    scale = max(1.0, float(np.abs(ev).max()))
    tol = 1e-8 * scale
    if ev[0] > tol:
        kind = "minimum"
    elif spec.count_below(-tol) > 0:
        kind = "saddle"
    else:
        kind = "degenerate"
    iso = model.isotropy(W, iso_tol)
    contains = True if H is None else _contains(H, W, iso)
    return CriticalPoint(W, loss, g, float(ev[0]), spec.count_below(-tol), kind, iso.name,
                         contains, spec)


def _restricted(model, B):
    V, act = model.teacher, model.activation
    m = len(B)
    Bf = B.reshape(m, -1)

    def W_of(t):
        return np.tensordot(t, B, axes=1)

    def fun(t):
        return float(expected_loss(W_of(t), V, act))

    def grad(t):
        return Bf @ loss_gradient(W_of(t), V, act).ravel()

    def hess(t):
        HB = hessian_vector_product(W_of(t), V, B, act).reshape(m, -1)
        A = Bf @ HB.T
        return 0.5 * (A + A.T)

    return W_of, fun, grad, hess


def _newton(t, grad, hess, W_of, model, steps=40):
    best, best_g = t, np.inf
    for _ in range(steps):
        W = W_of(t)
        gf = float(np.linalg.norm(loss_gradient(W, model.teacher, model.activation)))
        if not np.isfinite(gf):
            break
        if gf < best_g:
            best, best_g = t, gf
        if gf < 1e-13:
            break
        step = np.linalg.lstsq(hess(t), grad(t), rcond=1e-14)[0]
        t = t - step
    return best, best_g


def _starts(F, model, starts, rng, initial):
    d = model.d
    cands = []
    if initial is not None:
        for n, W0 in enumerate(initial):
            W0 = np.asarray(W0, dtype=float)
            if W0.shape != (model.k, model.d) or not np.isfinite(W0).all():
                raise ShapeError(f"initial[{n}] must be a finite ({model.k}, {model.d}) matrix, "
                                 f"got shape {W0.shape}")
            cands.append(F.orbit_values(W0) * np.sqrt(F.sizes))
    if model.teacher.shape == (model.k, model.d):
        cands.append(F.orbit_values(model.teacher) * np.sqrt(F.sizes))
    for s in range(starts):
        if s % 2 == 0:
            vals = rng.normal(size=F.dim) / np.sqrt(d)
        else:
            vals = rng.uniform(-1.0, 1.0, size=F.dim)
        cands.append(vals * np.sqrt(F.sizes))     # orbit values -> theta coordinates
    return cands


def critical_points(model, H, starts=20, seed=0, initial=None,
                    grad_tol=GRAD_TOL) -> CriticalSearch:
    """Critical points of the loss on Fix(H), each a critical point of the full loss.

    Parameters
    ----------
    model : WeightModel
    H : PairGroup or str or generators
        The isotropy subgroup (:func:`~symtheory.landscape.isotropy_groups.parse_isotropy`);
        checked to lie in Gamma.
    starts : int, default 20
        Random starts (seeded), half ``N(0, 1/d)`` and half ``U(-1, 1)``
        orbit values; the projection of the teacher onto Fix(H) (when it has
        the student's shape) and ``initial`` are tried as well.
    seed : int, default 0
    initial : sequence of array_like (k, d), optional
        Extra starting weights, projected onto Fix(H).
    grad_tol : float, default 1e-9
        Largest full-space gradient norm kept.

    Returns
    -------
    CriticalSearch

    Raises
    ------
    InvalidValueError
        ``starts < 0``.
    ShapeError
        An ``initial`` matrix of the wrong shape or not finite.
    ParseError, InvalidValueError, NotASubgroupError
        A bad or foreign subgroup.

    Examples
    --------
    >>> from symtheory.landscape.weight_model import WeightModel
    >>> res = critical_points(WeightModel(np.eye(5)), "diag(S(4,1))", starts=6, seed=0)
    >>> all(p.grad_norm < 1e-9 and p.contains_group for p in res.points)
    True
    """
    starts = int(starts)
    if starts < 0:
        raise InvalidValueError(f"starts must be at least 0, got {starts}")
    H = model.check_subgroup(parse_isotropy(H, model.k, model.d))
    F = fixed_point_subspace(H)
    B = F.basis_array()
    W_of, fun, grad, hess = _restricted(model, B)
    rng = np.random.default_rng(seed)
    found = []
    for t0 in _starts(F, model, starts, rng, initial):
        cands = []
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            # far from a solution the solvers overflow harmlessly; such runs are dropped below
            warnings.simplefilter("ignore", RuntimeWarning)
            for solve in (lambda: minimize(fun, t0, jac=grad, hess=hess, method="trust-exact",
                                           options=dict(gtol=1e-11, maxiter=300)),
                          lambda: root(grad, t0, jac=hess, method="hybr",
                                       options=dict(xtol=1e-14, maxfev=2000))):
                try:
                    cands.append(solve().x)
                except (np.linalg.LinAlgError, ValueError):  # incl. NonFiniteError on overflow
                    pass
        for t in cands:
            if not np.all(np.isfinite(t)):
                continue
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore", RuntimeWarning)
                try:
                    t, g = _newton(t, grad, hess, W_of, model)
                except (np.linalg.LinAlgError, ValueError):
                    continue
            W = W_of(t)
            if g >= grad_tol or np.linalg.norm(W, axis=1).min() < 1e-6:
                continue
            scale = max(1.0, float(np.linalg.norm(W)))
            if any(np.linalg.norm(W - U) < 1e-6 * scale for U in found):
                continue
            found.append(W)
    W_list = sorted(found, key=lambda W: float(expected_loss(W, model.teacher, model.activation)))
    points = tuple(classify(model, W, H) for W in W_list)
    return CriticalSearch(H, F.dim, points, starts, int(seed))


def young_partitions(n, max_parts=3):
    """Partitions of n with at most ``max_parts`` parts, decreasing, largest first.

    Examples
    --------
    >>> young_partitions(4)
    [(4,), (3, 1), (2, 2), (2, 1, 1)]
    """
    out = []

    def rec(rest, bound, parts):
        if rest == 0:
            out.append(tuple(parts))
            return
        if len(parts) == max_parts:
            return
        for p in range(min(rest, bound), 0, -1):
            rec(rest - p, p, parts + [p])

    rec(int(n), int(n), [])
    return out


def all_young_groups(k, max_parts=3):
    """Names of the diagonal Young subgroups ``diag(S(lambda))``, lambda with at most 3 parts.

    Examples
    --------
    >>> all_young_groups(3)
    ['diag(S(3))', 'diag(S(2,1))', 'diag(S(1,1,1))']
    """
    return ["diag(S(" + ",".join(map(str, p)) + "))" for p in young_partitions(k, max_parts)]


def critical_report(model, isotropy_spec, starts=20, seed=0, progress=None) -> dict:
    """The record of ``symtheory critical``: one subgroup, or ``"all-young"``.

    Parameters
    ----------
    model : WeightModel
    isotropy_spec : str or PairGroup
        A subgroup (:func:`~symtheory.landscape.isotropy_groups.parse_isotropy`) or
        ``"all-young"``: every :func:`all_young_groups` (needs k = d).
    starts, seed : int
        As in :func:`critical_points` (the same seed for every subgroup).
    progress : callable, optional
        Called with a line of text after each subgroup.

    Returns
    -------
    dict
        ``{"k", "d", "activation", "isotropy", "fixed_dim", "critical_points":
        [{"loss", "grad_norm", "hessian_min", "index", "type", "isotropy",
        "W"}]}``; for ``all-young`` ``"fixed_dim"`` is None, ``"subgroups"``
        lists one such record per subgroup, and every critical point also
        carries its ``"subgroup"`` and ``"fixed_dim"``.

    Examples
    --------
    >>> from symtheory.landscape.weight_model import WeightModel
    >>> rep = critical_report(WeightModel(np.eye(3)), "all-young", starts=2)
    >>> [s["isotropy"] for s in rep["subgroups"]]
    ['diag(S(3))', 'diag(S(2,1))', 'diag(S(1,1,1))']
    >>> rep["critical_points"][0]["type"]
    'minimum'
    """
    head = {"k": model.k, "d": model.d, "activation": model.activation}
    if isinstance(isotropy_spec, str) and isotropy_spec.strip() == "all-young":
        if model.k != model.d:
            raise InvalidValueError(
                f"all-young uses diag(S(...)), which needs k = d; got k = {model.k}, d = {model.d}")
        subs, rows = [], []
        for name in all_young_groups(model.k):
            sub = critical_report(model, name, starts, seed)
            subs.append(sub)
            for p in sub["critical_points"]:
                rows.append(dict(p, subgroup=name, fixed_dim=sub["fixed_dim"]))
            if progress is not None:
                progress(f"{name}: dim {sub['fixed_dim']}, {len(sub['critical_points'])} points")
        return dict(head, isotropy="all-young", fixed_dim=None, critical_points=rows,
                    subgroups=subs)
    res = critical_points(model, isotropy_spec, starts=starts, seed=seed)
    return dict(head, isotropy=res.group.name, fixed_dim=res.fixed_dim,
                critical_points=[p.as_dict() for p in res.points])
