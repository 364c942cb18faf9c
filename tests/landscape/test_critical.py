"""Critical points through fixed-point subspaces (Lemma 3.2), against the literature.

Literature values: the spurious minimum for k = d = 7, V = I stored in Itay
Safran's public repository github.com/ItaySafran/Overparameterization
(README.md at commit d162690, "Processed minima k=7", ``minima[1].vals``,
``p = [1, 6]``; code of Safran, Yehudai & Shamir, "The effects of mild
over-parameterization on the optimization landscape of shallow ReLU neural
networks", COLT 2021).  Their matrix stores the neurons as columns, so our W
(neurons as rows) is its transpose: one special neuron with entries
``a`` (its own coordinate) and ``e`` (the others), six neurons with ``c``
(own coordinate), ``d`` (the other five) and ``f`` (the special coordinate).
Their loss has a factor 1/2; the point does not depend on it (the loss
values here are twice theirs).
"""

import numpy as np
import pytest

from symtheory.landscape.critical import classify, critical_points, critical_report
from symtheory.landscape.isotropy_groups import diagonal_young, fixed_point_subspace, fixes
from symtheory.landscape.spectrum import dense_spectrum
from symtheory.landscape.weight_model import WeightModel, network_group

#: Safran's stored k = 7 minimum, 10 significant digits (see the module docstring).
SAFRAN_K7 = dict(a=-0.6327039049, f=0.2616910758, e=0.1859910463, c=0.9969227988,
                 d=-0.0350801559)


def _safran_W(k=7):
    s = SAFRAN_K7
    W = np.full((k, k), s["d"])
    np.fill_diagonal(W, s["c"])
    W[k - 1, :] = s["e"]
    W[:, k - 1] = s["f"]
    W[k - 1, k - 1] = s["a"]
    return W


def _family():
    """The diag(S(k-1,1)) family by continuation from k = 7 down to 3 and up to 20."""
    out = {}

    def run(k, W0):
        res = critical_points(WeightModel(np.eye(k)), diagonal_young((k - 1, 1)), starts=0,
                              initial=[W0])
        p = min(res.points, key=lambda p: np.linalg.norm(p.W - W0))
        out[k] = p
        return p

    p7 = run(7, _safran_W())
    for ks in (range(6, 2, -1), range(8, 21)):
        prev = p7
        for k in ks:
            F_old = fixed_point_subspace(diagonal_young((prev.W.shape[0] - 1, 1)))
            F = fixed_point_subspace(diagonal_young((k - 1, 1)))
            prev = run(k, F.weights(F_old.orbit_values(prev.W)))
    return out


@pytest.fixture(scope="module")
def family():
    return _family()


def test_safran_shamir_k7_minimum_to_six_significant_digits(family):
    p = family[7]
    k = 7
    got = dict(a=p.W[k - 1, k - 1], e=p.W[k - 1, 0], f=p.W[0, k - 1], c=p.W[0, 0], d=p.W[0, 1])
    for name, ref in SAFRAN_K7.items():
        assert f"{got[name]:.6g}" == f"{ref:.6g}", name
        assert abs(got[name] - ref) < 1e-8
    assert p.type == "minimum" and p.isotropy == "diag(S(6,1))"
    assert abs(p.loss - 0.0464054298) < 1e-9           # = 2 x their 1/2-normalised loss


def test_safran_shamir_saddle_at_5_minimum_for_6_to_20(family):
    """Safran & Shamir (ICML 2018): spurious minima for 6 <= k <= 20; on Fix(diag(S(k-1,1)))
    (dim 5) the same family is a saddle at k = 5 (Arjevani & Field)."""
    assert family[5].type == "saddle" and family[5].index > 0
    for k in range(6, 21):
        p = family[k]
        assert p.type == "minimum" and p.loss > 1e-3 and p.hessian_min > 0, k
        assert p.isotropy == f"diag(S({k - 1},1))"


def test_lemma_3_2_every_critical_point_is_critical_in_full_space(family):
    for k, p in family.items():
        assert p.grad_norm < 1e-9 and p.contains_group, k
    for k, spec in [(4, "diag(S(2,1,1))"), (4, "S(3,1) x S(2,2)"), (5, "diag(S(3,2))")]:
        res = critical_points(WeightModel(np.eye(k)), spec, starts=4, seed=1)
        assert res.points
        for p in res.points:
            assert p.grad_norm < 1e-9 and p.contains_group and fixes(res.group, p.W)


def test_erf_critical_points_and_spectra():
    m = WeightModel(np.eye(4), activation="erf")
    res = critical_points(m, "diag(S(3,1))", starts=4, seed=0)
    assert any(p.loss < 1e-12 and p.type == "minimum" for p in res.points)
    for p in res.points:
        assert p.grad_norm < 1e-9
        assert np.abs(p.spectrum.eigenvalues - dense_spectrum(p.W, m.teacher, "erf")).max() < 1e-8


def test_classification_matches_dense_spectrum(family):
    for k in (3, 5, 8):
        p = family[k]
        ev = dense_spectrum(p.W, np.eye(k))
        assert abs(ev[0] - p.hessian_min) < 1e-8
        assert p.index == int(np.sum(ev < -1e-8 * max(1, abs(ev).max())))


def test_global_minimum_and_seeded_reproducibility():
    m = WeightModel(np.eye(4))
    p = classify(m, np.eye(4))
    assert p.type == "minimum" and p.loss == 0.0 and p.isotropy == "diag(S(4))"
    r1 = critical_points(m, "diag(S(2,2))", starts=3, seed=5)
    r2 = critical_points(m, "diag(S(2,2))", starts=3, seed=5)
    assert [q.loss for q in r1.points] == [q.loss for q in r2.points]


def test_all_young_report_k6():
    rep = critical_report(WeightModel(np.eye(6)), "all-young", starts=4, seed=0)
    assert [s["isotropy"] for s in rep["subgroups"]][:3] == ["diag(S(6))", "diag(S(5,1))",
                                                           "diag(S(4,2))"]
    spurious = {p["isotropy"] for p in rep["critical_points"]
                if p["type"] == "minimum" and p["loss"] > 1e-10}
    assert "diag(S(5,1))" in spurious
    assert all(p["grad_norm"] < 1e-9 for p in rep["critical_points"])


def test_theorem_3_3_minimum_is_a_full_saddle_and_relax_ends_at_a_teacher_conjugate():
    """The S3 example of the paper: the constrained spurious minimum on Theta~ = Fix(G) is a
    critical point of the unconstrained MLP with a negative Hessian direction, and relax ends
    at sigma V, whose isotropy is the teacher's conjugated by sigma."""
    from symtheory.landscape.relaxation import relax
    from symtheory.landscape.training import spurious_minimum
    from symtheory.networks.networks import TwoLayerNet
    net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    V = net.random_weights(seed=0)
    model = WeightModel(V)
    G = model.check_subgroup(network_group(net))
    bad = spurious_minimum(net, V, grid=np.linspace(-3, 3, 31))
    assert fixes(G, bad.W, 1e-8)
    crit = critical_points(model, G, starts=0, initial=[bad.W])
    p = min(crit.points, key=lambda p: np.linalg.norm(p.W - bad.W))
    assert np.linalg.norm(p.W - bad.W) < 1e-5                 # the same point, polished
    assert p.grad_norm < 1e-9 and p.loss > 1e-3 and p.type == "saddle" and p.hessian_min < 0
    assert p.contains_group
    res = relax(net, V, p.W)
    assert res.final_loss < 1e-10
    iso_end = model.isotropy(res.final_weights, 1e-4)
    iso_t = model.teacher_isotropy()
    sigma = np.asarray(res.sigma)
    # isotropy(sigma V) = sigma Iso(V) sigma^-1: the orbits on pairs move by sigma on the rows
    moved = np.empty_like(iso_t.orbits())
    moved[sigma] = iso_t.orbits()
    lab_end = iso_end.orbits()
    pairs = {}
    assert all(pairs.setdefault(a, b) == b for a, b in zip(moved.ravel(), lab_end.ravel()))
    assert len(set(moved.ravel())) == len(set(lab_end.ravel()))
    assert iso_end.name == iso_t.name


def test_bad_arguments():
    from symtheory.exceptions import InvalidValueError, NotASubgroupError, ShapeError
    m = WeightModel(np.eye(3))
    with pytest.raises(ShapeError, match="initial"):
        critical_points(m, "diag(S(2,1))", starts=0, initial=[np.eye(2)])
    with pytest.raises(InvalidValueError, match="starts"):
        critical_points(m, "diag(S(2,1))", starts=-1)
    with pytest.raises(NotASubgroupError):
        critical_points(WeightModel(np.array([[1.0, 2.0], [3.0, 5.0]])), "diag(S(2))")
