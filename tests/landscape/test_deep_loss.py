"""Losses with biases and at any depth: closed forms against Monte Carlo, gradients
against central differences, the bivariate normal CDF against scipy.stats."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import erf
from scipy.stats import multivariate_normal

from symtheory.exceptions import NonFiniteError
from symtheory.landscape.bias_loss import (bias_expected_loss, bias_loss_gradient,
                                           bivariate_normal_cdf)
from symtheory.landscape.deep_loss import MLPObjective, sample_inputs, sample_loss
from symtheory.landscape.loss import expected_loss
from symtheory.networks.mlp import EquivariantMLP, MLPParameters


def test_bivariate_normal_cdf_against_scipy_and_limits():
    rng = np.random.default_rng(0)
    h, k = rng.normal(size=(2, 12)) * 1.5
    rho = rng.uniform(-0.99, 0.99, 12)
    h[:3], k[3:6] = 0.0, 0.0
    ref = [multivariate_normal([0, 0], [[1, r], [r, 1]], abseps=1e-10, releps=1e-10).cdf([a, b])
           for a, b, r in zip(h, k, rho)]
    assert np.allclose(bivariate_normal_cdf(h, k, rho), ref, atol=1e-8)
    assert float(bivariate_normal_cdf(0, 0, 0.3)) == pytest.approx(0.25 + np.arcsin(0.3) / (2 * np.pi))
    assert float(bivariate_normal_cdf(0.4, -0.1, -1.0)) == pytest.approx(
        max(0.0, multivariate_normal().cdf(0.4) + multivariate_normal().cdf(-0.1) - 1))


def test_zero_biases_give_the_paper_closed_form():
    rng = np.random.default_rng(1)
    W, V = rng.normal(size=(4, 3)), rng.normal(size=(2, 3))
    for act in ("relu", "erf"):
        assert float(bias_expected_loss(W, np.zeros(4), V, np.zeros(2), act)) == pytest.approx(
            float(expected_loss(W, V, act)), rel=1e-10)


CASES = [("relu", None), ("erf", None), ("relu", "U")]


@pytest.mark.parametrize("activation,output", CASES)
def test_closed_form_with_biases_matches_monte_carlo(activation, output):
    """10^6 samples once per case: within 3 standard errors."""
    rng = np.random.default_rng(2)
    W, b = rng.normal(size=(3, 4)), rng.normal(size=3)
    V, c = rng.normal(size=(2, 4)), rng.normal(size=2)
    out = out_t = None
    if output == "U":
        out, out_t = rng.normal(size=(2, 3)), rng.normal(size=(2, 2))
    exact = float(bias_expected_loss(W, b, V, c, activation, out, out_t))
    x = sample_inputs(4, 10**6, seed=3)
    s = (lambda z: np.maximum(z, 0.0)) if activation == "relu" else (lambda z: erf(z / np.sqrt(2)))
    if output is None:
        y = (s(x @ W.T + b).sum(1) - s(x @ V.T + c).sum(1)) ** 2
    else:
        y = ((s(x @ W.T + b) @ out.T - s(x @ V.T + c) @ out_t.T) ** 2).sum(1)
    se = y.std(ddof=1) / np.sqrt(len(y))
    assert abs(exact - y.mean()) < 3 * se, f"closed form {exact} vs MC {y.mean()} +- {se}"


def _central(f, theta, eps=1e-6):
    g = np.zeros_like(theta)
    for i in range(len(theta)):
        e = np.zeros_like(theta)
        e[i] = eps
        g[i] = (f(theta + e) - f(theta - e)) / (2 * eps)
    return g


@pytest.mark.parametrize("activation", ["relu", "erf"])
@pytest.mark.parametrize("layers,method,output", [
    ("natural + trivial; natural + 2*trivial", "exact", "sum"),
    ("natural + trivial; natural + 2*trivial", "exact", "natural"),
    ("natural + trivial; natural + 2*trivial", "sample", "sum"),
    ("natural + trivial; natural + trivial; natural + trivial", "sample", "sum"),
    ("natural; natural + trivial; trivial + natural; natural", "sample", "trivial"),
])
def test_gradients_match_central_differences(activation, layers, method, output):
    net = EquivariantMLP("S3", layers, output=output, bias=True, activation=activation)
    T = net.random_parameters(seed=4)
    obj = MLPObjective(net, T, method=method, n_samples=300, seed=5)
    theta = np.random.default_rng(6).normal(size=net.theta_dim)
    g = obj.gradient(theta)
    num = _central(lambda t: float(obj.loss(t)), theta)
    assert np.abs(g - num).max() <= 1e-6 * np.abs(g).max(), (g, num)


def test_batched_objective_equals_pointwise():
    net = EquivariantMLP("S3", "natural; natural + trivial; natural", bias=True)
    obj = MLPObjective(net, net.random_parameters(seed=0), n_samples=200)
    thetas = np.random.default_rng(1).normal(size=(3, 2, net.theta_dim))
    assert np.allclose(obj.loss(thetas), [[obj.loss(t) for t in row] for row in thetas])
    assert np.allclose(obj.gradient(thetas), [[obj.gradient(t) for t in row] for row in thetas])


def test_non_finite_biases_are_refused():
    net = EquivariantMLP("S3", "natural; natural", bias=True)
    T = net.random_parameters(seed=0)
    bad = MLPParameters(T.weights, (np.array([np.nan, 0.0, 0.0]),))
    with pytest.raises(NonFiniteError):
        sample_loss(net, bad, T, sample_inputs(3, 5))
    with pytest.raises(NonFiniteError):
        bias_loss_gradient(T.weights[0], [np.inf, 0, 0], T.weights[0], T.biases[0])
