"""The package layout: imports only go down the layers, and no module is too long.

Layers, lowest first (``exceptions``, ``io`` and ``interrupts`` are used by all):
algebra <- networks <- landscape, sphere <- paper, tables <- cli.
``landscape`` and ``sphere`` never import each other.
"""

import ast
import pathlib

import pytest

import symtheory

ROOT = pathlib.Path(symtheory.__file__).parent
#: The symtheory parts each part may import (besides itself, exceptions, io).
ALLOWED = {
    "algebra": set(),
    "networks": {"algebra"},
    "landscape": {"algebra", "networks"},
    "sphere": set(),
    "paper": {"algebra", "networks", "landscape", "sphere"},
    "tables": {"algebra", "networks"},
    "drawing": {"algebra", "networks"},
    "census": {"algebra", "tables", "limits"},
    "limits": set(),
    "testing": {"algebra"},
    "manual": {"tables"},
    "cli": {"algebra", "networks", "landscape", "sphere", "paper", "tables", "drawing", "census",
            "manual"},
    "__main__": {"cli"},
    "__init__": {"algebra", "networks", "landscape", "tables", "testing"},
    "exceptions": set(),
    "io": set(),
    "interrupts": set(),
    "validation": set(),
}
BASE = {"exceptions", "io", "interrupts", "validation"}


def _part(path: pathlib.Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    return rel.parts[0]


def _imported_parts(path: pathlib.Path, root: pathlib.Path = ROOT):
    """The top-level symtheory parts a module imports (relative or absolute)."""
    tree = ast.parse(path.read_text())
    depth = len(path.relative_to(root).parts) - 1  # 0 for top-level modules
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                up = node.level - 1
                if up > depth:
                    continue
                here = list(path.relative_to(root).parts[:depth - up])
                target = here + (node.module.split(".") if node.module else [])
                if not target:  # "from .. import x"
                    target = [a.name for a in node.names]
                    yield from (t for t in target)
                    continue
                yield target[0]
            elif node.module and node.module.split(".")[0] == "symtheory":
                parts = node.module.split(".")
                yield parts[1] if len(parts) > 1 else node.names[0].name
        elif isinstance(node, ast.Import):
            for a in node.names:
                parts = a.name.split(".")
                if parts[0] == "symtheory" and len(parts) > 1:
                    yield parts[1]


MODULES = sorted(ROOT.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_go_down_the_layers(path):
    part = _part(path)
    allowed = ALLOWED[part] | BASE | {part}
    bad = sorted(set(_imported_parts(path)) - allowed)
    assert not bad, f"{path.relative_to(ROOT)} ({part}) imports {bad}; allowed: {sorted(allowed)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_over_800_lines(path):
    n = len(path.read_text().splitlines())
    assert n <= 800, f"{path.relative_to(ROOT)} has {n} lines; split it by mathematical object"


def test_no_prefix_standing_in_for_a_folder():
    names = [p.stem for p in ROOT.rglob("*.py")]
    assert not [n for n in names if n.startswith("sphere_")]


def test_the_layer_check_sees_a_violation(tmp_path):
    (tmp_path / "algebra").mkdir()
    probe = tmp_path / "algebra" / "probe.py"
    probe.write_text("from ..networks.networks import TwoLayerNet\n"
                     "from .groups import Group\nfrom symtheory.landscape import loss\n")
    assert set(_imported_parts(probe, tmp_path)) == {"networks", "algebra", "landscape"}
