"""Load and validate everything in ``data/`` once, or fail with one clear message.

:func:`load` reads every YAML file, checks each against its model in
:mod:`macros.schema`, then checks the links between files (reference ids, model ids,
glossary cross-references, preset fact paths). It collects *every* problem before
failing, and raises one :class:`DataError` whose message lists them, one per line::

    data/case-studies/bedfordshire.yaml, line 31: contract.first_year_value.amount:
        expected an amount in pounds written as a number, e.g. 26500000, got 'lots'

``DataError`` is an ``mkdocs.exceptions.PluginError``, so ``mkdocs build`` prints the
message and stops, without a traceback.
"""

from __future__ import annotations

import logging
import os
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import bibtexparser
import yaml
from mkdocs.exceptions import PluginError
from pydantic import BaseModel, ValidationError

from . import schema

#: The repository's data folder (the default for :func:`load`).
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

#: Environment variable naming another data folder to build from (tests use it to
#: build the site against a deliberately broken copy of ``data/``).
DATA_DIR_VARIABLE = "SITE_DATA_DIR"


# -- Problems and the error that carries them ------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data: which file, where in it, and what was expected."""

    file: str
    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.file + (f", line {self.line}" if self.line else "")
        where += f", column {self.column}" if self.column else ""
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class DataError(PluginError):
    """The data in ``data/`` is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem], heading: str | None = None):
        problems = sorted(problems, key=lambda p: (p.file, p.line or 0))
        self.problems = problems
        count = len(problems)
        lines = "\n".join(f"  - {p}" for p in problems)
        heading = heading or (
            f"{count} problem{'s' if count != 1 else ''} in the site data "
            "(see data/README.md for what each file may contain)"
        )
        super().__init__(f"{heading}:\n{lines}")


class MacroError(DataError):
    """A page calls a data macro with an id or path that does not exist."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems, heading="A page asks the data for something that does not exist")


def format_for_macros(error: DataError, markdown: str = "", page=None) -> str:
    """What mkdocs-macros prints for a data problem: the message alone, no traceback."""
    return str(error)


# -- The loaded data -------------------------------------------------------------------


@dataclass(frozen=True)
class SiteData:
    """Everything in ``data/``, validated."""

    root: Path
    case_studies: dict[str, schema.CaseStudy]  # in Table 1 order
    models: dict[str, schema.ContractModel]  # in the models' own order
    glossary: schema.Glossary
    references: dict[str, schema.Reference]
    nuffield: schema.Nuffield
    files: dict[str, str] = field(default_factory=dict)  # "case:<id>", "model:<id>", ... -> path shown

    def cases_using(self, model_id: str) -> list[schema.CaseStudy]:
        """Case studies whose contract type includes ``model_id``, in Table 1 order."""
        return [c for c in self.case_studies.values() if model_id in c.contract.type.models]


# -- YAML with line numbers ---------------------------------------------------------------


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A safe loader (libyaml's when available) that refuses duplicate keys.

    Plain YAML would silently keep the last of two equal keys.
    """


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False):
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first at line {seen[key] + 1})", key_node.start_mark
            )
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _line_map(node: yaml.Node | None, prefix: str = "", lines: dict | None = None) -> dict[str, int]:
    """Map each dotted path in a composed YAML document to its (1-based) line."""
    lines = {} if lines is None else lines
    if node is None:
        return lines
    lines.setdefault(prefix, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            path = f"{prefix}.{key_node.value}" if prefix else str(key_node.value)
            lines[path] = key_node.start_mark.line + 1
            _line_map(value_node, path, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, f"{prefix}.{index}" if prefix else str(index), lines)
    return lines


@dataclass
class _File:
    path: Path
    shown: str
    raw: Any = None
    lines: dict[str, int] = field(default_factory=dict)

    def line(self, path: str) -> int | None:
        """The line of ``path``, or of its nearest ancestor present in the file."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path.rpartition(".")[0]

    def problem(self, path: str, message: str) -> Problem:
        return Problem(self.shown, path, message, self.line(path))


def _read(path: Path, shown: str, problems: list[Problem]) -> _File | None:
    file = _File(path, shown)
    try:
        text = path.read_text(encoding="utf-8")
        loader = _Loader(text)
        try:
            node = loader.get_single_node()  # parse once: the node tree gives line numbers
            file.lines = _line_map(node)
            file.raw = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        context = getattr(error, "context", None)
        detail = f"{context}, {reason}" if context else reason
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problems.append(Problem(shown, "", f"not valid YAML: {detail}", line, column))
        return None
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(shown, "", f"cannot be read: {error}"))
        return None
    if file.raw is None:
        problems.append(Problem(shown, "", "is empty; expected a mapping of keys to values"))
        return None
    return file


# -- BibTeX (the bibliography) ------------------------------------------------------------

# BibTeX field -> the Reference field it fills (data/README.md lists them).
_BIB_FIELDS = {"author": "authors"}


def _read_bib(path: Path, shown: str, problems: list[Problem]) -> _File | None:
    """Read ``references.bib`` into the same shape as a YAML file: ``{"references": [...]}``.

    The entry key is the reference ``id``; whitespace inside values is folded (values
    may wrap across lines); a year made of digits becomes a number. Unknown fields are
    passed through, so the schema reports them like an unknown YAML key.
    """
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # its own error log would repeat ours
    try:
        library = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(shown, "", f"cannot be read: {error}"))
        return None
    for block in library.failed_blocks:
        reason = str(getattr(block, "error", "") or "").strip() or type(block).__name__
        problems.append(
            Problem(shown, "", f"not valid BibTeX ({reason}); expected @type{{key, field = {{value}}, ...}}",
                    block.start_line + 1)
        )
    file = _File(path, shown, raw={"references": []}, lines={"references": 1})
    for index, entry in enumerate(library.entries):
        record: dict[str, Any] = {"id": entry.key}
        file.lines[f"references.{index}"] = file.lines[f"references.{index}.id"] = entry.start_line + 1
        for name, bib_field in entry.fields_dict.items():
            key = _BIB_FIELDS.get(name.lower(), name.lower())
            value = " ".join(str(bib_field.value).split())
            record[key] = int(value) if key == "year" and value.isdigit() else value
            file.lines[f"references.{index}.{key}"] = bib_field.start_line + 1
        file.raw["references"].append(record)
    if library.failed_blocks:
        return None
    if not library.entries:
        problems.append(Problem(shown, "", "has no entries; expected at least one @misc{key, ...}"))
        return None
    return file


# -- Turning pydantic errors into plain sentences ------------------------------------------

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
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
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


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


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


def _validate(file: _File, model: type[BaseModel], problems: list[Problem]):
    try:
        return model.model_validate(file.raw)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            problems.append(file.problem(_loc_to_path(item["loc"]), _describe(item, model)))
        return None


# -- Walking validated objects ------------------------------------------------------------


class PathError(LookupError):
    """A dotted path does not lead to a value."""


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


def nearest_source(value: Any, chain: list[Any]) -> schema.Source | None:
    """The ``source`` of the value itself or of its nearest enclosing fact."""
    for candidate in [value, *reversed(chain)]:
        source = getattr(candidate, "source", None)
        if isinstance(source, schema.Source):
            return source
    return None


def as_number(value: Any) -> Decimal:
    """A fact value as an exact Decimal; fractions like "2/3" are kept exact elsewhere."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError(f"expected a number, got {_shown(value)}")
    if isinstance(value, str) and "/" in value:
        fraction = Fraction(value)
        return Decimal(fraction.numerator) / Decimal(fraction.denominator)
    return Decimal(str(value))


# -- Cross-file checks ----------------------------------------------------------------------


def _check_links(
    cases: dict[str, schema.CaseStudy],
    models: dict[str, schema.ContractModel],
    model_files: list[str],
    glossary: schema.Glossary | None,
    references: schema.References | None,
    nuffield: schema.Nuffield | None,
    files: dict[str, _File],
    problems: list[Problem],
) -> None:
    """Checks between files, run on whatever passed its schema.

    Model ids are checked against the model *files* present, so a model file with a
    typo in it does not also make every case study that names it look wrong.
    """
    for case in cases.values():
        file = files[f"case:{case.id}"]
        for index, model_id in enumerate(case.contract.type.models):
            if model_id not in model_files:
                problems.append(
                    file.problem(
                        f"contract.type.models.{index}",
                        f"unknown model id {model_id!r}; expected one of: {', '.join(model_files)}"
                        " (the files in data/models/)",
                    )
                )

    for model in models.values():
        if model.case_studies is None:
            continue
        derived = [c.id for c in cases.values() if model.id in c.contract.type.models]
        if sorted(model.case_studies) != sorted(derived):
            problems.append(
                files[f"model:{model.id}"].problem(
                    "case_studies",
                    f"lists {model.case_studies} but the case-study files naming this model are "
                    f"{derived}; remove this key (it is derived) or make them agree",
                )
            )

    if glossary is not None:
        terms = [t.term for t in glossary.terms]
        gfile = files["glossary"]
        for index, term in enumerate(glossary.terms):
            if terms.index(term.term) != index:
                problems.append(gfile.problem(f"terms.{index}.term", f"{term.term!r} is defined twice"))
            for j, other in enumerate(term.see_also):
                if other not in terms:
                    problems.append(
                        gfile.problem(
                            f"terms.{index}.see_also.{j}",
                            f"no glossary term {other!r}; expected the exact `term` of another entry in this file",
                        )
                    )
            if term.successor is not None:
                for j, other in enumerate(term.successor.terms):
                    if other not in terms or other == term.term:
                        problems.append(
                            gfile.problem(
                                f"terms.{index}.successor.terms.{j}",
                                f"no glossary term {other!r}; expected the exact `term` of another entry in this file",
                            )
                        )
                page, _, anchor = term.successor.section.partition("#")
                if not page.endswith(".md") or not anchor:
                    problems.append(
                        gfile.problem(
                            f"terms.{index}.successor.section",
                            f"expected a page of the site and an anchor, e.g. "
                            f'"since-2014/commissioners.md#icbs", got {term.successor.section!r}',
                        )
                    )
    if references is not None:
        _check_unique(files["references"], "references", [r.id for r in references.references], problems)
    if nuffield is not None:
        _check_unique(files["nuffield"], "options", [o.id for o in nuffield.options], problems)
        _check_unique(files["nuffield"], "questions", [q.id for q in nuffield.questions], problems)


def _raw_walk(value: Any, path: str = ""):
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _raw_walk(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _raw_walk(item, f"{path}.{index}" if path else str(index))


def _check_refs(files: dict[str, _File], ref_ids: list[str], problems: list[Problem]) -> None:
    """Every ``source: {ref: ...}`` in every file names a reference that exists.

    Runs on the raw YAML, so it also reports files that failed their schema.
    """
    known = set(ref_ids)
    for key, file in files.items():
        if key == "references":
            continue
        for path, value in _raw_walk(file.raw):
            if path.rsplit(".", 1)[-1] == "source" and isinstance(value, dict):
                ref = value.get("ref")
                if isinstance(ref, str) and ref not in known:
                    problems.append(
                        file.problem(
                            f"{path}.ref",
                            f"unknown reference id {ref!r}; expected an id from data/references.bib",
                        )
                    )


def _check_unique(file: _File, path: str, ids: list[str], problems: list[Problem]) -> None:
    for index, value in enumerate(ids):
        if ids.index(value) != index:
            problems.append(file.problem(f"{path}.{index}.id", f"id {value!r} is used twice"))


# -- Loading --------------------------------------------------------------------------------

_CACHE: dict[tuple, SiteData] = {}


def _fingerprint(root: Path) -> tuple:
    files = sorted(root.rglob("*.yaml")) + sorted(root.rglob("*.yml"))
    return (str(root),) + tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


def load(root: Path | str | None = None, *, check_presets: bool = True) -> SiteData:
    """Load and validate ``root`` (default: ``$SITE_DATA_DIR`` or the repository's ``data/``), cached.

    The cache is keyed on the files' names, sizes and modification times, so a
    ``mkdocs serve`` rebuild after an edit reads the data again.
    """
    root = Path(root or os.environ.get(DATA_DIR_VARIABLE) or DATA_DIR).resolve()
    key = _fingerprint(root) + (check_presets,)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = _load(root, check_presets)
    return _CACHE[key]


def _load(root: Path, check_presets: bool) -> SiteData:
    problems: list[Problem] = []
    base = root.parent

    def shown(path: Path) -> str:
        return path.relative_to(base).as_posix()

    if not root.is_dir():
        raise DataError([Problem(str(root), "", "data folder not found")])

    files: dict[str, _File] = {}

    def read_one(path: Path, key: str, model: type[BaseModel]):
        if not path.is_file():
            problems.append(Problem(shown(path), "", "file is missing"))
            return None
        reader = _read_bib if path.suffix == ".bib" else _read
        file = reader(path, shown(path), problems)
        if file is None:
            return None
        files[key] = file
        return _validate(file, model, problems)

    def read_folder(folder: str, prefix: str, model: type[BaseModel]) -> dict[str, Any]:
        found = {}
        directory = root / folder
        paths = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
        if not paths:
            problems.append(Problem(shown(directory), "", "expected at least one .yaml file"))
        for path in sorted(directory.glob("*.yml")) if directory.is_dir() else []:
            problems.append(Problem(shown(path), "", "use the .yaml extension so the site finds this file"))
        for path in paths:
            obj = read_one(path, f"{prefix}:{path.stem}", model)
            if obj is None:
                continue
            if obj.id != path.stem:
                problems.append(
                    files[f"{prefix}:{path.stem}"].problem(
                        "id", f"expected {path.stem!r} (the file name without .yaml), got {obj.id!r}"
                    )
                )
                continue
            found[obj.id] = obj
        return found

    cases = read_folder("case-studies", "case", schema.CaseStudy)
    models = read_folder("models", "model", schema.ContractModel)
    glossary = read_one(root / "glossary.yaml", "glossary", schema.Glossary)
    references = read_one(root / "references.bib", "references", schema.References)
    nuffield = read_one(root / "nuffield.yaml", "nuffield", schema.Nuffield)

    for label, items, attr in (("case study", cases, "order"), ("model", models, "order")):
        orders = [getattr(o, attr) for o in items.values()]
        for obj in items.values():
            if orders.count(obj.order) > 1:
                prefix = "case" if label == "case study" else "model"
                problems.append(
                    files[f"{prefix}:{obj.id}"].problem("order", f"order {obj.order} is shared with another {label}")
                )

    if "references" in files:
        raw_refs = files["references"].raw
        raw_list = raw_refs.get("references") if isinstance(raw_refs, dict) else None
        ids = [r.get("id") for r in raw_list if isinstance(r, dict)] if isinstance(raw_list, list) else []
        _check_refs(files, ids, problems)

    model_files = sorted(p.stem for p in (root / "models").glob("*.yaml"))
    _check_links(cases, models, model_files, glossary, references, nuffield, files, problems)

    if problems or None in (glossary, references, nuffield):
        raise DataError(problems)

    data = SiteData(
        root=root,
        case_studies=dict(sorted(cases.items(), key=lambda kv: kv[1].order)),
        models=dict(sorted(models.items(), key=lambda kv: kv[1].order)),
        glossary=glossary,
        references={r.id: r for r in references.references},
        nuffield=nuffield,
        files={key: f.shown for key, f in files.items()},
    )

    if check_presets and not problems:
        from . import presets  # noqa: PLC0415 - presets needs the loaded data

        for case in data.case_studies.values():
            problems.extend(presets.check_case(case, files[f"case:{case.id}"], data))
        problems.extend(presets.check_unique(data, files))

    if problems:
        raise DataError(problems)
    return data
