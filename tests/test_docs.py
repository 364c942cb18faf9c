"""Every public function and class has a doctested example, and every module an ``__all__``.

The doctests themselves run through ``--doctest-modules`` (setup.cfg); this
test makes sure there is one to run for each public name.
"""

import importlib
import inspect
import pkgutil

import pytest

import symtheory

MODULES = sorted(m.name for m in pkgutil.iter_modules(symtheory.__path__, "symtheory."))


@pytest.mark.parametrize("name", MODULES)
def test_module_declares_all_and_examples(name):
    module = importlib.import_module(name)
    assert hasattr(module, "__all__"), f"{name} has no __all__"
    missing = []
    for public in module.__all__:
        obj = getattr(module, public)
        if not (inspect.isfunction(obj) or inspect.isclass(obj)):
            continue  # constants
        if getattr(obj, "__module__", name) != name:
            continue  # re-exported from another module; checked there
        if inspect.isclass(obj) and issubclass(obj, BaseException):
            continue  # exceptions are documented by their message
        if ">>>" not in (inspect.getdoc(obj) or ""):
            missing.append(public)
    assert not missing, f"{name}: no doctest example in {missing}"
