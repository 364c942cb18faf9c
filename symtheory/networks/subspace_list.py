"""The list of hidden fixed-point subspaces, shown as a table in Jupyter.

Examples
--------
>>> SubspaceList([])._repr_html_()
'0 fixed-point subspaces (0 hidden, red)<table><tr><th>#</th><th>equal neurons</th><th>dim</th><th>codim</th><th>hidden</th><th>Lemma 3.2</th><th>Theorem 3.3</th></tr></table>'
"""

from __future__ import annotations

__all__ = ["SubspaceList"]


class SubspaceList(list):
    r"""The list of :func:`hidden_fixed_point_subspaces`, shown as a table in Jupyter.

    A plain ``list`` of :class:`HiddenSubspace` (equal to one, sliceable)
    with ``_repr_html_`` and ``_repr_latex_``: one row per subspace, hidden
    rows marked, the Theorem 3.3 flag in bold.

    >>> from symtheory.networks.networks import TwoLayerNet
    >>> from symtheory.networks.hidden import hidden_fixed_point_subspaces
    >>> subs = hidden_fixed_point_subspaces(TwoLayerNet("S3", "natural", "2*natural"))
    >>> isinstance(subs, list), subs._repr_html_().count("<tr")
    (True, 6)
    >>> subs._repr_latex_().splitlines()[3]
    '0 & \\{0,1,2\\} & 3 & 1 & yes & yes & \\textbf{yes} \\\\'
    """

    _HEAD = ("#", "equal neurons", "dim", "codim", "hidden", "Lemma 3.2", "Theorem 3.3")

    def _cells(self):
        yes = {True: "yes", False: "no"}
        for i, s in enumerate(self):
            part = " ".join("{" + ",".join(map(str, b)) + "}" for b in s.partition)
            yield i, s, [str(i), part, str(s.dim), str(s.codim), yes[s.hidden],
                         yes[s.lemma_3_2], yes[s.theorem_3_3]]

    def _repr_html_(self) -> str:
        head = "<tr>" + "".join(f"<th>{h}</th>" for h in self._HEAD) + "</tr>"
        rows = []
        for _, s, c in self._cells():
            style = ' style="color:#b22222"' if s.hidden else ""
            c[6] = f"<b>{c[6]}</b>" if s.theorem_3_3 else c[6]
            rows.append(f"<tr{style}>" + "".join(f"<td>{x}</td>" for x in c) + "</tr>")
        return (f"{len(self)} fixed-point subspaces ({sum(s.hidden for s in self)} hidden, "
                "red)<table>" + head + "".join(rows) + "</table>")

    def _repr_latex_(self) -> str:
        lines = [r"\begin{array}{rlrrccc}",
                 " & ".join(r"\text{" + h + "}" for h in self._HEAD) + r" \\", r"\hline"]
        for _, s, c in self._cells():
            c[1] = c[1].replace("{", r"\{").replace("}", r"\}")
            c[6] = r"\textbf{" + c[6] + "}" if s.theorem_3_3 else c[6]
            lines.append(" & ".join(c) + r" \\")
        return "$" + "\n".join(lines + [r"\end{array}"]) + "$"
