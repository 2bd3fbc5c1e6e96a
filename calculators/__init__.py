"""Calculators for commissioning and contracting for integrated care.

Four calculators (how they work: the site's page "How the calculators work",
``docs/calculators/method.md``), run identically in
CPython (tests, command line, build-time pre-rendering) and in the browser's
Python (Pyodide):

* ``projection``: contract value over the life of a contract;
* ``risk-share``: one contract year between a commissioner and a prime contractor or provider;
* ``alliance``: pooled budget and gain/pain share across alliance partners;
* ``multi-year``: the risk share settled year by year over the life of a contract.

>>> compute("projection", {"first_year_value": "26500000", "years": 2, "uplift_pct": 1.3})["totals"]["value"]
'53344500.00'
>>> compute_json("projection", '{"first_year_value": "26500000", "years": 0}')
'{"ok": false, "errors": [{"field": "years", "message": "must be a whole number from 1 to 30, got 0"}]}'
"""

from __future__ import annotations

import decimal
import json

from . import alliance, multi_year, projection, risk_share
from .errors import InvalidInput, ValidationError

__all__ = ["compute", "compute_json", "ValidationError", "InvalidInput", "CALCULATORS", "__version__"]
__version__ = "1.0.0"

#: Calculator name → module with ``NAME``, ``TITLE`` and ``compute(data)``.
CALCULATORS = {module.NAME: module for module in (projection, risk_share, alliance, multi_year)}


def compute(name: str, inputs: dict) -> dict:
    """Run calculator ``name`` on JSON-like ``inputs``; a JSON-ready dict with an ``explanation``.

    Raises :class:`ValidationError` listing every problem with the inputs (or an
    unknown calculator name, reported against the field ``calculator``).
    """
    module = CALCULATORS.get(name) if isinstance(name, str) else None
    if module is None:
        raise ValidationError([InvalidInput(
            "calculator", f"unknown calculator {json.dumps(str(name))}; choose one of {', '.join(CALCULATORS)}")])
    try:
        return module.compute(inputs)
    except decimal.DecimalException:  # a safety net: the input bounds keep every figure within 60 digits
        raise ValidationError([InvalidInput(
            "", "these inputs give figures too large to compute exactly; use smaller amounts or rates")]) from None


def dumps(document) -> str:
    """The package's one JSON encoding (key order as built, ASCII only): byte-identical everywhere."""
    return json.dumps(document, ensure_ascii=True)


def compute_json(name: str, inputs_json: str) -> str:
    """JSON in, JSON out, never raises: what the browser calls.

    Returns ``{"ok": true, "result": {...}}`` or ``{"ok": false, "errors":
    [{"field": ..., "message": ...}, ...]}``.
    """
    try:
        try:
            inputs = json.loads(inputs_json)
        except json.JSONDecodeError as error:  # the message is ours: the same on every Python version
            raise ValidationError([InvalidInput(
                "", f"the inputs are not valid JSON (line {error.lineno}, column {error.colno})")]) from None
        except (TypeError, ValueError):
            raise ValidationError([InvalidInput("", "the inputs must be JSON text")]) from None
        return dumps({"ok": True, "result": compute(name, inputs)})
    except ValidationError as error:
        return dumps({"ok": False, "errors": [p.as_dict() for p in error.problems]})
    except Exception as error:  # noqa: BLE001 - the browser must always get an answer
        return dumps({"ok": False, "errors": [{"field": "", "message": f"internal error: {type(error).__name__}: {error}"}]})
