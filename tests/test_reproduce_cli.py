"""`symtheory reproduce`: bad seeds and file-like --out refused in one line, progress on a
terminal only, and reproduce() showing its figure inline in Jupyter."""

import io
import sys

import pytest

from symtheory.cli import main
from symtheory.paper import reproduce


def test_negative_seed_is_one_line_exit_2(tmp_path, capsys):
    assert main(["reproduce", "fig4", "--seed", "-1", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("symtheory: error: argument --seed: --seed must be "
                                               "between 0 and") and "got -1" in err[0]
    with pytest.raises(ValueError, match="seed must be between 0 and"):
        reproduce("fig4", seed=-1, out=tmp_path)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("name", ["fig4.png", "out.json"])
def test_out_naming_a_file_is_refused_and_nothing_created(tmp_path, capsys, name):
    target = tmp_path / name
    assert main(["reproduce", "fig4", "--out", str(target)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--out is a folder" in err[0]
    assert not target.exists()
    existing = tmp_path / "file"
    existing.write_text("x")
    assert main(["reproduce", "fig4", "--out", str(existing)]) == 2
    assert existing.read_text() == "x"


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_on_a_terminal_and_silent_when_quiet_or_piped(tmp_path, monkeypatch):
    pytest.importorskip("tqdm")
    opts = dict(out=tmp_path, grid_points=7, n_seeds=2, plot=False)
    term = _Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    reproduce("fig8", **opts)
    assert "fig8" in term.getvalue() and "/2 [" in term.getvalue()
    quiet = _Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    reproduce("fig8", progress=False, **opts)
    assert quiet.getvalue() == ""
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    reproduce("fig8", **opts)
    assert piped.getvalue() == ""


@pytest.mark.parametrize("fig, opts", [
    ("fig7", dict(grid_points=7, method="lbfgs")),
    ("fig12", dict(Ls=(1,), n_seeds=1, grid_points=5, n_samples=16)),
])
def test_single_figures_show_progress_too(tmp_path, monkeypatch, fig, opts):
    pytest.importorskip("tqdm")
    term = _Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    reproduce(fig, out=tmp_path, plot=False, **opts)
    assert f"{fig}:" in term.getvalue()


def test_reproduce_shows_its_png_inline_and_stays_a_dict(tmp_path):
    """In IPython the summary renders as image/png; it is still the JSON dict."""
    import json
    summary = reproduce("fig4", out=tmp_path, grid_points=11)
    assert isinstance(summary, dict) and summary == json.loads((tmp_path / "fig4.json").read_text())
    assert summary._repr_png_()[:4] == b"\x89PNG"
    formatters = pytest.importorskip("IPython.core.formatters")
    fmt = formatters.DisplayFormatter()
    data, _ = fmt.format(summary)
    assert data["image/png"][:4] == b"\x89PNG" and "text/plain" in data
    assert reproduce("fig4", out=tmp_path, grid_points=11, plot=False)._repr_png_() is None
