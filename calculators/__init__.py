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
from .inputs import MAX_DEPTH, MAX_DOCUMENT_BYTES
from .money import exact

__all__ = ["answer", "compute", "compute_json", "ValidationError", "InvalidInput", "CALCULATORS", "__version__"]
__version__ = "1.0.0"

#: The registry: calculator name → its declaration (:class:`calculators.spec.Calculator`).
#: Adding a calculator is adding its module here; everything else reads this.
CALCULATORS = {module.SPEC.name: module.SPEC for module in (projection, risk_share, alliance, multi_year)}


def compute(name: str, inputs: dict) -> dict:
    """Run calculator ``name`` on JSON-like ``inputs``; a JSON-ready dict with an ``explanation``.

    Raises :class:`ValidationError` listing every problem with the inputs (or an
    unknown calculator name, reported against the field ``calculator``).
    """
    spec = CALCULATORS.get(name) if isinstance(name, str) else None
    if spec is None:
        raise ValidationError([InvalidInput(
            "calculator", f"unknown calculator {json.dumps(str(name))}; choose one of {', '.join(CALCULATORS)}")])
    try:
        check_depth(inputs)
        with exact():  # every sum that must come to 100 is compared exactly
            return spec.compute(inputs)
    except ValidationError as error:  # listed in the order of the form, so a reader meets them top to bottom
        order = {name: n for n, name in enumerate(spec.input_names)}
        error.problems.sort(key=lambda p: order.get(p.field.split(".")[0], -1))
        raise
    except decimal.DecimalException:  # a safety net: the input bounds keep every figure within 60 digits
        raise ValidationError([InvalidInput(
            "", "these inputs give figures too large to compute exactly; use smaller amounts or rates")]) from None


def check_depth(document) -> None:
    """Refuse inputs nested more than :data:`~calculators.inputs.MAX_DEPTH` deep (walked without recursion)."""
    stack = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        for child in children:
            if isinstance(child, (dict, list)):
                if depth + 1 > MAX_DEPTH:
                    raise ValidationError([InvalidInput(
                        "", f"the inputs are nested more than {MAX_DEPTH} levels deep; no calculator needs that")])
                stack.append((child, depth + 1))


def _number(text: str):
    """A JSON integer literal: an ``int``, or a ``Decimal`` when too long for one (the bounds then reject it)."""
    return int(text) if len(text) <= 30 else decimal.Decimal(text)


def parse(text, where: str = "the inputs", field: str = "", detail: bool = False) -> object:
    """Inputs from JSON text, within the limits on size and depth; raises :class:`ValidationError`.

    Problems are reported against ``field`` and speak of the text as ``where``; with
    ``detail``, a JSON syntax error also says what the parser expected (its wording
    varies between Python versions, so the browser's answers leave it out).
    """
    def problem(message):
        return ValidationError([InvalidInput(field, message)])

    if not isinstance(text, (str, bytes, bytearray)):
        raise problem(f"{where} must be JSON text")
    if len(text) > MAX_DOCUMENT_BYTES:
        raise problem(f"{where} are larger than {MAX_DOCUMENT_BYTES // 1_000_000} MB; no calculator needs that much")
    try:
        document = json.loads(text, parse_int=_number)
    except json.JSONDecodeError as error:  # the message is ours: the same on every Python version
        more = f": {error.msg}" if detail else ""
        raise problem(f"{where} are not valid JSON (line {error.lineno}, column {error.colno}){more}") from None
    except RecursionError:
        raise problem(f"{where} are nested more than {MAX_DEPTH} levels deep; no calculator needs that") from None
    except (TypeError, ValueError):
        raise problem(f"{where} must be JSON text") from None
    check_depth(document)
    return document


def dumps(document) -> str:
    """The package's one JSON encoding (key order as built, ASCII only): byte-identical everywhere."""
    return json.dumps(document, ensure_ascii=True)


def answer(name: str, inputs, *, text: bool = False) -> dict:
    """The answer to one request, never raising: ``{"ok": true, "result": {...}}`` or
    ``{"ok": false, "errors": [{"field": ..., "message": ...}, ...]}``.

    ``inputs`` is JSON-like, or JSON text with ``text=True`` (read within the limits).
    """
    try:
        return {"ok": True, "result": compute(name, parse(inputs) if text else inputs)}
    except ValidationError as error:
        return {"ok": False, "errors": [p.as_dict() for p in error.problems]}
    except Exception as error:  # noqa: BLE001 - the browser must always get an answer
        return {"ok": False, "errors": [{"field": "", "message": f"internal error: {type(error).__name__}: {error}"}]}


def compute_json(name: str, inputs_json: str) -> str:
    """JSON in, JSON out, never raises (see :func:`answer`)."""
    return dumps(answer(name, inputs_json, text=True))
