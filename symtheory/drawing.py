"""Hasse diagrams of the two lattices: subgroup classes, and hidden fixed-point subspaces.

Each lattice is drawn two ways:

* as a matplotlib figure (:func:`draw_subgroup_lattice`,
  :func:`draw_subspace_lattice`; ``symtheory subgroups|hidden ... --plot
  FILE.png``), one row per subgroup order, resp. per codimension;
* as Graphviz DOT text (:func:`subgroup_lattice_dot`,
  :func:`subspace_lattice_dot`; ``--format dot``), for ``dot -Tpdf``.

Conventions: in the subgroup lattice an edge i -> j means a conjugate of
class i is a maximal subgroup of class j (:func:`~symtheory.algebra.subgroup_classes.subgroup_lattice`),
drawn upwards, larger subgroups on top.  In the subspace lattice an edge
S -> T means T is a maximal proper subspace of S
(:func:`~symtheory.networks.hidden.subspace_lattice`), Theta~ itself on top
(node ``-1``, label ``all``), codimension growing downwards; hidden subspaces
are red, visible ones blue, and Theorem 3.3 subspaces have a thick outline.

Rows are ordered by a barycentre heuristic (one sweep placing each node at
the mean position of its neighbours in the row above, a second sweep using
both neighbouring rows), the layered method of Sugiyama, Tagawa and Toda [1]_.

References
----------
.. [1] K. Sugiyama, S. Tagawa, M. Toda, "Methods for visual understanding of
   hierarchical system structures", IEEE Trans. Systems, Man, and Cybernetics
   11 (1981), 109-125.

Examples
--------
>>> print(subgroup_lattice_dot("S3"))
digraph "S3" {
  // subgroup classes of S3 (order 6); D<n> = the n-gon's group, order 2n
  rankdir=BT;
  node [shape=box, style=rounded, fontsize=10];
  0 [label="0: 1\\norder 1"];
  1 [label="1: C2\\norder 2"];
  2 [label="2: C3\\norder 3"];
  3 [label="3: S3\\norder 6"];
  {rank=same; 0;}
  {rank=same; 1;}
  {rank=same; 2;}
  {rank=same; 3;}
  0 -> 1;
  0 -> 2;
  1 -> 3;
  2 -> 3;
}
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from .algebra.groups import Group, parse_group
from .algebra.subgroup_classes import subgroup_lattice
from .exceptions import InvalidTypeError
from .io import require_matplotlib
from .networks.hidden import hidden_fixed_point_subspaces, subspace_lattice

__all__ = [
    "layered_positions",
    "subgroup_lattice_dot",
    "subspace_lattice_dot",
    "draw_subgroup_lattice",
    "draw_subspace_lattice",
    "HIDDEN_COLOR",
    "VISIBLE_COLOR",
]

HIDDEN_COLOR = "tab:red"
VISIBLE_COLOR = "tab:blue"
_DOT_COLORS = {"hidden": "#d62728", "visible": "#1f77b4", "all": "#d9d9d9"}


def layered_positions(L: nx.DiGraph, level: str, spacing: float = 1.4) -> dict:
    """``{node: (x, y)}``: one row per value of the node attribute ``level``.

    y is the rank of the node's level (0 for the smallest value); inside a row
    nodes are ordered by the barycentre of their neighbours in the rows
    placed before (see the module docstring), ties by node id.

    >>> L = nx.DiGraph([(0, 1), (0, 2), (1, 3), (2, 3)])
    >>> nx.set_node_attributes(L, {0: 1, 1: 2, 2: 2, 3: 4}, "order")
    >>> pos = layered_positions(L, "order")
    >>> [pos[n][1] for n in range(4)], pos[1][0] < pos[2][0]
    ([0, 1, 1, 2], True)
    """
    values = sorted({d[level] for _, d in L.nodes(data=True)})
    rows = [[n for n, d in L.nodes(data=True) if d[level] == v] for v in values]
    pos = {}
    for sweep in ("below", "both"):
        for y, nodes in enumerate(rows):
            def key(n):
                nbrs = list(L.predecessors(n)) + (list(L.successors(n)) if sweep == "both" else [])
                xs = [pos[m][0] for m in nbrs if m in pos]
                return float(np.mean(xs)) if xs else 0.0
            keys = {n: key(n) for n in nodes}
            nodes.sort(key=lambda n: (keys[n], n))
            centre = float(np.mean(list(keys.values())))
            for x, n in enumerate(nodes):
                pos[n] = (centre + spacing * (x - (len(nodes) - 1) / 2), y)
    return pos


def _dot_id(s) -> str:
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _ranks(L, level) -> list:
    values = sorted({d[level] for _, d in L.nodes(data=True)})
    return ["  {rank=same; " + " ".join(f"{n};" for n, d in sorted(L.nodes(data=True))
                                        if d[level] == v) + "}" for v in values]


def subgroup_lattice_dot(group) -> str:
    """Graphviz DOT text of the lattice of subgroup classes (bottom to top).

    Nodes are class indices, labelled ``index: structure`` and the order;
    edges are maximal inclusions (see the module docstring).

    >>> text = subgroup_lattice_dot("S4")
    >>> text.count("->") == subgroup_lattice(parse_group("S4")).number_of_edges()
    True
    >>> '8 [label="8: D4\\\\norder 8"];' in text
    True
    """
    G = parse_group(group) if not isinstance(group, Group) else group
    L = subgroup_lattice(G)
    lines = [f"digraph {_dot_id(G.name)} {{",
             f"  // subgroup classes of {G.name} (order {G.order}); "
             "D<n> = the n-gon's group, order 2n",
             "  rankdir=BT;", "  node [shape=box, style=rounded, fontsize=10];"]
    for n, d in sorted(L.nodes(data=True)):
        label = _dot_id(f"{n}: {d['structure']}")[:-1] + f"\\norder {d['order']}\""
        lines.append(f"  {n} [label={label}];")
    lines += _ranks(L, "order")
    lines += [f"  {a} -> {b};" for a, b in sorted(L.edges())]
    return "\n".join(lines + ["}"])


def _subspace_graph(net, subspaces):
    if not hasattr(net, "row_labels"):
        raise InvalidTypeError(f"expected a TwoLayerNet, got {type(net).__name__}")
    if subspaces is None:
        subspaces = hidden_fixed_point_subspaces(net)
    return subspace_lattice(net, subspaces)


def subspace_lattice_dot(net, subspaces=None) -> str:
    """Graphviz DOT text of the lattice of hidden fixed-point subspaces (top to bottom).

    Node ``-1`` is Theta~ (``all``); node i is ``subspaces[i]``, labelled with
    its index and codim, filled red when hidden and blue when visible, with
    a thick outline (``penwidth=3``) when Theorem 3.3 applies.

    >>> from symtheory.networks.networks import TwoLayerNet
    >>> text = subspace_lattice_dot(TwoLayerNet("S3", "natural", "2*natural"))
    >>> text.count("->"), text.count("penwidth=3")
    (7, 2)
    """
    L = _subspace_graph(net, subspaces)
    lines = ["digraph subspaces {",
             f"  // fixed-point subspaces of {net!r}".replace("\n", " "),
             "  // red: hidden, blue: visible, thick outline: Theorem 3.3",
             "  rankdir=TB;", "  node [shape=circle, style=filled, fontsize=10];",
             f"  \"-1\" [label=\"all\", fillcolor=\"{_DOT_COLORS['all']}\"];"]
    for n, d in sorted(L.nodes(data=True)):
        if n == -1:
            continue
        color = _DOT_COLORS["hidden" if d["hidden"] else "visible"]
        pen = ", penwidth=3" if d["theorem_3_3"] else ""
        lines.append(f"  {n} [label=\"{n}\\ncodim {d['codim']}\", fillcolor=\"{color}\", "
                     f"fontcolor=white{pen}];")
    lines += [r.replace("-1;", '"-1";') for r in _ranks(L, "codim")]
    lines += [f"  {_dot_id(a) if a == -1 else a} -> {b};" for a, b in sorted(L.edges())]
    return "\n".join(lines + ["}"])


def _axes(ax, figsize):
    if ax is None:
        try:  # keep the session's backend (inline in Jupyter); Agg only as a fallback
            import matplotlib.pyplot as plt
        except ImportError:
            plt = require_matplotlib()
        fig, ax = plt.subplots(figsize=figsize)
    return ax.figure, ax


def draw_subgroup_lattice(group, ax=None):
    """Draw the Hasse diagram of the subgroup classes; returns the matplotlib Figure.

    One row per subgroup order (the y tick labels), nodes labelled
    ``index: structure``.

    >>> fig = draw_subgroup_lattice("D4")
    >>> fig.axes[0].get_ylabel(), len(fig.axes[0].get_yticks())
    ('subgroup order', 4)
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    G = parse_group(group) if not isinstance(group, Group) else group
    L = subgroup_lattice(G)
    pos = layered_positions(L, "order")
    orders = sorted({d["order"] for _, d in L.nodes(data=True)})
    fig, ax = _axes(ax, (max(5.0, 1.1 * max(sum(d["order"] == o for _, d in L.nodes(data=True))
                                            for o in orders)), 1.0 + 0.9 * len(orders)))
    labels = {n: f"{n}: {d['structure']}" for n, d in L.nodes(data=True)}
    nx.draw_networkx_edges(L, pos, ax=ax, arrows=False, edge_color="0.55")
    nx.draw_networkx_nodes(L, pos, ax=ax, node_color="white", edgecolors="black",
                           node_size=900)
    nx.draw_networkx_labels(L, pos, labels, ax=ax, font_size=7)
    ax.set_title(f"{G.name}: {L.number_of_nodes()} classes of subgroups, "
                 f"{L.number_of_edges()} maximal inclusions\n"
                 "(D<n>: the n-gon's group, order 2n)", fontsize=9)
    ax.set_yticks(range(len(orders)), [str(o) for o in orders])
    ax.set_ylabel("subgroup order")
    ax.tick_params(left=True, labelleft=True)
    ax.set_xticks([])
    return fig


def draw_subspace_lattice(net, subspaces=None, ax=None):
    """Draw the Hasse diagram of the hidden fixed-point subspaces; returns the Figure.

    Theta~ on top (``all``), one row per codimension; red hidden, blue
    visible, thick outline where Theorem 3.3 applies.

    >>> from symtheory.networks.networks import TwoLayerNet
    >>> fig = draw_subspace_lattice(TwoLayerNet("S3", "natural", "2*natural"))
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['codim 3', 'codim 2', 'codim 1', 'codim 0']
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    L = _subspace_graph(net, subspaces)
    neg = nx.DiGraph(L)
    nx.set_node_attributes(neg, {n: -d["codim"] for n, d in L.nodes(data=True)}, "level")
    pos = layered_positions(nx.reverse(neg), "level")
    codims = sorted({d["codim"] for _, d in L.nodes(data=True)}, reverse=True)
    width = max(sum(d["codim"] == c for _, d in L.nodes(data=True)) for c in codims)
    fig, ax = _axes(ax, (max(5.0, 0.8 * width + 2), 1.2 + 0.9 * len(codims)))
    nodes = sorted(L.nodes)
    colors = ["0.85" if n == -1 else (HIDDEN_COLOR if L.nodes[n]["hidden"] else VISIBLE_COLOR)
              for n in nodes]
    widths = [3.5 if L.nodes[n]["theorem_3_3"] else 1.0 for n in nodes]
    nx.draw_networkx_edges(L, pos, ax=ax, arrows=False, edge_color="0.7")
    nx.draw_networkx_nodes(L, pos, nodelist=nodes, ax=ax, node_color=colors,
                           edgecolors="black", linewidths=widths, node_size=500)
    nx.draw_networkx_labels(L, pos, {n: str(n) for n in nodes if n != -1}, ax=ax,
                            font_size=8, font_color="white")
    nx.draw_networkx_labels(L, pos, {-1: "all"}, ax=ax, font_size=8)
    ax.set_yticks(range(len(codims)), [f"codim {c}" for c in codims])
    ax.tick_params(left=True, labelleft=True)
    ax.set_xticks([])
    ax.set_title(f"fixed-point subspaces of {net.group.name}, hidden {net.hidden.name}\n"
                 "red hidden, blue visible, thick outline: Theorem 3.3", fontsize=9)
    return fig
