"""How a calculator is declared: its inputs, its outputs and its layout, once.

Each calculator module declares one :class:`Calculator`. Everything else is
derived from that declaration by generic code:

* validation (:meth:`Calculator.read` and :meth:`Input.read`: kinds, bounds,
  defaults and the allowed fields of every object);
* the form on the page (``macros/render/calculator_pages.py`` walks :attr:`Calculator.sections`);
* the result as HTML (:mod:`calculators.render`), in the build and in the browser;
* the command line's ``--format table`` and the CSV download (:mod:`calculators.formats`);
* the JSON Schema of the inputs (:meth:`Calculator.json_schema`);
* the input table on the calculator's documentation page.

An input's ``kind`` is one of ``money`` (pounds and pence), ``pct`` (a number of
per cent), ``int`` (a whole number), ``text``, ``choice`` (one of ``choices``),
``bool`` (yes or no), ``list`` (a list of single values, each an ``item``) or
``rows`` (a list of objects, each with ``fields``) or ``object`` (one object with
``fields``, which may be objects in turn). Percentages are numbers of
per cent: ``2.5`` means 2.5%.

>>> from calculators import CALCULATORS
>>> spec = CALCULATORS["risk-share"]
>>> spec.input("measures.2.weight_pct").label
'Weight'
>>> spec.label_for("measures.2.weight_pct")
'Outcome measures, measure 3: weight'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable

from .inputs import MAX_MONEY, MISSING, Problems, Reader, check_number, plain, plain_money

#: ``default=REQUIRED``: the input must be given. ``default=None``: it may be left out.
REQUIRED = MISSING

#: Limits on what any input may hold (so that no input or link can stall a reader's browser).
MAX_LIST = 60
MAX_TEXT = 100

KINDS = ("money", "pct", "number", "int", "text", "choice", "bool", "list", "rows", "object")

_PCT_WHAT = "a percentage (a number, such as 2.5 for 2.5%)"


@dataclass(frozen=True)
class Input:
    """One input of a calculator (or one field of a row, or the item of a list)."""

    name: str
    label: str
    kind: str = "pct"
    hint: str = ""
    default: Any = REQUIRED
    low: Any = None
    high: Any = None
    low_open: bool = False
    high_open: bool = False
    unit: str = ""  # words after the box ("years", "points"); £ and % follow from the kind
    choices: tuple = ()  # (value, label) pairs, for choice
    when: tuple | None = None  # (sibling field, value): the field applies only to such rows
    item: "Input | None" = None  # list: what each entry is
    fields: tuple = ()  # rows: the fields of each row
    item_label: str = ""  # list and rows: "Year {n}", "{n}" the entry's number
    number_from: int = 1
    add_label: str = "Add"
    min_items: int = 0
    max_items: int = MAX_LIST
    blank: str = "omit"  # what an empty box sends: "omit" (the default applies) or "null"
    width: int = 0
    what: str = ""  # how an allowed value is described in messages
    initial: Any = None  # what a new row's box starts with in the form, for a required field
    assumed: str = ""  # why the default is an assumption (marked so wherever a preset leaves it)
    form: bool = True  # shown in the form (False: accepted from JSON and links only)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"input {self.name!r}: unknown kind {self.kind!r}; expected one of {', '.join(KINDS)}")

    # -- Derived facts, for the form, the schema and messages --

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    @property
    def lowest(self):
        """The lower bound as a Decimal (a percentage's is 0 unless declared)."""
        return _dec(self.low, 0 if self.kind == "pct" else None)

    @property
    def highest(self):
        """The upper bound as a Decimal (a percentage's is 100 unless declared)."""
        return _dec(self.high, 100 if self.kind == "pct" else None)

    @property
    def prefix(self) -> str:
        return "£" if self.kind == "money" else ""

    @property
    def suffix(self) -> str:
        return self.unit or ("%" if self.kind == "pct" else "")

    def field(self, name: str) -> "Input | None":
        """The row field called ``name`` (rows only)."""
        return next((f for f in self.fields if f.name == name), None)

    def applies(self, row: dict) -> bool:
        """Whether this row field applies to ``row`` (its ``when`` condition holds)."""
        return self.when is None or row.get(self.when[0]) == self.when[1]

    def allowed(self, row) -> tuple:
        """The field names a row may have: those whose condition holds, or all while it cannot be told."""
        key = next((f.when[0] for f in self.fields if f.when), None)
        value = row.get(key) if isinstance(row, dict) else None
        known = isinstance(value, str) and value in {f.when[1] for f in self.fields if f.when}
        return tuple(f.name for f in self.fields if not known or f.applies(row))

    # -- Reading --

    def read(self, r: Reader):
        """The typed value of this input in the object ``r`` reads (``None`` after a problem)."""
        kind, key = self.kind, self.name
        if kind == "money":
            return r.money(key, default=self.default, positive=bool(self.low_open))
        if kind in ("pct", "number"):
            return r.number(key, default=self.default, low=self.lowest, high=self.highest,
                            low_open=self.low_open, high_open=self.high_open, what=self.what or _PCT_WHAT)
        if kind == "int":
            return r.integer(key, default=self.default, low=self.low, high=self.high)
        if kind == "text":
            value = r.text(key, default=self.default)
            if value is not None and len(value) > MAX_TEXT:
                r.problems.add(r.field(key), f"must be at most {MAX_TEXT} characters long, got {len(value)}")
                return None
            return value
        if kind == "choice":
            return r.choice(key, tuple(v for v, _ in self.choices), default=self.default)
        if kind == "bool":
            return r.boolean(key, default=self.default)
        if kind == "list":
            return self.read_list(r)
        if kind == "object":
            return self.read_object(r)
        return self.read_rows(r)

    def object_reader(self, r: Reader) -> Reader | None:
        """A reader of this object input in ``r`` (``None`` if it was not given or is not an object)."""
        if not r.has(self.name):
            if self.required and r.ok:
                r.problems.add(r.field(self.name), f"is required: give {{{', '.join(f.name + ': ...' for f in self.fields)}}}")
            return None
        inner = Reader(r.problems, r.data[self.name], r.field(self.name), tuple(f.name for f in self.fields))
        return inner if inner.ok else None

    def read_object(self, r: Reader):
        inner = self.object_reader(r)
        return None if inner is None else {f.name: f.read(inner) for f in self.fields}

    def entries(self, r: Reader, max_items=None):
        """``[(path, raw entry), ...]`` of a list or rows input, within its limits (``None`` if invalid)."""
        limit = self.max_items if max_items is None else min(max_items, self.max_items)
        return r.items(self.name, default=self.default, min_items=self.min_items, max_items=limit)

    def read_list(self, r: Reader, max_items=None):
        entries = self.entries(r, max_items)
        if entries is None:
            return None
        item = self.item
        return tuple(
            check_number(r.problems, path, plain_money(raw) if item.kind == "money" else raw,
                         low=item.lowest, high=item.highest, low_open=item.low_open,
                         high_open=item.high_open, what=item.what or _PCT_WHAT)
            for path, raw in entries
        )

    def row_reader(self, problems: Problems, path: str, raw) -> Reader:
        return Reader(problems, raw, path, self.allowed(raw))

    def read_row(self, row: Reader) -> dict:
        """One row's values: its unconditional fields, then those whose condition the values read meet."""
        values = {f.name: f.read(row) for f in self.fields if f.when is None}
        values.update({f.name: f.read(row) for f in self.fields if f.when is not None and f.applies(values)})
        return values

    def read_rows(self, r: Reader, max_items=None):
        """Each row as a dict of its applicable fields' values (``None`` for a problem)."""
        entries = self.entries(r, max_items)
        if entries is None:
            return None
        return tuple(self.read_row(self.row_reader(r.problems, path, raw)) for path, raw in entries)

    # -- Describing --

    def json_schema(self) -> dict:
        """This input as a JSON Schema (draft 2020-12) property."""
        schema: dict = {"title": self.label}
        if self.hint:
            schema["description"] = self.hint
        number = {"type": ["number", "string"]}
        if self.kind in ("money", "pct", "number"):
            schema.update(number)
            low = self.lowest
            high = MAX_MONEY if self.kind == "money" else self.highest
            if low is not None:
                schema["exclusiveMinimum" if self.low_open else "minimum"] = _num(low)
            if high is not None:
                schema["exclusiveMaximum" if self.high_open else "maximum"] = _num(high)
        elif self.kind == "int":
            schema["type"] = "integer"
            if self.low is not None:
                schema["minimum"] = self.low
            if self.high is not None:
                schema["maximum"] = self.high
        elif self.kind == "text":
            schema.update(type="string", minLength=1, maxLength=MAX_TEXT)
        elif self.kind == "choice":
            schema["enum"] = [v for v, _ in self.choices]
        elif self.kind == "bool":
            schema["type"] = "boolean"
        elif self.kind == "list":
            schema.update(type="array", items=self.item.json_schema(), maxItems=self.max_items)
        elif self.kind == "object":
            schema.update(type=["object", "null"] if self.default is None else "object", additionalProperties=False,
                          properties={f.name: f.json_schema() for f in self.fields},
                          required=[f.name for f in self.fields if f.required])
        else:
            schema.update(type="array", maxItems=self.max_items, items={
                "type": "object", "additionalProperties": False,
                "properties": {f.name: f.json_schema() for f in self.fields},
                "required": [f.name for f in self.fields if f.required and f.when is None],
            })
        if self.min_items and self.kind in ("list", "rows"):
            schema["minItems"] = self.min_items
        if self.default is not REQUIRED and self.default is not None:
            schema["default"] = self.default
        if self.default is None and self.kind in ("money", "pct", "number", "int"):
            schema["type"] = [*([schema["type"]] if isinstance(schema["type"], str) else schema["type"]), "null"]
        return schema

    def allowed_words(self) -> str:
        """What may be given, in words (the input table on the documentation page)."""
        if self.kind == "money":
            return "an amount in pounds, more than 0" if self.low_open else "an amount in pounds, 0 or more"
        if self.kind in ("pct", "number", "int"):
            low, high = self.lowest, self.highest
            unit = " per cent" if self.kind == "pct" else ""
            what = {"pct": "a percentage", "number": "a number", "int": "a whole number"}[self.kind]
            lo = "" if low is None else f"{'more than' if self.low_open else 'from'} {plain(low)}"
            hi = "" if high is None else f"{'less than' if self.high_open else 'to'} {plain(high)}"
            if lo.startswith("more") and hi:
                hi = "and " + hi
            return " ".join(x for x in (what, lo, hi) if x) + unit
        if self.kind == "text":
            return f"text, at most {MAX_TEXT} characters"
        if self.kind == "choice":
            return " or ".join(f"{label} ({value})" for value, label in self.choices)
        if self.kind == "bool":
            return "yes (true) or no (false)"
        if self.kind == "list":
            return f"a list of up to {self.max_items} entries, each {self.item.allowed_words()}"
        if self.kind == "object":
            return "an object of " + ", ".join(f.name for f in self.fields)
        return f"a list of up to {self.max_items} entries"


@dataclass(frozen=True)
class Section:
    """A titled part of the form."""

    legend: str
    inputs: tuple


@dataclass(frozen=True)
class Figures:
    """A two-column table of single figures (``paths``), in order."""

    caption: str
    paths: tuple


@dataclass(frozen=True)
class Table:
    """A table with one row per entry of the result's list ``key`` (with ``totals``, if the result has them)."""

    caption: str
    key: str
    columns: tuple
    totals: str = ""  # the result's key holding the totals row
    hide_zero: bool = False  # leave out columns that are zero in every row (except those in ``always``)
    always: tuple = ()
    row_note: tuple = ()  # (field, note): the note follows the row heading where that field is true


@dataclass(frozen=True)
class Matrix:
    """A table of the figures ``key.row.column``: one row per entry of ``rows``, one column per ``columns``."""

    caption: str
    key: str
    rows: tuple
    columns: tuple


@dataclass(frozen=True)
class Reconciliation:
    """The result's ``key`` object (stated against computed), with a heading and a sentence."""

    key: str
    heading: str
    text: str


@dataclass(frozen=True)
class Examples:
    """Named examples, declared with the calculator, that drive its tests in every place it runs.

    ``worked``: ``(name, inputs)`` pairs computed by the engine, the build, Pyodide and the
    page alike; ``edits``: ``(input path, typed text)`` a reader might make to the page's
    opening preset; ``bad``: ``(input path, typed text)`` the page must reject and explain.
    """

    worked: tuple = ()
    edits: tuple = ()
    bad: tuple = ()


@dataclass(frozen=True)
class Chart:
    """A bar chart of the result (the tables are its text alternative).

    With ``rows``, one bar group per entry of that list, labelled by ``row_label``
    (``"Year {year}"``), one series per field in ``series``. Without, one bar per
    field in ``series``.
    """

    title: str
    series: tuple
    rows: str = ""
    row_label: str = ""
    stacked: bool = False  # the series stack into one bar per row
    cumulative: str = ""  # a row field drawn as a line of its running total
    waterfall: tuple = ()  # without rows: (start field, (field taken off, ...), end field), drawn as steps
    line: bool = False  # draw the series as lines (a curve against the rows) rather than bars
    unit: str = "£"  # what the values are ("" for counts)
    marks: tuple = ()  # result paths named in the title (the current cost, the break-even)


@dataclass(frozen=True)
class Calculator:
    """One calculator, declared once (see the module docstring)."""

    name: str
    title: str  # the page heading
    question: str  # what it answers, in a line
    sections: tuple
    labels: dict  # result field -> label (the last part of a path, or a whole path)
    key_figures: tuple  # result paths shown first and compared side by side
    layout: tuple  # Figures, Table, Matrix and Reconciliation blocks, in the order shown
    compute: Callable[[Any], dict] = field(repr=False, default=None)  # JSON-like inputs -> result
    charts: tuple = ()  # Chart declarations, each drawn when its data is in the result
    compare_rows: tuple = ()  # (list key, field): that field of every entry is compared too
    notes: dict = field(default_factory=dict)  # result field -> a sentence explaining it
    examples: Examples = field(default_factory=Examples)
    words: dict = field(default_factory=dict)  # result field -> {value: how it reads}, for coded values

    def assumed_marks(self, inputs: dict) -> dict:
        """Marks for the declared defaults a preset leaves in place that no source states."""
        return {i.name: {"basis": "assumed", "note": i.assumed} for i in self.inputs
                if i.assumed and i.name not in inputs}

    @property
    def inputs(self) -> tuple:
        return tuple(i for s in self.sections for i in s.inputs)

    @property
    def input_names(self) -> tuple:
        return tuple(i.name for i in self.inputs)

    def input(self, path: str) -> Input | None:
        """The declared input (or row field, or list item) at a dotted path such as ``measures.2.weight_pct``."""
        parts = [p for p in path.split(".") if not p.isdigit()]
        node = next((i for i in self.inputs if parts and i.name == parts[0]), None)
        for part in parts[1:]:
            node = node.field(part) if node is not None else None
        if node is not None and node.kind == "list" and path.split(".")[-1].isdigit():
            return node.item
        return node

    def label_for(self, path: str) -> str:
        """A field path in words: ``measures.2.weight_pct`` -> ``Outcome measures, measure 3: weight``."""
        parts = path.split(".")
        top = next((i for i in self.inputs if i.name == parts[0]), None)
        if top is None:
            return "The inputs" if not path else path
        if top.kind == "object" and len(parts) > 1:
            node, words = top, []
            for part in parts[1:]:
                node = node.field(part) if node is not None else None
                words.append(node.label.lower() if node is not None else part)
            return f"{top.label}: {', '.join(words)}"
        if len(parts) == 1 or top.kind not in ("list", "rows") or not parts[1].isdigit():
            return top.label
        number = str(int(parts[1]) + top.number_from)
        entry = top.item_label.replace("{n}", number)
        entry = entry[0].lower() + entry[1:]
        if top.kind == "list" or len(parts) == 2:
            return f"{top.label}, {entry}"
        inner = top.field(parts[2])
        return f"{top.label}, {entry}: {(inner.label if inner else parts[2]).lower()}"

    def read(self, data, problems: Problems, skip=()) -> tuple[Reader, dict]:
        """Read every declared input not in ``skip``; returns the reader and ``{name: value}``."""
        r = Reader(problems, data, "", self.input_names)
        return r, {i.name: i.read(r) for i in self.inputs if i.name not in skip}

    def label(self, path: str) -> str:
        """A result figure's label: by whole path, then by its last part, else made readable."""
        if path in self.labels:
            return self.labels[path]
        last = path.rsplit(".", 1)[-1]
        if last in self.labels:
            return self.labels[last]
        return last.replace("_pct", "").replace("_", " ").capitalize()

    def json_schema(self) -> dict:
        """The JSON Schema of this calculator's inputs."""
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"Inputs of the {self.name} calculator",
            "description": self.question,
            "type": "object",
            "additionalProperties": False,
            "properties": {i.name: i.json_schema() for i in self.inputs},
            "required": [i.name for i in self.inputs if i.required],
        }


def money(name, label, hint="", default=REQUIRED, positive=False, **more) -> Input:
    return Input(name, label, "money", hint, default, low=Decimal(0), low_open=positive, width=12, **more)


def pct(name, label, hint="", default=REQUIRED, **more) -> Input:
    more.setdefault("width", 5)
    return Input(name, label, "pct", hint, default, **more)


def _dec(value, fallback):
    if value is None:
        return None if fallback is None else Decimal(fallback)
    return Decimal(value)


def _num(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)
