"""Turning pydantic's validation errors into plain sentences that name the field."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from . import schema
from .paths import shown as _shown
from .problems import Problem
from .read import DataFile

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "date_type": "a date",
}

_UNION_TAGS = {"fact", "reported", "illustrative"}


def _loc_to_path(loc: tuple) -> str:
    parts = [str(p) for p in loc]
    # Drop the union tag pydantic puts after a preset input's name.
    cleaned = []
    for i, part in enumerate(parts):
        if part in _UNION_TAGS and i >= 2 and parts[i - 2] == "inputs":
            continue
        cleaned.append(part)
    return ".".join(cleaned)


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types inside Annotated / Optional / Union."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _model_at(model: type[BaseModel], parts: list[str]) -> type[BaseModel] | None:
    """The model class that the location ``parts`` (inside ``model``) points at."""
    current: Any = model
    queue = list(parts)
    while queue:
        part = queue.pop(0)
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        candidates = _unwrap(info.annotation)
        current = None
        for candidate in candidates:
            origin = typing.get_origin(candidate)
            if origin in (list, dict) and queue:
                queue.pop(0)  # the index or key
                inner = typing.get_args(candidate)[-1]
                inner_types = [t for t in _unwrap(inner) if isinstance(t, type) and issubclass(t, BaseModel)]
                current = inner_types[0] if len(inner_types) == 1 else None
                break
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                current = candidate
                break
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _is_percentage(path: str) -> bool:
    parts = path.split(".")
    return parts[-1] == "percent" or parts[-1].endswith("_pct") or (len(parts) > 1 and parts[-2] == "by_year")


def _describe(error: dict, model: type[BaseModel]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    got = "" if isinstance(value, (dict, list)) else f", got {_shown(value)}"
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        parent = _model_at(model, [p for p in _loc_to_path(error["loc"][:-1]).split(".") if p])
        allowed = f"; allowed keys: {', '.join(parent.model_fields)}" if parent else ""
        return f"unknown key{allowed}"
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}{got}"
    if kind == "literal_error":
        return f"expected one of {ctx.get('expected')}{got}"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if pattern == schema.ID_PATTERN:
            return f"expected an id of lower-case words joined by hyphens, e.g. 'prime-contractor'{got}"
        if pattern.startswith("^https?"):
            return f"expected a web address starting with https:// or http://{got}"
        return f"expected text matching {pattern}{got}"
    if kind in ("too_short", "string_too_short"):
        return "expected at least one item" if kind == "too_short" else "expected some text, got an empty string"
    path = _loc_to_path(error["loc"])
    if kind in ("greater_than_equal", "less_than_equal", "finite_number") and _is_percentage(path):
        low = "0" if path.endswith("weight_pct") else "-100"
        return f"expected a percentage from {low} to 100 (2.5 means 2.5%){got}"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        words = {
            "greater_than": "greater than",
            "greater_than_equal": "at least",
            "less_than": "less than",
            "less_than_equal": "at most",
        }[kind]
        bound = next(iter(ctx.values()), "")
        return f"expected a number {words} {bound}{got}"
    if kind == "value_error":
        return f"{error['msg'].removeprefix('Value error, ')}{got}"
    return f"{error['msg']}{got}"


def validate(file: DataFile, model: type[BaseModel], problems: list[Problem]):
    """``file``'s content as a ``model``, or None with every problem appended to ``problems``."""
    try:
        return model.model_validate(file.raw)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            problems.append(file.problem(_loc_to_path(item["loc"]), _describe(item, model)))
        return None


