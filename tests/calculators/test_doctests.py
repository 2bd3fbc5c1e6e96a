"""The examples in the docstrings (formulas with a worked case, as numpy-financial does) stay true."""

import doctest
import importlib
import pkgutil

import pytest

import calculators

#: Every module of the package that has examples in its docstrings.
MODULES = ["calculators"] + [f"calculators.{m.name}" for m in pkgutil.iter_modules(calculators.__path__)
                             if m.name != "__main__"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    failures, tried = doctest.testmod(module)
    with open(module.__file__, encoding="utf-8") as source:
        has_examples = ">>>" in source.read()
    assert not failures and (tried or not has_examples)
