"""The calculators package, as the data layer uses it: its registry and its engine.

The package sits beside ``macros/`` at the repository's root; this puts the root on
``sys.path`` when the build runs from elsewhere, so every module imports it from here.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import calculators  # noqa: E402 - needs the root on sys.path
from calculators import CALCULATORS, ValidationError  # noqa: E402

from . import cache  # noqa: E402

__all__ = ["CALCULATORS", "MONEY_FIELDS", "ValidationError", "compute"]


def _names(inputs, kind: str):
    for i in inputs:
        if i.kind == kind:
            yield i.name
        yield from _names(i.fields, kind)


#: Input field names (at any level of any calculator's inputs) whose values are money,
#: from the calculators' declarations.
MONEY_FIELDS = frozenset(name for spec in CALCULATORS.values() for name in _names(spec.inputs, "money"))


_RESULTS: dict[str, dict] = {}


def compute(name: str, inputs: dict) -> dict:
    """:func:`calculators.compute`, worked out once per calculator and inputs.

    The preset checks and the pre-rendered calculator pages ask for the same results
    (the multi-year presets run 2,000 trials each): within a build the second ask gets a
    copy of the first answer, and across builds the answer is kept in the build cache
    (:mod:`macros.data.cache`) until the calculators' code changes. Rejected inputs
    raise every time; they are not kept.
    """
    text = json.dumps([name, inputs], sort_keys=True, default=str)
    if text not in _RESULTS:
        key = cache.digest(cache.source_digest("calculators"), text)
        _RESULTS[text] = cache.kept("results", key, lambda: calculators.compute(name, inputs))
    return copy.deepcopy(_RESULTS[text])
