"""Writing a result as JSON, CSV or an aligned text table (for the command line)."""

from __future__ import annotations

import csv
import io
import json

def as_json(result: dict) -> str:
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"


def flatten(value, path=""):
    """``(dotted path, value)`` pairs for every figure: the page's ``data-field`` paths."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from flatten(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from flatten(item, f"{path}.{index}")
    else:
        yield path, value


def _unit(key: str) -> str:
    from .render import PLAIN_FIELDS

    last = key.rsplit(".", 1)[-1]
    if last in PLAIN_FIELDS or last == "in_extension":
        return ""
    return "%" if last.endswith("_pct") else "£"


def _heading(spec, key: str) -> str:
    unit = _unit(key)
    return f"{spec.label(key)} ({unit})" if unit else spec.label(key)


def _plain(value) -> str:
    return "" if value is None else json.dumps(value) if isinstance(value, bool) else str(value)


def as_csv(name: str, result: dict) -> str:
    """The result for a spreadsheet: the calculator's main table, one row per year, band or partner,
    headed in words with units (exact figures, no thousands separators); for a result of single
    figures, one row per figure with its value, unit and field path."""
    from . import CALCULATORS
    from .spec import Figures, Table

    spec = CALCULATORS[name]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    block = next((b for b in spec.layout if isinstance(b, (Figures, Table))), None)
    if isinstance(block, Table) and result.get(block.key):
        rows = result[block.key]
        columns = [c for c in block.columns if c in rows[0]]
        extra = [block.row_note[0]] if block.row_note and block.row_note[0] in rows[0] else []
        writer.writerow([_heading(spec, c) for c in columns + extra])
        for row in rows:
            writer.writerow([_plain(row.get(c)) for c in columns + extra])
        totals = result.get(block.totals) if block.totals else None
        if totals:
            writer.writerow(["Total"] + [_plain(totals.get(c)) for c in columns[1:]] + [""] * len(extra))
    else:
        writer.writerow(["Figure", "Value", "Unit", "Field"])
        for path in (block.paths if block else [k for k, v in result.items() if not isinstance(v, (dict, list))]):
            if path in result:
                writer.writerow([spec.label(path), _plain(result[path]), _unit(path), path])
    return out.getvalue()


def inputs_csv(name: str, inputs: dict, marks: dict | None = None) -> str:
    """The inputs for a spreadsheet: one row per value given, in words, with its unit and where it comes from."""
    from . import CALCULATORS
    from .render import mark_text

    spec = CALCULATORS[name]
    marks = marks or {}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Input", "Value", "Unit", "Source", "Field"])
    for path, value in flatten(inputs):
        declared = spec.input(path)
        unit = {"money": "£", "pct": "%"}.get(declared.kind, declared.unit) if declared else ""
        mark = marks.get(path) or marks.get(path.rsplit(".", 1)[0]) or marks.get(path.split(".")[0])
        writer.writerow([spec.label_for(path), _plain(value), unit, mark_text(mark), path])
    return out.getvalue()


def table(headers, rows) -> str:
    """Columns aligned: text to the left, figures to the right."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [all(_is_number(row[i]) for row in cells[1:]) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(c.rjust(w) if numeric[i] else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths)))
                     .rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _is_number(text: str) -> bool:
    text = text.rstrip("%")
    return text in ("", "no limit") or text.replace(",", "").replace(".", "").replace("-", "").replace("*", "").strip().isdigit()


def _cell(key: str, value) -> str:
    """A figure for a text table: money with thousands commas, percentages with %, the rest as given."""
    from .render import PLAIN_FIELDS, _decimal

    last = key.rsplit(".", 1)[-1]
    number = _decimal(value)
    if value is None:
        return "no limit" if last in ("to", "up_to_pct") else ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if last in PLAIN_FIELDS or number is None:
        return str(value)
    if last.endswith("_pct"):
        return f"{number}%"
    return format(number, ",.2f")


def as_table(name: str, result: dict) -> str:
    """A readable text report, laid out as the calculator declares: figures in aligned columns, then the steps."""
    from . import CALCULATORS
    from .render import _columns, get_path, in_words, shown_paths
    from .spec import Figures, Matrix, Reconciliation, Table

    spec = CALCULATORS[name]
    parts = []
    for block in spec.layout:
        if isinstance(block, Figures):
            parts.append(table(["Figure", "Amount"], [[spec.label(p), _cell(p, in_words(spec, p, get_path(result, p)))]
                                                      for p in shown_paths(spec, block, result)]))
        elif isinstance(block, Table) and get_path(result, block.key):
            rows_in = get_path(result, block.key)
            totals = get_path(result, block.totals) or {} if block.totals else {}
            columns = _columns(block, rows_in, totals)
            noted = False
            rows = []
            for row in rows_in:
                note = "*" if block.row_note and row.get(block.row_note[0]) is True else ""
                noted = noted or bool(note)
                rows.append([_cell(columns[0], row.get(columns[0])) + note]
                            + [_cell(c, row.get(c)) for c in columns[1:]])
            if totals:
                rows.append(["Total"] + [_cell(c, totals.get(c)) for c in columns[1:]])
            parts.append(table([spec.label(c) for c in columns], rows))
            if noted:
                parts.append(f"*{block.row_note[1].strip(' ()')}")
        elif isinstance(block, Matrix) and get_path(result, block.key):
            parts.append(table([block.caption] + [spec.label(c) for c in block.columns], [
                [spec.label(r)] + [_cell(c, get_path(result, f"{block.key}.{r}.{c}")) for c in block.columns]
                for r in block.rows if get_path(result, f"{block.key}.{r}") is not None]))
        elif isinstance(block, Reconciliation) and result.get(block.key):
            rec = result[block.key]
            parts.append(table([block.heading, "Amount"], [[spec.label(k), _cell(k, v)] for k, v in rec.items()]))
    parts.append("How this was worked out:\n" + "\n".join(
        f"{n:>3}. {step}" for n, step in enumerate(result["explanation"], start=1)))
    return "\n\n".join(parts) + "\n"
