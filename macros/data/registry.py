"""The calculators package, as the data layer uses it: its registry and its engine.

The package sits beside ``macros/`` at the repository's root; this puts the root on
``sys.path`` when the build runs from elsewhere, so every module imports it from here.
"""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from calculators import CALCULATORS, ValidationError, compute  # noqa: E402 - needs the root on sys.path

__all__ = ["CALCULATORS", "MONEY_FIELDS", "ValidationError", "compute"]


def _names(inputs, kind: str):
    for i in inputs:
        if i.kind == kind:
            yield i.name
        yield from _names(i.fields, kind)


#: Input field names (at any level of any calculator's inputs) whose values are money,
#: from the calculators' declarations.
MONEY_FIELDS = frozenset(name for spec in CALCULATORS.values() for name in _names(spec.inputs, "money"))
