"""Dotted paths into the validated data: ``contract.total_value.amount``, ``partners.0.name``.

A leaf module: pages (``fact()``), presets (``{fact: ...}``) and the checks all follow
paths the same way, and name what exists when a path leads nowhere.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from pydantic import BaseModel


class PathError(LookupError):
    """A dotted path does not lead to a value."""


def shown(value: Any) -> str:
    """A value as a message quotes it: its repr, cut to 60 characters."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def resolve(obj: Any, path: str) -> tuple[Any, list[Any]]:
    """Follow a dotted path through models, mappings and lists.

    Returns the value and the chain of containers above it (nearest last), so callers
    can find the nearest ``source`` and know what kind of figure the value is.
    """
    chain: list[Any] = []
    current = obj
    for part in path.split("."):
        chain.append(current)
        if isinstance(current, BaseModel) and part in type(current).model_fields:
            current = getattr(current, part)
        elif isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, (list, tuple)) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            if isinstance(current, BaseModel):
                options = list(type(current).model_fields)
            elif isinstance(current, dict):
                options = list(current)
            elif isinstance(current, (list, tuple)):
                options = [f"0 to {len(current) - 1}"] if current else ["(the list is empty)"]
            else:
                options = []
            where = ".".join(path.split(".")[: len(chain) - 1]) or "the top level"
            hint = f"; at {where} expected one of: {', '.join(options)}" if options else ""
            raise PathError(f"{path!r} does not exist: no {part!r}{hint}")
        if current is None:
            raise PathError(f"{path!r} is empty")
    return current, chain


def nearest_source(value: Any, chain: list[Any]) -> Any:
    """The ``source`` (``{ref, page}``) of the value itself or of its nearest enclosing fact."""
    for candidate in [value, *reversed(chain)]:
        source = getattr(candidate, "source", None)
        if isinstance(source, BaseModel) and hasattr(source, "ref"):
            return source
    return None


def as_number(value: Any) -> Decimal:
    """A fact value as an exact Decimal (a fraction such as "2/3" to Decimal precision)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError(f"expected a number, got {shown(value)}")
    if isinstance(value, str) and "/" in value:
        fraction = Fraction(value)
        return Decimal(fraction.numerator) / Decimal(fraction.denominator)
    return Decimal(str(value))
