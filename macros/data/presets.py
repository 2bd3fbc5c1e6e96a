"""Calculator presets: from ``presets:`` in the case-study files to JSON inputs.

A preset input is one of three kinds (see ``data/README.md``)::

    first_year_value: {fact: contract.first_year_value.amount}         # reported, from this file
    risk_applied_pct: {value: 100, source: {ref: addicott-2014, page: "19"}}  # reported here
    actual_cost: {value: 23500000, illustrative: "why this was assumed"}   # an assumption

Keys are calculator input field paths; a dotted key such as ``measures.0.name`` sets
one part of a list or mapping given by another key (``measures``), so the names can be
facts while the weights are assumptions. Money fields become decimal strings
(``"26500000"``) so no float ever touches a sum.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .. import citations
from . import schema
from .paths import PathError, as_number, nearest_source, resolve
from .problems import Problem
from .registry import MONEY_FIELDS, ValidationError, compute

if TYPE_CHECKING:
    from .read import DataFile
    from .site import SiteData



class PresetError(ValueError):
    """A preset input cannot be built; ``key`` is the input it concerns."""

    def __init__(self, key: str, message: str, where: str = ""):
        super().__init__(message)
        self.key = key
        self.where = where  # the part of the input spec at fault, e.g. "fact"


def _json_value(value: Any, field: str | None = None) -> Any:
    """A data value as JSON: money as decimal strings, whole floats as ints."""
    if isinstance(value, schema.BaseModel):
        value = value.model_dump()
    if isinstance(value, dict):
        return {k: _json_value(v, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if field in MONEY_FIELDS:
        return format(Decimal(str(value)).normalize(), "f")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _cite(data: SiteData, source: schema.Source) -> str:
    reference = data.references.get(source.ref)
    return citations.label(reference, source.page) if reference else f"{source.ref}, {source.page}"


def _times(value: Any, factor: Any) -> Decimal:
    """value × factor, exactly, rounded once to the penny (half up)."""
    product = Fraction(as_number(value)) * (Fraction(factor) if isinstance(factor, str) else Fraction(as_number(factor)))
    pennies = (Decimal(product.numerator) / Decimal(product.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return pennies


def _input(case: schema.CaseStudy, key: str, spec, data: SiteData) -> tuple[Any, dict]:
    field = key.rsplit(".", 1)[-1]
    if isinstance(spec, schema.FactInput):
        try:
            value, chain = resolve(case, spec.fact)
        except PathError as error:
            raise PresetError(key, str(error), "fact") from None
        source = nearest_source(value, chain)
        if isinstance(value, schema.BaseModel):
            raise PresetError(key, f"{spec.fact!r} is a group of fields, not a single value", "fact")
        if spec.times is not None:
            try:
                factor, _ = resolve(case, spec.times)
                value = _times(value, factor)
            except PathError as error:
                raise PresetError(key, str(error), "times") from None
            except (TypeError, ValueError, ZeroDivisionError) as error:
                raise PresetError(key, f"cannot multiply: {error}", "times") from None
        mark = {"basis": "reported", "source": _cite(data, source) if source else ""}
        return _json_value(value, field), mark
    if isinstance(spec, schema.ReportedInput):
        return _json_value(spec.value, field), {
            "basis": "reported",
            "source": _cite(data, spec.source),
        }
    return _json_value(spec.value, field), {"basis": "illustrative", "note": spec.illustrative}


def _place(inputs: dict, key: str, value: Any) -> None:
    """Set ``inputs[key]``, where ``key`` may be a dotted path into a value set earlier."""
    parts = key.split(".")
    target: Any = inputs
    for depth, part in enumerate(parts[:-1]):
        where = ".".join(parts[: depth + 1])
        if isinstance(target, dict) and part in target:
            target = target[part]
        elif isinstance(target, list) and part.isdigit() and int(part) < len(target):
            target = target[int(part)]
        else:
            raise PresetError(key, f"sets part of {where!r}, which no other input provides at that position")
    last = parts[-1]
    if isinstance(target, list):
        if not (last.isdigit() and int(last) < len(target)):
            raise PresetError(key, f"index {last!r} is outside the list it points into")
        target[int(last)] = value
    elif isinstance(target, dict):
        target[last] = value
    else:
        raise PresetError(key, "points inside a value that is neither a list nor a mapping")


def build(case: schema.CaseStudy, preset: schema.Preset, data: SiteData) -> dict:
    """The exported JSON for one preset: calculator, case_study, title, inputs, marks."""
    inputs: dict = {}
    marks: dict = {}
    for key in sorted(preset.inputs, key=lambda k: k.count(".")):  # whole values first
        value, mark = _input(case, key, preset.inputs[key], data)
        _place(inputs, key, value)
        marks[key] = mark
    # keep the marks in the order the file gives them
    marks = {key: marks[key] for key in preset.inputs}
    return {
        "calculator": preset.calculator,
        "case_study": case.id,
        "title": preset.title,
        "inputs": inputs,
        "marks": marks,
    }


def _input_key_for(field: str, keys) -> str | None:
    """The preset input key that an engine error's field path falls under."""
    best = None
    for key in keys:
        if field == key or field.startswith(key + "."):
            if best is None or len(key) > len(best):
                best = key
    return best


def check_case(case: schema.CaseStudy, file: DataFile, data: SiteData) -> list[Problem]:
    """Every problem with one case study's presets (``file`` locates them in its YAML).

    A value the calculator rejects is reported where it is written: at the fact it was
    taken from (``payment.terms.x.percent``) when it is one, else at the preset's input.
    """
    problems: list[Problem] = []
    for index, preset in enumerate(case.presets):
        base = f"presets.{index}"
        if not preset.id.startswith(f"{case.id}-"):
            problems.append(
                file.problem(f"{base}.id", f"expected an id starting {case.id + '-'!r} (case id, then calculator), got {preset.id!r}")
            )
        try:
            built = build(case, preset, data)
        except PresetError as error:
            where = f".{error.where}" if error.where else ""
            problems.append(file.problem(f"{base}.inputs.{error.key}{where}", f"preset {preset.id}: {error}"))
            continue
        try:
            compute(preset.calculator, built["inputs"])
        except ValidationError as error:
            for item in error.problems:
                key = _input_key_for(item.field, preset.inputs)
                spec = preset.inputs.get(key) if key else None
                rejected = f"the {preset.calculator} calculator rejects {item.field or 'the inputs'}: {item.message}"
                if isinstance(spec, schema.FactInput) and spec.times is None:
                    fact_path = spec.fact + item.field[len(key):]  # the list item inside the fact, if any
                    problems.append(file.problem(fact_path, f"{rejected} (preset {preset.id} takes {key} from here)"))
                else:
                    path = f"{base}.inputs.{key}" if key else f"{base}.inputs"
                    problems.append(file.problem(path, f"preset {preset.id}: {rejected}"))
    return problems


def check_unique(data: SiteData, files: dict[str, DataFile]) -> list[Problem]:
    """No preset id is used twice, across all case studies."""
    seen: dict[str, str] = {}
    problems = []
    for case in data.case_studies.values():
        for index, preset in enumerate(case.presets):
            if preset.id in seen:
                problems.append(
                    files[f"case:{case.id}"].problem(
                        f"presets.{index}.id", f"preset id {preset.id!r} is already used in {seen[preset.id]}"
                    )
                )
            seen[preset.id] = files[f"case:{case.id}"].shown
    return problems


def export(data: SiteData) -> dict:
    """Every preset of every case study, keyed by preset id."""
    return {
        preset.id: build(case, preset, data)
        for case in data.case_studies.values()
        for preset in case.presets
    }
