"""Any call of any page macro returns text or fails with a PageError naming the page.

The macros are called as mkdocs-macros calls them (wrapped by macros.render.errors.guard)
with arguments of every kind: real ids, unknown ones, wrong types, too many, too few.
"""

from __future__ import annotations

import functools
import itertools

import pytest

from macros import data as site_data
from macros.data import PageError
from macros.render import MACROS, errors
from macros.render.page import Page

VALUES = ["lambeth", "salford", "alliance", "addicott-2014", "contract.total_value.amount", "partners.0.name",
          "partners.99", "", "x" * 300, None, 0, -1, 2, 3.5, True, [], {}, "../../etc", "{{ x }}", "<b>"]


@pytest.fixture(scope="module")
def data():
    return site_data.load()


def calls():
    for name in MACROS:
        for count in range(4):
            for args in itertools.islice(itertools.product(VALUES, repeat=count), 0, 400, 7 if count > 1 else 1):
                yield name, args


@pytest.mark.parametrize("name", list(MACROS))
def test_every_call_returns_text_or_a_page_error(data, page_env, name):
    page = Page(page_env("report/comparison.md"), data)
    macro = errors.guard(name, functools.partial(MACROS[name], page), lambda: page.where, bound_first=True)
    for macro_name, args in calls():
        if macro_name != name:
            continue
        try:
            result = macro(*args)
        except PageError as error:
            assert all(p.file == "docs/report/comparison.md" for p in error.problems), error
            assert all(len(str(p)) < 400 for p in error.problems), error
        else:
            assert isinstance(result, str), (name, args)
