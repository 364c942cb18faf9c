"""Relaxation at depth 2: the Theorem 3.3 minimum of the second hidden layer (seed 0) is a saddle of the
unconstrained loss, and unconstrained training leaves Theta~ to a lower loss."""

import numpy as np

from symtheory.landscape.deep_figures import deep_axes, deep_network
from symtheory.landscape.deep_loss import MLPObjective
from symtheory.landscape.deep_relaxation import mlp_relax
from symtheory.landscape.deep_training import mlp_constrained_minimum, mlp_slice_minima


def test_spurious_layer_2_minimum_relaxes():
    net = deep_network()
    axes = deep_axes(net)
    obj = MLPObjective(net, net.random_parameters(seed=0), n_samples=600, seed=7)
    other = [m for m in mlp_slice_minima(obj, axes, np.linspace(-3, 3, 13)) if m.side == "other"]
    assert other
    t0 = net.coordinates(obj.teacher)
    t0[list(axes)] = other[0].theta
    bad = mlp_constrained_minimum(obj, t0, axes)
    assert bad.side == "other" and bad.loss > 1e-4 and bad.gradient_norm < 1e-6
    res = mlp_relax(obj, bad.theta)
    assert res.hessian_min_start < 0
    assert res.final_loss < 0.5 * bad.loss          # a saddle: the escape lowers the loss
    assert res.equivariance_error_end > 1e-3        # it left Theta~
