"""Hasse diagrams of the subgroup-class lattice and the hidden-subspace lattice.

The DOT text and the figures are held against the lattices themselves
(:func:`subgroup_lattice`, :func:`subspace_lattice`): every edge drawn is a
maximal inclusion and every maximal inclusion is drawn; colours follow the
hidden / visible / Theorem 3.3 flags.  Before, the drawings were code pasted
into notebooks 01 and 03.
"""

import json
import re

import numpy as np
import pytest

from symtheory.algebra.groups import named_group
from symtheory.algebra.subgroup_classes import subgroup_lattice
from symtheory.cli import main
from symtheory.drawing import (HIDDEN_COLOR, VISIBLE_COLOR, draw_subgroup_lattice,
                               draw_subspace_lattice, layered_positions, subgroup_lattice_dot,
                               subspace_lattice_dot)
from symtheory.networks.hidden import hidden_fixed_point_subspaces, subspace_lattice
from symtheory.networks.networks import TwoLayerNet


def dot_edges(text):
    return sorted((int(a.strip('"')), int(b)) for a, b in re.findall(r'(\S+) -> (\d+);', text))


@pytest.mark.parametrize("name", ["S4", "D4", "Q8", "A5"])
def test_subgroup_dot_draws_exactly_the_maximal_inclusions(name):
    G = named_group(name)
    L = subgroup_lattice(G)
    text = subgroup_lattice_dot(G)
    assert dot_edges(text) == sorted(L.edges())
    labels = dict(re.findall(r'  (\d+) \[label="\d+: ([^\\]+)\\n', text))
    assert labels == {str(n): d["structure"] for n, d in L.nodes(data=True)}


def test_subspace_dot_colours_follow_the_flags():
    net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    subs = hidden_fixed_point_subspaces(net)
    text = subspace_lattice_dot(net, subs)
    assert dot_edges(text) == sorted(subspace_lattice(net, subs).edges())
    for i, s in enumerate(subs):
        line = re.search(rf"^  {i} \[.*$", text, re.M).group(0)
        assert ("#d62728" in line) == s.hidden
        assert ("penwidth=3" in line) == s.theorem_3_3
    assert text.count("penwidth=3") == 1  # the paper's one Theorem 3.3 subspace


def test_layers_follow_order_and_codim():
    G = named_group("S4")
    L = subgroup_lattice(G)
    pos = layered_positions(L, "order")
    orders = sorted({d["order"] for _, d in L.nodes(data=True)})
    for n, d in L.nodes(data=True):
        assert pos[n][1] == orders.index(d["order"])
    xs = [pos[n] for n in L]
    assert len(set(xs)) == len(xs)  # no two classes on one spot


def test_figures_colour_hidden_red_and_visible_blue():
    from matplotlib.colors import to_rgba
    net = TwoLayerNet("S3", "natural", "2*natural")
    subs = hidden_fixed_point_subspaces(net)
    fig = draw_subspace_lattice(net, subs)
    nodes = fig.axes[0].collections[-1]  # the node scatter, nodes sorted: -1, 0, 1, ...
    colours = [tuple(c) for c in nodes.get_facecolors()]
    expected = [to_rgba("0.85")] + [to_rgba(HIDDEN_COLOR if s.hidden else VISIBLE_COLOR)
                                     for s in subs]
    assert np.allclose(colours, expected)
    widths = nodes.get_linewidths()
    assert [w > 3 for w in widths[1:]] == [s.theorem_3_3 for s in subs]
    import matplotlib.pyplot as plt
    plt.close(fig)
    fig = draw_subgroup_lattice("S4")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == \
        ["1", "2", "3", "4", "6", "8", "12", "24"]
    plt.close(fig)


def test_cli_dot_and_plot(capsys, tmp_path):
    png = tmp_path / "lattice.png"
    assert main(["subgroups", "S4", "--format", "dot", "--plot", str(png)]) == 0
    out = capsys.readouterr().out
    assert out.startswith('digraph "S4"') and png.read_bytes()[1:4] == b"PNG"
    png2 = tmp_path / "sub" / "hidden.png"
    assert main(["hidden", "S3", "--input", "natural", "--hidden", "2*natural",
                 "--format", "dot", "--plot", str(png2)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("digraph subspaces") and out.count("->") == 7
    assert png2.read_bytes()[1:4] == b"PNG"
    # dot is only for the lattices
    assert main(["preps", "S3", "--format", "dot"]) == 2


def test_notebooks_use_the_library_drawings():
    import pathlib
    root = pathlib.Path(__file__).resolve().parents[1] / "notebooks"
    for name, call in [("01_groups_and_preps.ipynb", "draw_subgroup_lattice"),
                       ("03_hidden_subspaces.ipynb", "draw_subspace_lattice")]:
        cells = json.loads((root / name).read_text())["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        assert call in code, name
        assert "draw_networkx" not in code and "lattice_positions" not in code, name
