r"""Losses of equivariant MLPs of any depth: a seeded fixed-sample estimate with exact
backpropagation gradients, and the exact closed form at depth 1.

For depth L >= 2 the pre-activations of the second hidden layer are not
Gaussian, and E[(f_student - f_teacher)^2] has no closed form; it is estimated
on a fixed sample x_1..x_n ~ N(0, I_d) drawn from
``numpy.random.default_rng(seed)``:

.. math:: \hat L = \frac1n \sum_s |f_{student}(x_s) - f_{teacher}(x_s)|^2,

and the gradient of this estimate is exact (backpropagation), so gradient
descent on it is gradient descent on a fixed function with the same
parameter symmetries as the population loss: permutations of hidden neurons
leave every f(x_s) unchanged, so the hidden fixed-point subspaces are still
invariant under the gradient flow (Lemma 3.2 needs nothing else).

:class:`MLPObjective` wraps either loss as a function of the coordinates
theta of Theta~ (raw coordinates of ``net``'s parameterization), batched over
leading axes, with its gradient: ``method="exact"`` (depth 1, the closed forms
of :mod:`symtheory.landscape.loss` and :mod:`symtheory.landscape.bias_loss`) or
``method="sample"`` (any depth).

Examples
--------
>>> from symtheory.networks.mlp import EquivariantMLP
>>> net = EquivariantMLP("S3", "natural; natural + trivial; natural", bias=True)
>>> T = net.random_parameters(seed=0)
>>> x = sample_inputs(3, 1000, seed=1)
>>> float(sample_loss(net, T, T, x))
0.0
>>> obj = MLPObjective(net, T, method="sample", n_samples=500)
>>> bool(obj.loss(net.coordinates(T)) < 1e-20)
True
"""

from __future__ import annotations

import numpy as np
from scipy.special import erf

from ..exceptions import InvalidValueError, ShapeError, UnknownNameError
from ..networks.mlp import EquivariantMLP, MLPParameters
from .bias_loss import bias_expected_loss, bias_loss_gradient
from .loss import _check_activation

__all__ = ["sample_inputs", "sample_loss", "sample_loss_gradient", "MLPObjective"]

#: Largest number of floats one batched forward pass may allocate.
_BATCH_LIMIT = 200_000_000


def sample_inputs(d: int, n: int, seed=0) -> np.ndarray:
    """The fixed sample: n inputs x ~ N(0, I_d) from ``default_rng(seed)``, shape (n, d).

    >>> sample_inputs(2, 3, seed=0).shape
    (3, 2)
    """
    if int(n) < 1 or int(d) < 1:
        raise InvalidValueError(f"need n >= 1 samples of dimension d >= 1, got n={n}, d={d}")
    return np.random.default_rng(seed).standard_normal((int(n), int(d)))


def _act(name):
    if name == "relu":
        return (lambda z: np.maximum(z, 0.0)), (lambda z: (z > 0).astype(float))
    c = np.sqrt(2.0 / np.pi)
    return (lambda z: erf(z / np.sqrt(2.0))), (lambda z: c * np.exp(-0.5 * z * z))


def _forward(net, p, x, act):
    s, _ = act
    a, zs, acts = x, [], [x]
    for l, W in enumerate(p.weights):
        z = a @ np.swapaxes(W, -1, -2)
        if p.biases is not None:
            z = z + p.biases[l][..., None, :]
        a = s(z)
        zs.append(z)
        acts.append(a)
    f = a @ net.multiplicities if p.output is None else a @ np.swapaxes(p.output, -1, -2)
    return f, zs, acts


def _check(net, student, teacher, x):
    if not isinstance(net, EquivariantMLP):
        raise ShapeError(f"expected an EquivariantMLP, got {type(net).__name__}")
    student = net.check_parameters(student)
    teacher = net.check_parameters(teacher)
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[1] != net.widths[0] or not np.all(np.isfinite(x)):
        raise ShapeError(f"x must be a finite (n, {net.widths[0]}) array, got shape {x.shape}")
    batch = np.broadcast_shapes(*(W.shape[:-2] for W in student.weights))
    size = int(np.prod(batch, dtype=np.int64)) * x.shape[0] * max(net.widths)
    if size * (net.depth + 1) > _BATCH_LIMIT:
        raise InvalidValueError(f"a batched pass would hold {size * (net.depth + 1):,} floats "
                                f"(limit {_BATCH_LIMIT:,}); use fewer samples or a smaller batch")
    return student, teacher, x


def sample_loss(net, student, teacher, x, activation=None):
    """The fixed-sample loss mean_s |f_student(x_s) - f_teacher(x_s)|^2 (batched).

    Parameters
    ----------
    net : EquivariantMLP
    student : MLPParameters
        May carry leading batch axes.
    teacher : MLPParameters
    x : array_like (n, d)
    activation : {"relu", "erf"}, optional
        Default ``net.activation``.

    Examples
    --------
    >>> from symtheory.networks.mlp import EquivariantMLP
    >>> net = EquivariantMLP("S3", "natural; natural")
    >>> T = MLPParameters((np.eye(3),))
    >>> float(sample_loss(net, MLPParameters((2 * np.eye(3),)), T, np.array([[1.0, 0, 0]])))
    1.0
    """
    act = _act(_check_activation(activation or net.activation))
    student, teacher, x = _check(net, student, teacher, x)
    fs = _forward(net, student, x, act)[0]
    ft = _forward(net, teacher, x, act)[0]
    r = fs - ft
    return (np.mean(r * r, axis=-1) if r.ndim == fs.ndim and net.output is None
            else np.mean(np.sum(r * r, axis=-1), axis=-1))[()]


def sample_loss_gradient(net, student, teacher, x, activation=None) -> MLPParameters:
    """Exact gradient of :func:`sample_loss` in every parameter, by backpropagation.

    Returns an :class:`MLPParameters` of gradients (biases and output only
    where the network has them).

    Examples
    --------
    >>> from symtheory.networks.mlp import EquivariantMLP
    >>> net = EquivariantMLP("S3", "natural; natural")
    >>> g = sample_loss_gradient(net, MLPParameters((2 * np.eye(3),)), MLPParameters((np.eye(3),)),
    ...                          np.array([[1.0, 0, 0]]))
    >>> g.weights[0].tolist()        # d/dW (relu(2 x_1) - relu(x_1))^2 = 2 * 1 * x at W_00
    [[2.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    """
    act = _act(_check_activation(activation or net.activation))
    student, teacher, x = _check(net, student, teacher, x)
    n = x.shape[0]
    fs, zs, acts = _forward(net, student, x, act)
    ft = _forward(net, teacher, x, act)[0]
    r = (2.0 / n) * (fs - ft)
    gU = None
    if student.output is None:
        delta = r[..., None] * net.multiplicities
    else:
        gU = np.swapaxes(r, -1, -2) @ acts[-1]
        delta = r @ student.output
    gW, gb = [None] * net.depth, [None] * net.depth
    for l in range(net.depth - 1, -1, -1):
        delta = delta * act[1](zs[l])
        gW[l] = np.swapaxes(delta, -1, -2) @ acts[l]
        gb[l] = delta.sum(axis=-2)
        if l:
            delta = delta @ student.weights[l]
    return MLPParameters(tuple(gW), tuple(gb) if net.bias else None, gU)


class MLPObjective:
    """The loss of ``net`` against a teacher as a function of theta, with its gradient.

    Parameters
    ----------
    net : EquivariantMLP
    teacher : MLPParameters
    method : {"auto", "exact", "sample"}
        ``"exact"``: the closed form (depth 1 only); ``"sample"``: the
        fixed-sample estimate; ``"auto"``: exact at depth 1, sample deeper.
    n_samples : int, default 20000
    seed : int, default 0
        Seed of the fixed sample.
    activation : str, optional
        Default ``net.activation``.

    Examples
    --------
    >>> from symtheory.networks.mlp import EquivariantMLP
    >>> net = EquivariantMLP("S3", ["natural", "natural"], bias=True)
    >>> T = net.random_parameters(seed=0)
    >>> obj = MLPObjective(net, T)
    >>> obj.method, float(obj.loss(net.coordinates(T)))
    ('exact', 0.0)
    """

    def __init__(self, net, teacher, method="auto", n_samples=20000, seed=0, activation=None):
        if not isinstance(net, EquivariantMLP):
            raise ShapeError(f"expected an EquivariantMLP, got {type(net).__name__}")
        if method not in ("auto", "exact", "sample"):
            raise UnknownNameError(f"unknown method {method!r}; use 'auto', 'exact' or 'sample'")
        if method == "exact" and net.depth != 1:
            raise InvalidValueError(f"no closed form at depth {net.depth}; use method='sample'")
        self.net = net
        self.teacher = net.check_parameters(teacher)
        self.method = ("exact" if net.depth == 1 else "sample") if method == "auto" else method
        self.activation = _check_activation(activation or net.activation)
        self.x = sample_inputs(net.widths[0], n_samples, seed) if self.method == "sample" else None
        # chain rule matrices: entries of each block -> coordinates
        self._B = []
        for kind, _, space in net.blocks:
            lab = np.asarray(space.labels).ravel()
            B = np.zeros((lab.size, space.dim))
            B[np.arange(lab.size), lab] = space.scales[lab]
            self._B.append(B)

    def _exact(self, p, grad):
        net, T = self.net, self.teacher
        zero = lambda P: np.zeros(P.weights[0].shape[:-1])  # noqa: E731
        b = p.biases[0] if p.biases is not None else zero(p)
        c = T.biases[0] if T.biases is not None else zero(T)
        out = net.multiplicities if p.output is None else p.output
        out_t = net.multiplicities if T.output is None else T.output
        args = (p.weights[0], b, T.weights[0], c, self.activation, out, out_t)
        if not grad:
            return bias_expected_loss(*args)
        gW, gb, gO = bias_loss_gradient(*args)
        return MLPParameters((gW,), (gb,) if net.bias else None,
                             gO if p.output is not None else None)

    def _parameters(self, theta):
        """Parameters of a batch of theta; blocks constant over the batch stay unbatched
        (a slice varies a few coordinates, so earlier layers are computed once)."""
        theta = np.asarray(theta, dtype=float)
        if theta.ndim == 1:
            return self.net.parameters(theta)
        off = self.net._offsets
        first = theta.reshape(-1, theta.shape[-1])[0]
        flat = []
        for t in range(len(self.net.blocks)):
            sl = theta[..., off[t]:off[t + 1]]
            flat.append(first[off[t]:off[t + 1]] if np.all(sl == first[off[t]:off[t + 1]]) else sl)
        return self.net._from_blocks(flat)

    def loss(self, theta):
        """The loss at coordinates theta (shape (..., theta_dim)).

        >>> from symtheory.networks.mlp import EquivariantMLP
        >>> net = EquivariantMLP("S3", ["natural", "natural"])
        >>> obj = MLPObjective(net, net.parameters([1.0, 0.0]))
        >>> round(float(obj.loss([0.0, 0.0])), 5)          # E[(sum relu(x_i))^2] = 3/2 + 3/pi
        2.45493
        """
        theta = np.asarray(theta, dtype=float)
        p = self._parameters(theta)
        if self.method == "exact":
            L = self._exact(p, False)
        else:
            L = sample_loss(self.net, p, self.teacher, self.x, self.activation)
        return np.broadcast_to(L, theta.shape[:-1])[()]

    def gradient(self, theta):
        """dL/dtheta (shape (..., theta_dim)), the chain rule through each block's space.

        >>> from symtheory.networks.mlp import EquivariantMLP
        >>> net = EquivariantMLP("S3", ["natural", "natural"])
        >>> obj = MLPObjective(net, net.parameters([1.0, 0.0]))
        >>> obj.gradient([1.0, 0.0]).round(12).tolist()
        [0.0, 0.0]
        """
        theta = np.asarray(theta, dtype=float)
        p = self._parameters(theta)
        if self.method == "exact":
            g = self._exact(p, True)
        else:
            g = sample_loss_gradient(self.net, p, self.teacher, self.x, self.activation)
        parts = []
        batch = theta.shape[:-1]
        for (kind, _, _), A, B in zip(self.net.blocks, g.arrays(), self._B):
            flat = A if kind == "b" else A.reshape(A.shape[:-2] + (-1,))
            parts.append(np.broadcast_to(flat @ B, batch + (B.shape[1],)))
        return np.concatenate(parts, axis=-1)
