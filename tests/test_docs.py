"""Every module, public function, class and public method has a doctested example.

The doctests themselves run through ``--doctest-modules`` (setup.cfg); this
test makes sure there is one to run for each public name: the module
docstring, every function and class in ``__all__`` defined in the module, and
the public methods of those classes (properties are documented on the
class).  The error classes of :mod:`symtheory.exceptions` are documented by
their messages and the module's example.
"""

import importlib
import inspect
import pkgutil

import pytest

import symtheory

MODULES = sorted(m.name for m in pkgutil.walk_packages(symtheory.__path__, "symtheory."))


def _has_example(obj) -> bool:
    return ">>>" in (inspect.getdoc(obj) or "")


@pytest.mark.parametrize("name", MODULES)
def test_module_declares_all_and_examples(name):
    module = importlib.import_module(name)
    assert hasattr(module, "__all__"), f"{name} has no __all__"
    missing = [] if _has_example(module) else ["<module docstring>"]
    for public in module.__all__:
        obj = getattr(module, public)
        if not (inspect.isfunction(obj) or inspect.isclass(obj)):
            continue  # constants
        if getattr(obj, "__module__", name) != name:
            continue  # re-exported from another module; checked there
        if name == "symtheory.exceptions":
            continue
        if not _has_example(obj):
            missing.append(public)
        if inspect.isclass(obj):
            for attr, value in vars(obj).items():
                if attr.startswith("_") or not inspect.isfunction(value):
                    continue  # private, properties, cached properties
                if not _has_example(value):
                    missing.append(f"{public}.{attr}")
    assert not missing, f"{name}: no doctest example in {missing}"
