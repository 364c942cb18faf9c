"""Jupyter display: ``_repr_html_`` / ``_repr_latex_`` of groups, p-reps, weight spaces,
networks and subspace lists (before: plain text only).

The reprs are built from generators, names and labels, never from the list of
group elements, so they are instant for S12 (order 479,001,600), whose
element table could not be built at all.
"""

import re

import sympy

import symtheory as st
from symtheory.algebra.groups import named_group
from symtheory.networks.hidden import SubspaceList


def test_group_display_does_not_enumerate_elements():
    G = named_group("S12")
    html, tex = G._repr_html_(), G._repr_latex_()
    assert "order 479001600" in html and "acting on 12 points" in html
    assert tex.startswith("$S_{12}$")
    assert "elements" not in G.__dict__  # the cached element list was never built
    assert "(1,2)" in named_group("S3")._repr_html_()


def test_prep_display_lists_blocks_and_degree():
    X = st.parse_rep(named_group("S4"), "natural + 2*trivial")
    assert "degree 6" in X._repr_html_() and "trivial (1)" in X._repr_html_()
    assert X._repr_latex_().count(r"\oplus") == 2


def test_weight_space_latex_is_the_symbolic_matrix():
    V = st.equivariant_basis(st.natural("S3"), st.natural("S3"))
    tex = V._repr_latex_()
    assert sympy.latex(V.matrix()) in tex
    # the HTML table has W's shape and the orbital label of each entry
    html = V._repr_html_()
    rows = re.findall(r"<tr>(.*?)</tr>", html)
    assert len(rows) == 3
    labels = [[int(x) for x in re.findall(r"<sub>(\d+)</sub>", r)] for r in rows]
    assert labels == V.labels.tolist()


def test_network_display_shows_the_architecture():
    net = st.TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    html = net._repr_html_()
    for cell in ("S3", "natural + 2*trivial", "natural + 3*trivial", "sum", "<td>13</td>"):
        assert cell in html
    assert r"\sum_i \sigma((W x)_i)" in net._repr_latex_()
    trained = st.TwoLayerNet("S3", "natural", "natural", output="trivial")
    assert r"U \sigma(W x)" in trained._repr_latex_()


def test_subspace_list_is_a_list_with_a_table():
    net = st.TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    subs = st.hidden_fixed_point_subspaces(net)
    assert isinstance(subs, SubspaceList) and isinstance(subs, list)
    html = subs._repr_html_()
    assert html.count('<tr style="color:#b22222">') == sum(s.hidden for s in subs)
    assert html.count("<b>yes</b>") == sum(s.theorem_3_3 for s in subs) == 1
    assert subs._repr_latex_().count(r"\\") == len(subs) + 1
