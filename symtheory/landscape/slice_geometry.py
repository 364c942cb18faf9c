r"""A 2-D slice through the teacher: its inputs, and the fixed-point hyperplanes that cut it.

A *slice* through the teacher (:mod:`symtheory.landscape.training`) varies two
raw coordinates ``axes = (A, B)`` of ``net.weight_space`` and keeps the
others at the teacher's values ``t``.  A fixed-point subspace S = Theta~ cap
Theta_Q of codimension 1 (:func:`symtheory.networks.hidden.hidden_fixed_point_subspaces`)
is cut out by one equality ``theta_i = theta_j`` of two coordinates (its
label partition merges exactly two labels of Theta~).  On the slice this
equality reads

* ``theta_A = theta_B`` when ``{i, j} = {A, B}`` (the diagonal; the paper's
  Fig. 4 line, ``axes = (0, 1)`` of the S3 example);
* ``theta_A = t_j`` (a vertical line) or ``theta_B = t_j`` (a horizontal
  line) when only one of ``i, j`` is swept;
* nothing when neither is swept: the slice misses S (it lies inside S only
  if ``t_i = t_j``, which a generic teacher rules out; such an S is left out).

A subspace of codimension >= 2 imposes two independent equalities and meets
the slice in at most a point, so only codimension-1 subspaces give lines.
Each line is stored as ``alpha theta_A + beta theta_B = c``; its *sign* at a
point is the sign of ``alpha theta_A + beta theta_B - c`` (for the diagonal,
``theta_A - theta_B``, the convention of the paper's figures).

The *teacher side* of a set of lines is the cell of the slice where every
line has the teacher's sign; every other cell is an *other* side; a point
within ``1e-12`` of a line is *on the line* (no side).  With one line (the
paper's slice) this is the half-plane convention of
:mod:`symtheory.landscape.training`.

Examples
--------
>>> from symtheory.networks.networks import TwoLayerNet
>>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
>>> V = net.random_weights(seed=0)
>>> [ln.equation for ln in slice_hyperplanes(net, V, (0, 1))]
['theta_0 = theta_1']
>>> slice_hyperplanes(net, V, (2, 5))
()
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..exceptions import InvalidValueError, NonFiniteError, ShapeError, UnknownNameError
from ..validation import check_grid_size, check_int
from ..networks.hidden import hidden_fixed_point_subspaces

__all__ = ["SliceLine", "slice_hyperplanes", "side_labels", "LINE_TOL"]

#: Distance (in the value of ``alpha a + beta b - c``) below which a point is on a line.
LINE_TOL = 1e-12

_WHICH = ("theorem_3_3", "hidden", "all")


@dataclass(frozen=True)
class SliceLine:
    """The line ``alpha theta_A + beta theta_B = c`` where a codim-1 subspace meets a slice.

    Attributes
    ----------
    alpha, beta, c : float
        The equation in the raw slice coordinates ``(theta_A, theta_B)``.
    coordinates : tuple of int
        The two coordinates ``(i, j)`` of Theta~ that the subspace sets equal.
    partition : tuple of tuples of int
        The hidden-neuron partition of the subspace (blocks of size >= 2).
    hidden, theorem_3_3 : bool
        Its flags from :func:`symtheory.networks.hidden.hidden_fixed_point_subspaces`.
    equation : str
        Human-readable, e.g. ``"theta_0 = theta_1"`` or ``"theta_0 = 0.53"``.

    Examples
    --------
    >>> ln = SliceLine(1.0, -1.0, 0.0, (0, 1), ((0, 1, 2),), True, True, "theta_0 = theta_1")
    >>> float(ln.value(2.0, 0.5)), ln.as_dict()["equation"]
    (1.5, 'theta_0 = theta_1')
    """

    alpha: float
    beta: float
    c: float
    coordinates: tuple
    partition: tuple
    hidden: bool
    theorem_3_3: bool
    equation: str

    def value(self, a, b):
        """``alpha a + beta b - c`` (broadcasts); its sign says the side.

        Examples
        --------
        >>> float(SliceLine(0.0, 1.0, 2.0, (1, 4), (), False, False, "theta_1 = 2").value(0.0, 3.0))
        1.0
        """
        return self.alpha * np.asarray(a, dtype=float) + self.beta * np.asarray(b, dtype=float) - self.c

    def as_dict(self) -> dict:
        """JSON record: equation, coefficients, coordinates, partition, flags.

        Examples
        --------
        >>> SliceLine(1.0, 0.0, 0.5, (0, 3), ((0, 1),), True, False, "theta_0 = 0.5").as_dict()["alpha"]
        1.0
        """
        return {"equation": self.equation, "alpha": float(self.alpha), "beta": float(self.beta),
                "c": float(self.c), "coordinates": [int(x) for x in self.coordinates],
                "partition": [list(b) for b in self.partition], "hidden": self.hidden,
                "theorem_3_3": self.theorem_3_3}


def _merged_pair(space_labels, theta_labels):
    """The two coordinates a codim-1 subspace merges (its one class of size 2)."""
    ids = np.asarray(space_labels).ravel()
    base = np.asarray(theta_labels).ravel()
    first = {}
    for a, s in zip(base.tolist(), ids.tolist()):
        first.setdefault(s, set()).add(a)
    pair = [sorted(c) for c in first.values() if len(c) > 1]
    return tuple(pair[0]) if len(pair) == 1 and len(pair[0]) == 2 else None


def slice_hyperplanes(net, teacher, axes=(0, 1), which="theorem_3_3", subspaces=None):
    """The fixed-point hyperplanes of ``net`` that cut the slice through ``teacher``.

    Parameters
    ----------
    net : TwoLayerNet
        ``output="sum"`` (the landscape functions' network).
    teacher : array_like, shape (h, d)
        A matrix of ``net.weight_space`` (its raw coordinates fix the slice).
    axes : pair of int, default (0, 1)
        The swept raw coordinates.
    which : {"theorem_3_3", "hidden", "all"}, default "theorem_3_3"
        Keep the Theorem 3.3 hyperplanes (hidden, codim 1, Lemma 3.2), all
        hidden codim-1 subspaces, or every codim-1 fixed-point subspace.
    subspaces : list of HiddenSubspace, optional
        Reuse an enumeration (codim-1 entries are used).

    Returns
    -------
    tuple of SliceLine
        In the order of the enumeration (codim, then partition).

    Raises
    ------
    UnknownNameError
        ``which`` is not one of the three.
    InvalidValueError
        The network's trained rows include output weights (no slice of W alone).

    Examples
    --------
    >>> from symtheory.networks.networks import TwoLayerNet
    >>> net = TwoLayerNet("S3", "natural", "2*natural")
    >>> V = net.random_weights(seed=1)
    >>> [ln.equation for ln in slice_hyperplanes(net, V, (0, 2))]   # a vertical, a horizontal line
    ['theta_0 = 0.8216', 'theta_2 = -1.303']
    >>> [ln.equation for ln in slice_hyperplanes(net, V, (0, 1))]
    ['theta_0 = theta_1']
    """
    if which not in _WHICH:
        raise UnknownNameError(f"unknown which={which!r}; use one of {', '.join(_WHICH)}")
    ws = net.weight_space.with_parameterization("raw")
    L = np.asarray(ws.labels)
    if np.asarray(net.row_labels).shape != L.shape:
        raise InvalidValueError("slices are defined for networks with output='sum' (only W trained)")
    t = ws.coordinates(np.asarray(teacher, dtype=float))
    A, B = (int(x) for x in axes)
    subs = hidden_fixed_point_subspaces(net, max_codim=1) if subspaces is None else subspaces
    out = []
    for s in subs:
        if s.codim != 1:
            continue
        if which == "theorem_3_3" and not s.theorem_3_3:
            continue
        if which == "hidden" and not s.hidden:
            continue
        pair = _merged_pair(s.space.labels, L)
        if pair is None:
            continue
        i, j = pair
        if {i, j} == {A, B}:
            line = (1.0, -1.0, 0.0, f"theta_{A} = theta_{B}")
        elif A in (i, j) or B in (i, j):
            swept = A if A in (i, j) else B
            other = j if swept == i else i
            c = float(t[other])
            eq = f"theta_{swept} = {c:.4g}"
            line = (1.0, 0.0, c, eq) if swept == A else (0.0, 1.0, c, eq)
        else:
            continue
        out.append(SliceLine(*line[:3], (i, j), s.partition, s.hidden, s.theorem_3_3, line[3]))
    return tuple(out)


def _finite_array(x, name):
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise ShapeError(f"{name} must be an array of real numbers") from None
    if not np.isfinite(arr).all():
        raise NonFiniteError(f"{name} holds NaN or infinity; pass finite numbers only")
    return arr


def _teacher(net, teacher):
    """Validate the teacher and return (V, raw theta)."""
    ws = net.weight_space.with_parameterization("raw")
    V = _finite_array(teacher, "teacher")
    if V.shape != ws.shape:
        raise ShapeError(
            f"teacher has shape {V.shape} but the network's weights have shape "
            f"{ws.shape}; pass net.random_weights(seed)")
    err = float(ws.equivariance_error(V))
    if err > 1e-8:
        raise ShapeError(
            f"teacher is not equivariant (distance {err:.3g} from Theta~); pass a "
            "matrix of net.weight_space, e.g. net.random_weights(seed)")
    return V, ws.coordinates(V)


def _axes(net, axes):
    k = net.weight_space.dim
    try:
        a = tuple(check_int(x, "an axis") for x in axes)  # 0.5 or inf is no index
    except (TypeError, ValueError):
        raise ShapeError(f"axes must be two coordinate indices in range({k})") from None
    if len(a) != 2 or a[0] == a[1] or not all(0 <= x < k for x in a):
        raise ShapeError(f"axes must be two different coordinate indices in range({k}), got {axes!r}")
    return a


def _grid(grid):
    """One 1-D array for both axes, or a pair of 1-D arrays."""
    if isinstance(grid, (tuple, list)) and len(grid) == 2 and np.ndim(grid[0]) == 1:
        g1, g2 = (_finite_array(g, "grid") for g in grid)
    else:
        g1 = g2 = _finite_array(grid, "grid")
    if g1.ndim != 1 or g2.ndim != 1 or g1.size < 1 or g2.size < 1:
        raise ShapeError("grid must be a 1-D array of values (or a pair of them)")
    check_grid_size(g1.size * g2.size)
    return g1, g2


def _space(net, parameterization):
    return net.weight_space.with_parameterization(parameterization)


def _slice_thetas(theta_t, axes, g1, g2):
    T = np.broadcast_to(theta_t, (g1.size, g2.size, theta_t.size)).copy()
    T[..., axes[0]] = g1[:, None]
    T[..., axes[1]] = g2[None, :]
    return T


def _lines(net, V, axes, hyperplanes):
    """The dividing lines: the given ones, or the Theorem 3.3 hyperplanes cutting the slice."""
    return tuple(slice_hyperplanes(net, V, axes) if hyperplanes is None else hyperplanes)


def _side_name(side):
    s = float(side)
    return "teacher" if s > 0 else ("other" if s < 0 else "line")


def _theta_side(lines, theta, theta_t, axes):
    """Side of a point of Theta~ against the hyperplanes theta_i = theta_j of ``lines``
    (against theta[axes[0]] = theta[axes[1]] when no line is given)."""
    pairs = [ln.coordinates for ln in lines] or [tuple(axes)]
    s = 1.0
    for i, j in pairs:
        t = np.sign(theta_t[i] - theta_t[j])
        if t == 0:
            raise InvalidValueError(f"the teacher lies on theta_{i} = theta_{j}, so it has no side; "
                                    "draw another teacher")
        d = theta[i] - theta[j]
        if abs(d) <= 1e-12:
            return "line"
        s = min(s, float(np.sign(d) * t))
    return _side_name(s)


def side_labels(lines, a, b, teacher_point):
    """Side of each point ``(a, b)``: +1 teacher side, -1 another side, 0 on a line.

    Parameters
    ----------
    lines : sequence of SliceLine
    a, b : array_like
        Slice coordinates (broadcast together).
    teacher_point : pair of float
        ``(theta_A, theta_B)`` of the teacher.

    Returns
    -------
    (ndarray, ndarray)
        The side (+1, -1, 0) and an integer *cell* id: the sign pattern of the
        point against the lines, ``0`` for the teacher's cell and for points
        on a line.

    Raises
    ------
    InvalidValueError
        The teacher lies on one of the lines (it has no side).

    Examples
    --------
    >>> diag = SliceLine(1.0, -1.0, 0.0, (0, 1), (), True, True, "theta_0 = theta_1")
    >>> side, cell = side_labels([diag], [2.0, 0.0, 1.0], [1.0, 1.0, 1.0], (1.0, 0.0))
    >>> side.tolist(), cell.tolist()
    ([1.0, -1.0, 0.0], [0, 1, 0])
    """
    a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    side = np.ones(a.shape)
    cell = np.zeros(a.shape, dtype=np.int64)
    on = np.zeros(a.shape, dtype=bool)
    for k, ln in enumerate(lines):
        ts = np.sign(float(ln.value(*teacher_point)))
        if abs(float(ln.value(*teacher_point))) <= LINE_TOL:
            raise InvalidValueError(
                f"the teacher lies on the line {ln.equation}, so it has no side; draw another teacher")
        d = ln.value(a, b)
        on |= np.abs(d) <= LINE_TOL
        flipped = np.sign(d) != ts
        cell += flipped.astype(np.int64) << k
    side = np.where(cell > 0, -1.0, side)
    side = np.where(on, 0.0, side)
    cell = np.where(on, 0, cell)
    return side, cell
