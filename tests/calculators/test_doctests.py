"""The examples in the docstrings (formulas with a worked case, as numpy-financial does) stay true."""

import doctest
import importlib

import pytest

MODULES = ["calculators", "calculators.money", "calculators.projection", "calculators.risk_share",
           "calculators.alliance", "calculators.multi_year", "calculators.uncertainty"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    failures, tried = doctest.testmod(importlib.import_module(name))
    assert tried and not failures
