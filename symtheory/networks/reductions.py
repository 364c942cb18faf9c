"""Theorems 3.4 and 3.5 as constructions: smaller networks computing the same function.

Theorem 3.4 (reducible transitive block).  Let a block of m hidden neurons be
a transitive p-rep G/S (S the stabilizer of its first neuron p) and let the
equivariant weights give two of its neurons the same weights.  The set

    A = {g in G : neuron g(p) has the weights of neuron p}

is a subgroup containing S, neurons x(p) and y(p) share weights exactly when
xA = yA, so the block carries only n = |G:A| distinct neurons, n | m, and it
can be replaced by the transitive p-rep G/A.  Each new neuron stands for m/n
old ones: its fixed output multiplicity is multiplied by m/n (``output="sum"``)
or the corresponding columns of U are added (trainable output).

Theorem 3.5 (two blocks sharing a neuron).  If a neuron i of a transitive
block shares its weights with a neuron j of another transitive block, and
g(i) -> g(j) is a well-defined bijection (the blocks are the same p-rep, as
the theorem proves for irreducible blocks), all corresponding neurons share
weights and the second block can be merged into the first.

Theorem 3.4, first case (dead block).  If one neuron of a transitive block
has zero outgoing weights, equivariance makes the outgoing weights of the whole
block zero, and the block contributes nothing: :func:`remove_block` deletes
it.  The same holds when the block's ingoing weights are zero (sigma(0) = 0
for ReLU and erf).

"Share weights" means equal *ingoing* weights (rows of W), as in the proofs
of both theorems and Definition 2.10: with trained output weights the
outgoing columns of U of merged neurons may differ, and are added.

Both functions return a :class:`Reduction` whose network computes the same
function as the original on every input; the tests check this numerically
and check that the reduced weights are equivariant.

Examples
--------
>>> import numpy as np
>>> from symtheory.networks.networks import TwoLayerNet
>>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
>>> theta = np.arange(1.0, 14.0)
>>> theta[1] = theta[0]  # diagonal = off-diagonal: the natural block is reducible
>>> W = net.weight_space.to_numpy(theta)
>>> red = reduce_block(net, W, 0)
>>> red.net.hidden_degree, red.m, red.n
(4, 3, 1)
>>> x = np.random.default_rng(0).standard_normal((5, 5))
>>> bool(np.allclose(net.forward(x, W), red.net.forward(x, red.W)))
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..exceptions import InvalidValueError, NonFiniteError, ShapeError
from .networks import TwoLayerNet
from ..algebra.reps import cosets
from ..algebra.subgroups import Subgroup, subgroup

__all__ = ["Reduction", "reduce_block", "merge_blocks", "remove_block"]


@dataclass(frozen=True)
class Reduction:
    """A smaller network computing the same function, with its weights.

    Attributes
    ----------
    net : TwoLayerNet
        The reduced network.
    W : numpy.ndarray
        Its input weights (equivariant).
    U : numpy.ndarray or None
        Its output weights when the output is trained.
    m, n : int
        Number of neurons of the block before and after.
    subgroup : Subgroup or None
        The subgroup A with the new block G/A (Theorem 3.4).

    Examples
    --------
    >>> from symtheory.networks.networks import TwoLayerNet
    >>> net = TwoLayerNet("S3", "natural", "regular")
    >>> W = net.weight_space.to_numpy([1.0, 1.0, 2.0])  # neurons g and g(1,2) share weights
    >>> red = reduce_block(net, W, 0)
    >>> (red.m, red.n, red.subgroup.order, red.net.multiplicities.tolist())
    (6, 3, 2, [2.0, 2.0, 2.0])
    """

    net: TwoLayerNet
    W: np.ndarray
    U: np.ndarray | None
    m: int
    n: int
    subgroup: Subgroup | None = None


def _rows(net: TwoLayerNet, W, U):
    W = np.asarray(W, dtype=float)
    if W.shape != (net.hidden_degree, net.input_degree):
        raise ShapeError(f"W must have shape {(net.hidden_degree, net.input_degree)}, got {W.shape}")
    if not np.all(np.isfinite(W)):
        raise NonFiniteError("W holds NaN or infinity; pass finite weights")
    if net.output is None:
        return W, None, W
    if U is None:
        raise ShapeError("this network trains its output weights: pass U")
    U = np.asarray(U, dtype=float)
    if U.shape != (net.output.degree, net.hidden_degree):
        raise ShapeError(f"U must have shape {(net.output.degree, net.hidden_degree)}, got {U.shape}")
    if not np.all(np.isfinite(U)):
        raise NonFiniteError("U holds NaN or infinity; pass finite weights")
    # neurons are merged on equal ingoing weights only (Theorem 3.4, second case)
    return W, U, W


def _block(net, block):
    blocks = net.hidden.decompose()
    if not 0 <= int(block) < len(blocks):
        raise InvalidValueError(f"the hidden p-rep has {len(blocks)} transitive blocks, numbered "
                             f"0..{len(blocks) - 1}; block {block} does not exist")
    return blocks, blocks[int(block)]


def _keep(net, blk, W, U, pieces, W_rows, U_cols, mult):
    """Append an unchanged block to the pieces of a new network."""
    pts = np.array(blk.points)
    pieces.append(blk.rep)
    W_rows.append(W[pts])
    mult.append(net.multiplicities[pts])
    if U is not None:
        U_cols.append(U[:, pts])


def _assemble(net, pieces, W_rows, U_cols, mult):
    """Build the network from (PermRep, point list or None) pieces in order."""
    hidden = pieces[0]
    for p in pieces[1:]:
        hidden = hidden + p
    out = "sum" if net.output is None else net.output
    new = TwoLayerNet(net.group, net.input, hidden, output=out,
                      parameterization=net.parameterization,
                      multiplicities=np.concatenate(mult) if net.output is None else None)
    W = np.vstack(W_rows)
    U = np.hstack(U_cols) if net.output is not None else None
    return new, W, U


def _cosets_name(G, A) -> str:
    # an expression that rebuilds exactly this p-rep (same point numbering)
    if A.order == G.order:
        return "trivial"
    if A.order == 1:
        return "regular"  # cosets of 1 are numbered like the elements
    return "cosets(" + ",".join(A.cycle_strings()) + ")"


def reduce_block(net: TwoLayerNet, W, block: int, U=None, tol: float = 1e-9) -> Reduction:
    """Theorem 3.4: replace a reducible transitive block G/S by G/A.

    Parameters
    ----------
    net : TwoLayerNet
    W : array_like (h, d)
        Equivariant input weights.
    block : int
        Index of a transitive block in ``net.hidden.decompose()``.
    U : array_like (z, h), optional
        Output weights, for networks with a trained output.
    tol : float
        Two neurons share weights when their rows of W differ by at most tol
        (their columns of U may differ; they are added).

    Returns
    -------
    Reduction
        The block becomes ``cosets(G, A)`` with n = |G:A| neurons, n | m; the
        other blocks keep their weights.

    Raises
    ------
    InvalidValueError
        If the block is irreducible (its neurons have distinct weights), or
        the neurons sharing the weights of its first neuron are not an orbit
        of a subgroup (W not equivariant).
    ShapeError, NonFiniteError
        For weights of the wrong shape or holding NaN or infinity.

    Examples
    --------
    >>> from symtheory.networks.networks import TwoLayerNet
    >>> net = TwoLayerNet("S4", "natural", "natural", output="trivial")
    >>> W = np.full((4, 4), 0.5)  # diagonal = off-diagonal: all four neurons equal
    >>> U = np.array([[1.0, 1.0, 1.0, 1.0]])
    >>> red = reduce_block(net, W, 0, U=U)
    >>> red.net.hidden_degree, red.U.tolist()
    (1, [[4.0]])
    >>> reduce_block(net, net.random_weights(seed=0)[0], 0, U=U)
    Traceback (most recent call last):
    ...
    symtheory.exceptions.InvalidValueError: block 0 is irreducible: its 4 neurons have distinct weights, nothing to reduce
    """
    W, U, rows = _rows(net, W, U)
    blocks, b = _block(net, block)
    G = net.group
    act = net.hidden.action
    p = b.points[0]
    same = np.all(np.abs(rows[act[:, p]] - rows[p]) <= tol, axis=1)
    A = subgroup(G, np.flatnonzero(same).tolist())
    if A.order != int(same.sum()):
        raise InvalidValueError("the weights are not equivariant: neurons sharing weights with the "
                             "first neuron of the block do not come from a subgroup")
    m = len(b.points)
    stab_order = G.order // m
    if A.order == stab_order:
        raise InvalidValueError(f"block {block} is irreducible: its {m} neurons have distinct "
                             "weights, nothing to reduce")
    new_rep = cosets(G, A, name=_cosets_name(G, A))
    n = new_rep.degree
    # coset representatives in the numbering of `cosets`: first element of each coset
    T = G.multiplication_table
    coset_of = np.full(G.order, -1)
    reps = []
    for x in range(G.order):
        if coset_of[x] < 0:
            coset_of[T[x, A.elements]] = len(reps)
            reps.append(x)
    pieces, W_rows, U_cols, mult = [], [], [], []
    for k, blk in enumerate(blocks):
        if k == int(block):
            new_pts = act[reps, p]  # neuron x(p) stands for coset xA
            pieces.append(new_rep)
            W_rows.append(W[new_pts])
            mult.append(net.multiplicities[new_pts] * (m / n))
            if U is not None:
                cols = []
                for x in reps:
                    members = np.unique(act[T[x, A.elements], p])
                    cols.append(U[:, members].sum(axis=1))
                U_cols.append(np.stack(cols, axis=1))
        else:
            _keep(net, blk, W, U, pieces, W_rows, U_cols, mult)
    new, W2, U2 = _assemble(net, pieces, W_rows, U_cols, mult)
    return Reduction(new, W2, U2, m, n, A)


def merge_blocks(net: TwoLayerNet, W, block_a: int, block_b: int, U=None,
                 tol: float = 1e-9) -> Reduction:
    """Theorem 3.5: merge block b into block a when they share a neuron's weights.

    Parameters
    ----------
    net : TwoLayerNet
    W : array_like (h, d)
    block_a, block_b : int
        Indices of two transitive blocks in ``net.hidden.decompose()``.
    U : array_like (z, h), optional
    tol : float

    Returns
    -------
    Reduction
        Block b removed; block a's neurons carry the multiplicities (or the
        summed output columns) of both.

    Raises
    ------
    InvalidValueError
        If no neuron of a shares weights with a neuron of b, or the
        correspondence g(i) -> g(j) is not a well-defined bijection of
        neurons with equal weights.

    Examples
    --------
    >>> import numpy as np
    >>> from symtheory.networks.networks import TwoLayerNet
    >>> net = TwoLayerNet("S3", "natural", "2*natural")
    >>> W = net.weight_space.to_numpy([1.0, 2.0, 1.0, 2.0])  # both copies equal
    >>> red = merge_blocks(net, W, 0, 1)
    >>> red.net.hidden_degree, red.net.multiplicities.tolist()
    (3, [2.0, 2.0, 2.0])
    """
    W, U, rows = _rows(net, W, U)
    blocks, a = _block(net, block_a)
    _, b = _block(net, block_b)
    if int(block_a) == int(block_b):
        raise InvalidValueError("merge_blocks needs two different blocks")
    gens = [np.asarray(im) for im in net.hidden.images]
    i = a.points[0]
    match = [j for j in b.points if np.all(np.abs(rows[j] - rows[i]) <= tol)]
    if not match:
        raise InvalidValueError(f"no neuron of block {block_b} shares the weights of neuron {i} of "
                             f"block {block_a}: the blocks cannot be merged")
    phi = {}
    for j in match:
        # phi(g(i)) = g(j), propagated along the generators (no element list): it is
        # well defined iff it is consistent on every edge x -> s(x) of the orbit of i
        phi = {i: j}
        ok = True
        frontier = [i]
        while frontier and ok:
            nxt = []
            for x in frontier:
                for s in gens:
                    x2, y2 = int(s[x]), int(s[phi[x]])
                    if x2 not in phi:
                        phi[x2] = y2
                        nxt.append(x2)
                    elif phi[x2] != y2:
                        ok = False
                        break
                if not ok:
                    break
            frontier = nxt
        if ok and len(set(phi.values())) == len(phi) and all(
                np.all(np.abs(rows[x] - rows[y]) <= tol) for x, y in phi.items()):
            break
    else:
        raise InvalidValueError("the two blocks are not the same p-rep with equal weights "
                             "(g(i) -> g(j) is not a bijection of equal neurons)")
    pieces, W_rows, U_cols, mult = [], [], [], []
    for k, blk in enumerate(blocks):
        if k == int(block_a):
            pts = np.array(blk.points)
            partner = np.array([phi[int(x)] for x in pts])
            pieces.append(blk.rep)
            W_rows.append(W[pts])
            mult.append(net.multiplicities[pts] + net.multiplicities[partner])
            if U is not None:
                U_cols.append(U[:, pts] + U[:, partner])
        elif k != int(block_b):
            _keep(net, blk, W, U, pieces, W_rows, U_cols, mult)
    new, W2, U2 = _assemble(net, pieces, W_rows, U_cols, mult)
    return Reduction(new, W2, U2, len(a.points), len(a.points), None)


def remove_block(net: TwoLayerNet, W, block: int, U=None, tol: float = 1e-12) -> Reduction:
    """Theorem 3.4, first case: delete a block whose neurons contribute nothing.

    A block is dead when its outgoing weights vanish (the columns of U, with a
    trained output; by equivariance one zero column makes them all zero) or
    its ingoing weights vanish (then every neuron outputs sigma(0) = 0 for
    ReLU and erf).  The other blocks, their weights and multiplicities are
    kept unchanged.

    Parameters
    ----------
    net : TwoLayerNet
    W : array_like (h, d)
    block : int
        Index of the block in ``net.hidden.decompose()``.
    U : array_like (z, h), optional
        Output weights, required when ``net`` trains them.
    tol : float
        Entries of absolute value at most ``tol`` count as zero.

    Returns
    -------
    Reduction
        ``n == 0``: the block of ``m`` neurons is gone.

    Raises
    ------
    InvalidValueError
        If the block is not dead, or it is the only block (a network needs a
        hidden neuron).

    Examples
    --------
    >>> import numpy as np
    >>> from symtheory.networks.networks import TwoLayerNet
    >>> net = TwoLayerNet("S3", "natural", "natural + trivial", output="trivial")
    >>> W = net.random_weights(seed=0)[0]
    >>> U = np.array([[0.0, 0.0, 0.0, 1.5]])           # the natural block is dead
    >>> red = remove_block(net, W, 0, U=U)
    >>> red.net.hidden.name, red.m, red.n, red.U.tolist()
    ('trivial', 3, 0, [[1.5]])
    >>> x = np.random.default_rng(1).standard_normal((4, 3))
    >>> bool(np.allclose(net.forward(x, W, U), red.net.forward(x, red.W, red.U)))
    True
    """
    W, U, _ = _rows(net, W, U)
    blocks, b = _block(net, block)
    if len(blocks) == 1:
        raise InvalidValueError("the network has a single block; removing it would leave no "
                                "hidden neuron")
    pts = np.array(b.points)
    dead_in = bool(np.all(np.abs(W[pts]) <= tol))
    dead_out = U is not None and bool(np.all(np.abs(U[:, pts]) <= tol))
    if not (dead_in or dead_out):
        raise InvalidValueError(f"block {block} is not dead: its neurons have nonzero ingoing and "
                                "outgoing weights; use reduce_block or merge_blocks instead")
    pieces, W_rows, U_cols, mult = [], [], [], []
    for k, blk in enumerate(blocks):
        if k != int(block):
            _keep(net, blk, W, U, pieces, W_rows, U_cols, mult)
    new, W2, U2 = _assemble(net, pieces, W_rows, U_cols, mult)
    return Reduction(new, W2, U2, len(pts), 0)

