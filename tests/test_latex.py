"""LaTeX for papers: booktabs + longtable fragments that name their packages, and
``--standalone`` documents that compile with pdflatex without overfull boxes.

Before: a bare ``tabular`` 735 pt wider than an A4 page, snake_case headings,
and ``hom --format latex`` failing in a plain article (it needs amsmath and
said nothing).  The compile tests run pdflatex in a temporary folder (its font
cache too) and skip where pdflatex is not installed (``.ci/run`` installs
Debian's texlive-latex-base and texlive-latex-recommended).
"""

import os
import re
import shutil
import subprocess

import pytest

from symtheory.cli import main

PDFLATEX = shutil.which("pdflatex")
needs_pdflatex = pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed "
                                    "(apt-get install texlive-latex-base texlive-latex-recommended)")

DOCUMENTS = {
    "table": ["table", "--groups", "S3", "S4", "D4", "--quiet"],
    "hidden": ["hidden", "S3", "--input", "natural + 2*trivial", "--hidden", "natural + 3*trivial"],
    "hidden_wide": ["hidden", "S4", "--input", "natural", "--hidden", "regular", "--max-codim", "1"],
    "hom": ["hom", "S3", "--input", "natural + trivial", "--output", "natural + trivial"],
    "hom_wide": ["hom", "S4", "--input", "regular", "--output", "natural"],
    "preps": ["preps", "S5"],
}


def latex(capsys, argv, *extra):
    assert main(argv + ["--format", "latex", *extra]) == 0
    return capsys.readouterr().out


def overfull_boxes(log: str) -> list:
    """Widths in pt of the overfull boxes pdflatex reports."""
    return [float(w) for w in re.findall(r"Overfull \\[hv]box \(([\d.]+)pt too", log)]


@pytest.mark.parametrize("name", ["table", "hidden", "hom"])
def test_fragment_names_its_packages_in_the_first_line(capsys, name):
    first = latex(capsys, DOCUMENTS[name]).splitlines()[0]
    assert first.startswith("% needs \\usepackage{") and "booktabs" in first and "longtable" in first
    if name == "hom":
        assert "amsmath" in first


def test_table_is_a_longtable_with_caption_and_aligned_numbers(capsys):
    text = latex(capsys, DOCUMENTS["table"])
    spec = re.search(r"\\begin\{longtable\}\{(\w+)\}", text).group(1)
    # G, hidden layer, H left; neurons, dim, subsp, hidden, codim right-aligned numbers
    assert spec == "lllrrrrrll"
    assert "\\caption{" in text and "\\toprule" in text and "\\endhead" in text
    assert "n\\_hidden" not in text and "neurons & dim" in text


@needs_pdflatex
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_standalone_documents_compile_without_overfull_boxes(capsys, tmp_path, name):
    text = latex(capsys, DOCUMENTS[name], "--standalone")
    assert text.startswith("\\documentclass") and text.rstrip().endswith("\\end{document}")
    (tmp_path / "doc.tex").write_text(text)
    env = dict(os.environ, TEXMFVAR=str(tmp_path / "texmf-var"),
               TEXMFCACHE=str(tmp_path / "texmf-cache"))
    done = subprocess.run([PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    log = (tmp_path / "doc.log").read_text(errors="replace")
    assert done.returncode == 0, log[-2000:]
    assert (tmp_path / "doc.pdf").exists()
    too_wide = [w for w in overfull_boxes(log) if w > 10]
    assert not too_wide, f"{name}: overfull boxes of {too_wide} pt"


def test_overfull_parser_reads_pdflatex_lines():
    log = "Overfull \\hbox (735.2pt too wide) in alignment at lines 3--40\n" \
          "Overfull \\vbox (2.5pt too high) has occurred"
    assert overfull_boxes(log) == [735.2, 2.5]
