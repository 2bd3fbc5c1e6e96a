"""Reading ``data/`` files with the line of every value, so problems can say where they are.

YAML files are parsed once into a node tree (for line numbers), then constructed with a
safe loader that refuses duplicate keys and keeps unquoted dates as text (the schema
checks them, so an impossible ``2014-04-31`` is reported like any other mistake). ``references.bib`` is read into the
same shape as a YAML file, ``{"references": [...]}``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bibtexparser
import yaml

from .problems import Problem

# -- Text -------------------------------------------------------------------------------


def not_utf8(shown: str, data: bytes, error: UnicodeDecodeError) -> Problem:
    """The problem of a file whose bytes ``data`` are not UTF-8: where the first bad byte is.

    The decoder gives a byte offset; a maintainer needs the line and column (counted in
    characters, as an editor counts them).
    """
    start = data.rfind(b"\n", 0, error.start) + 1
    line = data.count(b"\n", 0, error.start) + 1
    column = len(data[start : error.start].decode("utf-8", errors="replace")) + 1
    byte = data[error.start : error.start + 1].hex()
    return Problem(shown, "", f"not UTF-8: byte 0x{byte} is not a UTF-8 character (save the file as UTF-8)", line, column)


def read_text(path: Path, shown: str, problems: list[Problem]) -> str | None:
    """The text of a UTF-8 file (a byte-order mark at its start is dropped, as editors write
    it), or None and a problem saying where it is not UTF-8 or why it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.append(Problem(shown, "", f"cannot be read: {error.strerror or error}"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append(not_utf8(shown, data, error))
        return None


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


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> str:
    """An unquoted date is kept as its text, as if it had been quoted.

    PyYAML would make a date object, or raise a bare ValueError naming no file for a day
    that does not exist (``2014-04-31``); as text, the schema checks it like any other
    date and reports a bad one with its file, line and field.
    """
    return loader.construct_scalar(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


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
class DataFile:
    """One file as read: its raw content and the line of each dotted path in it."""

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


def yaml_problem(shown: str, error: yaml.YAMLError, text: str = "", first_line: int = 1,
                 what: str = "not valid YAML") -> Problem:
    """A YAML syntax error as a problem at its line and column, with a hint for the common
    mistakes (``text``: the YAML; ``first_line``: the file's line where it begins)."""
    mark = getattr(error, "problem_mark", None)
    reason = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    detail = f"{context}, {reason}" if context else reason
    if mark is None:
        return Problem(shown, "", f"{what}: {detail}")
    lines = text.splitlines()
    here = lines[mark.line][mark.column : mark.column + 1] if mark.line < len(lines) else ""
    opened = getattr(error, "context_mark", None)
    if here == "\t":
        detail += "; indent with spaces, not tabs"
    elif "mapping values are not allowed" in reason:
        detail += "; text that contains ': ' needs quotes, e.g. title: \"Home: start\""
    elif context == "while scanning a quoted scalar" and opened is not None:
        detail += f"; the quote opened at line {opened.line + first_line}, column {opened.column + 1} is not closed"
    return Problem(shown, "", f"{what}: {detail}", mark.line + first_line, mark.column + 1)


def read_yaml(path: Path, shown: str, problems: list[Problem]) -> DataFile | None:
    file = DataFile(path, shown)
    text = read_text(path, shown, problems)
    if text is None:
        return None
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()  # parse once: the node tree gives line numbers
            file.lines = _line_map(node)
            file.raw = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        problems.append(yaml_problem(shown, error, text))
        return None
    if file.raw is None:
        problems.append(Problem(shown, "", "is empty; expected a mapping of keys to values"))
        return None
    return file


# -- BibTeX (the bibliography) ------------------------------------------------------------

# BibTeX field -> the Reference field it fills (data/README.md lists them).
_BIB_FIELDS = {"author": "authors"}


def read_bib(path: Path, shown: str, problems: list[Problem]) -> DataFile | None:
    """Read ``references.bib`` into the same shape as a YAML file: ``{"references": [...]}``.

    The entry key is the reference ``id``; whitespace inside values is folded (values
    may wrap across lines); a year made of digits becomes a number. Unknown fields are
    passed through, so the schema reports them like an unknown YAML key.
    """
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # its own error log would repeat ours
    text = read_text(path, shown, problems)
    if text is None:
        return None
    library = bibtexparser.parse_string(text)
    for block in library.failed_blocks:
        reason = str(getattr(block, "error", "") or "").strip() or type(block).__name__
        problems.append(
            Problem(shown, "", f"not valid BibTeX ({reason}); expected @type{{key, field = {{value}}, ...}}",
                    block.start_line + 1)
        )
    file = DataFile(path, shown, raw={"references": []}, lines={"references": 1})
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


