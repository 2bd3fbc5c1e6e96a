"""A calculator's result as HTML: one renderer for the build and the browser.

The build (CPython) pre-renders each calculator's default result with it, and the
browser's Python (Pyodide, in a Web Worker) renders every recomputed result with
the same code, from the same wheel, so the two cannot drift. Everything here is
derived from the calculator's declaration (:mod:`calculators.spec`): labels, key
figures, the tables and the chart. Only the standard library is used, and no
arithmetic is done on the figures except the differences in
:func:`render_comparison`, with :class:`decimal.Decimal`.

Every figure is written as ``<... data-field="PATH" data-value="EXACT">``, where
``PATH`` is the figure's path in the engine's JSON result (``totals.value``,
``rows.2.value``, ``provider_share``) and ``EXACT`` is the engine's decimal
string: the page contract that tests and readers rely on.

>>> from calculators import CALCULATORS, compute
>>> html = render_result(CALCULATORS["projection"], compute("projection", {"first_year_value": 100, "years": 1}))
>>> 'data-field="totals.value" data-value="100.00"' in html
True
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from html import escape

from .spec import Calculator, Chart, Figures, Matrix, Reconciliation, Table

#: Fields that are not money (shown as they come); ``_pct`` fields get a % sign.
PLAIN_FIELDS = {"year", "name", "role", "in_extension", "index", "band", "kind", "band_base", "band_mode", "count",
                "trials", "seed", "actual_cost_pct"}
MINUS = "\u2212"


# -- Marks: where each preset value comes from (the one place this wording is made) --


#: How a value the reader changed is marked: the page fills in ``{was}`` as the reader types
#: (it receives these words with the page), and the downloads use them as they are.
CHANGED_WORDS = {
    "was": "Changed: the case study has {was}",
    "blank": "Changed: blank in the case study",
    "missing": "Changed: not in the case study",
}


def mark_text(mark: dict | None) -> str:
    """``{"basis": "reported", "source": "…, p. 21"}`` → ``Reported: …, p. 21``."""
    if not mark:
        return ""
    basis = mark.get("basis")
    if basis == "reported":
        return f"Reported: {mark.get('source', '')}".rstrip(": ")
    if basis == "illustrative":
        note = mark.get("note")
        return f"Illustrative: {note}" if note else "Illustrative: an assumption, not stated in the source"
    if basis == "changed":
        was = mark.get("was")
        if was is None:
            return CHANGED_WORDS["missing"]
        return CHANGED_WORDS["blank"] if was == "" else CHANGED_WORDS["was"].format(was=was)
    if basis == "assumed":
        return f"Assumed: {mark.get('note')}"
    return ""


def with_text(marks: dict) -> dict:
    """The marks, each with its wording under ``text`` (the page shows it as it is)."""
    return {path: {**mark, "text": mark_text(mark)} for path, mark in (marks or {}).items()}


# -- Formatting ---------------------------------------------------------------


def _decimal(value) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def format_figure(key: str, value) -> str:
    """``"26844500.00"`` → ``"£26,844,500.00"``; ``"2.5"`` for a ``_pct`` field → ``"2.5%"``."""
    last = key.rsplit(".", 1)[-1]
    number = _decimal(value)
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if last in PLAIN_FIELDS or number is None:
        return str(value)
    if last.endswith("_pct"):
        return f"{number}%".replace("-", MINUS)
    sign = MINUS if number < 0 else ""
    return f"{sign}£{abs(number):,.2f}"


def short_figure(key: str, value) -> str:
    """A key figure rounded for reading: ``£136.0m``, ``£1.2bn``, ``£208k``; others as :func:`format_figure`.

    >>> [short_figure("v", x) for x in ("135990076.86", "1234567890", "208125.00", "-65333333.33", "950.5")]
    ['£136.0m', '£1.2bn', '£208k', '−£65.3m', '£950.50']
    """
    number = _decimal(value)
    last = key.rsplit(".", 1)[-1]
    if number is None or last in PLAIN_FIELDS or last.endswith("_pct"):
        return format_figure(key, value)
    sign, size = (MINUS if number < 0 else ""), abs(number)
    for scale, suffix, places in ((9, "bn", 1), (6, "m", 1), (3, "k", 0)):
        if size >= Decimal(10) ** scale:
            shown = size.scaleb(-scale).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
            return f"{sign}£{shown}{suffix}"
    return format_figure(key, value)


def in_words(spec: Calculator, path: str, value):
    """A coded value as it reads (``"upfront"`` -> ``"the up-front payment"``); others unchanged."""
    words = spec.words.get(path.rsplit(".", 1)[-1])
    return words.get(value, value) if words and isinstance(value, (str, type(None))) else value


def figure(path: str, value, tag: str = "td", attrs: str = "", note: str = "", short: bool = False,
           shown=None) -> str:
    """One figure carrying its JSON path and exact value (``note`` is shown after it)."""
    raw = "" if value is None else (str(value).lower() if isinstance(value, bool) else str(value))
    numeric = ' class="calc-num"' if _decimal(value) is not None and path.rsplit(".", 1)[-1] not in PLAIN_FIELDS else ""
    text, exact = format_figure(path, value if shown is None else shown), ""
    if short and short_figure(path, value) != text:  # the exact figure stays in the title and in the table
        exact = f' title="{escape(text)}"'
        text = short_figure(path, value)
    return (
        f'<{tag}{numeric}{attrs}{exact} data-field="{escape(path)}" data-value="{escape(raw)}">'
        f"{escape(text)}{escape(note)}</{tag}>"
    )


def get_path(result: dict, path: str):
    node = result
    for part in path.split("."):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None
    return node


# -- Building blocks ------------------------------------------------------------


def key_figures(spec: Calculator, result: dict) -> str:
    items = []
    for path in spec.key_figures:
        value = get_path(result, path)
        if value is not None:
            items.append(f"<div><dt>{escape(spec.label(path))}</dt>{figure(path, value, 'dd', short=True)}</div>")
    # Focusable: on a narrow screen the key figures are a bar that scrolls sideways,
    # which a keyboard can then scroll too (WCAG 2.1.1).
    return f'<dl class="calc-key-figures" tabindex="0" aria-label="Key figures">{"".join(items)}</dl>' if items else ""


def _columns(block: Table, rows: list[dict], totals: dict) -> list[str]:
    present = [c for c in block.columns if c in rows[0]]
    if not block.hide_zero:
        return present
    return [c for c in present if c in block.always
            or any(_decimal(v) not in (None, Decimal(0)) for v in [r.get(c) for r in rows] + [totals.get(c)])]


def table(spec: Calculator, block: Table, result: dict) -> str:
    """One row per entry of ``result[block.key]`` (figure paths ``key.i.field``), with totals if any."""
    rows = get_path(result, block.key) or []
    if not rows:
        return ""
    totals = get_path(result, block.totals) or {} if block.totals else {}
    columns = _columns(block, rows, totals)
    head = "".join(f'<th scope="col">{escape(spec.label(c))}</th>' for c in columns)
    body = []
    for i, row in enumerate(rows):
        cells = []
        for j, c in enumerate(columns):
            path = f"{block.key}.{i}.{c}"
            shown = in_words(spec, path, row.get(c))
            if j == 0:
                note = block.row_note[1] if block.row_note and row.get(block.row_note[0]) is True else ""
                cells.append(figure(path, row.get(c), "th", ' scope="row"', note, shown=shown))
            else:
                cells.append(figure(path, row.get(c), shown=shown))
        body.append(f"<tr>{''.join(cells)}</tr>")
    foot = ""
    if totals:
        cells = ['<th scope="row">Total</th>'] + [
            figure(f"{block.totals}.{c}", totals[c]) if c in totals else "<td></td>" for c in columns[1:]]
        foot = f"<tfoot><tr>{''.join(cells)}</tr></tfoot>"
    note = ""
    if block.hide_zero and len(columns) < len([c for c in block.columns if c in rows[0]]):
        note = '<p class="calc-note">Columns that are zero in every year are left out.</p>'
    note += notes(spec, columns)
    return (
        f'<div class="calc-table-wrap" role="region" aria-label="{escape(block.caption)}" tabindex="0">'
        f'<table class="calc-table"><caption>{escape(block.caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>{foot}</table></div>{note}"
    )


def notes(spec: Calculator, keys) -> str:
    """What the less obvious figures mean, as the calculator declares it (``spec.notes``)."""
    items = "".join(f"<dt>{escape(spec.label(k))}</dt><dd>{escape(spec.notes[k])}</dd>" for k in keys if k in spec.notes)
    return f'<dl class="calc-notes">{items}</dl>' if items else ""


def shown_paths(spec: Calculator, block: Figures, result: dict) -> list[str]:
    """The block's figures in the result: those with a value, and empty ones that have words (``none within reach``)."""
    return [p for p in block.paths if get_path(result, p) is not None
            or (p in result and None in spec.words.get(p.rsplit(".", 1)[-1], {}))]


def figures_list(spec: Calculator, block: Figures, result: dict) -> str:
    paths = shown_paths(spec, block, result)
    if not paths:  # e.g. the chance of a loss, when no range of costs was given
        return ""
    rows = "".join(
        f'<tr><th scope="row">{escape(spec.label(p))}</th>'
        f'{figure(p, get_path(result, p), shown=in_words(spec, p, get_path(result, p)))}</tr>'
        for p in paths
    )
    return (
        f'<div class="calc-table-wrap"><table class="calc-table calc-table--figures"><caption>{escape(block.caption)}'
        f'</caption><thead><tr><th scope="col">Figure</th><th scope="col">Amount</th></tr></thead><tbody>{rows}'
        "</tbody></table></div>" + notes(spec, paths)
    )


def reconciliation(spec: Calculator, block: Reconciliation, result: dict) -> str:
    rec = result.get(block.key)
    if not rec:
        return ""
    parts = "".join(
        f"<div><dt>{escape(spec.label(k))}</dt>{figure(f'{block.key}.{k}', v, 'dd')}</div>"
        for k, v in rec.items() if not isinstance(v, (dict, list))
    )
    return (
        f'<div class="calc-reconciliation"><h3>{escape(block.heading)}</h3><p>{escape(block.text)}</p>'
        f'<dl class="calc-key-figures">{parts}</dl></div>'
    )


def explanation(result: dict) -> str:
    steps = result.get("explanation") or []
    if not steps:
        return ""
    items = "".join(f"<li>{escape(str(s))}</li>" for s in steps)
    return (
        '<details class="calc-explanation"><summary>How these figures were reached</summary>'
        f"<ol>{items}</ol></details>"
    )


def matrix(spec: Calculator, block: Matrix, result: dict) -> str:
    node = get_path(result, block.key)
    if not node:
        return ""
    head = "".join(f'<th scope="col">{escape(spec.label(c))}</th>' for c in block.columns)
    body = "".join(
        f'<tr><th scope="row">{escape(spec.label(r))}</th>'
        + "".join(figure(f"{block.key}.{r}.{c}", get_path(result, f"{block.key}.{r}.{c}")) for c in block.columns)
        + "</tr>"
        for r in block.rows if get_path(result, f"{block.key}.{r}") is not None
    )
    return (
        f'<div class="calc-table-wrap" role="region" aria-label="{escape(block.caption)}" tabindex="0">'
        f'<table class="calc-table"><caption>{escape(block.caption)}</caption>'
        f'<thead><tr><th scope="col">Figure</th>{head}</tr></thead><tbody>{body}</tbody></table></div>'
    )


BLOCKS = {Figures: figures_list, Table: table, Matrix: matrix, Reconciliation: reconciliation}


def render_result(spec: Calculator, result: dict) -> str:
    """The whole result region's inner HTML."""
    body = "".join(BLOCKS[type(block)](spec, block, result) for block in spec.layout)
    return key_figures(spec, result) + body + explanation(result)


def summary_sentence(spec: Calculator, result: dict) -> str:
    """What the live region announces after a recompute."""
    parts = [f"{spec.label(p)} {format_figure(p, get_path(result, p))}"
             for p in spec.key_figures[:3] if get_path(result, p) is not None]
    return "Results updated. " + "; ".join(parts) + "."


# -- Chart data (drawn by Chart.js in the page; the tables are the text alternative) --


def _float(value) -> float | None:
    number = _decimal(value)
    return float(number) if number is not None else None


def chart_data(spec: Calculator, result: dict) -> list[dict]:
    """What the page's charts draw, as the calculator declares them; floats, for drawing only.

    One dict per declared chart whose figures are in the result: ``{"title", "unit", "labels",
    "stacked", "line", "datasets": [{"label", "data", "type"?}]}``; a waterfall's bars are
    ``[low, high]`` pairs (Chart.js floating bars).
    """
    return [c for c in (_chart(spec, chart, result) for chart in spec.charts) if c["labels"]]


def _chart(spec: Calculator, chart: Chart, result: dict) -> dict:
    title = chart.title
    marked = [f"{spec.label(p).lower()} {format_figure(p, get_path(result, p))}"
              for p in chart.marks if get_path(result, p) is not None]
    if marked:
        title += f" ({'; '.join(marked)})"
    out = {"title": title, "unit": chart.unit, "stacked": chart.stacked, "line": chart.line,
           "labels": [], "datasets": []}
    if chart.rows:
        rows = get_path(result, chart.rows) or []
        series = [k for k in chart.series if rows and k in rows[0]]
        out["labels"] = [chart.row_label.format(**{k: short_figure(k, v) for k, v in r.items()
                                                   if not isinstance(v, (dict, list))}) for r in rows]
        out["datasets"] = [{"label": spec.label(k), "data": [_float(r.get(k)) for r in rows]} for k in series]
        if chart.cumulative and rows and chart.cumulative in rows[0]:
            running, line = Decimal(0), []
            for r in rows:
                running += _decimal(r.get(chart.cumulative)) or Decimal(0)
                line.append(float(running))
            out["datasets"].append({"label": f"{spec.label(chart.cumulative)}, cumulative", "data": line,
                                    "type": "line"})
        return out
    if chart.waterfall:
        start, steps, end = chart.waterfall
        if get_path(result, start) is None:
            return out
        level = _decimal(result.get(start)) or Decimal(0)
        bars, labels = [[0.0, float(level)]], [spec.label(start)]
        for key in steps:
            amount = _decimal(result.get(key)) or Decimal(0)
            bars.append(sorted([float(level), float(level - amount)]))
            labels.append(f"Less: {spec.label(key).lower()}")
            level -= amount
        bars.append([0.0, float(_decimal(result.get(end)) or level)])
        labels.append(spec.label(end))
        out["labels"], out["datasets"] = labels, [{"label": "Amount", "data": bars}]
        return out
    keys = [k for k in chart.series if k in result]
    out["labels"] = [spec.label(k) for k in keys]
    out["datasets"] = [{"label": "Amount", "data": [_float(result[k]) for k in keys]}]
    return out


# -- Comparison -------------------------------------------------------------------


def _comparison_paths(spec: Calculator, results: list[dict]) -> list[str]:
    paths = list(spec.key_figures)
    for key, name in spec.compare_rows:
        paths += [f"{key}.{i}.{name}" for i in range(len(results[0].get(key) or []))]
    return [p for p in paths if all(get_path(r, p) is not None for r in results)]


def _comparison_label(spec: Calculator, result: dict, path: str) -> str:
    parts = path.split(".")
    if len(parts) == 3 and parts[1].isdigit():
        row = get_path(result, ".".join(parts[:2])) or {}
        return f"{spec.label(parts[2])}: {row.get('name', int(parts[1]) + 1)}"
    return spec.label(path)


def render_comparison(spec: Calculator, scenarios: list[dict]) -> str:
    """Key figures of several scenarios side by side, with the change from the first.

    ``scenarios`` is a list of ``{"label": str, "result": dict}``.
    """
    if len(scenarios) < 2:
        return ""
    results = [s["result"] for s in scenarios]
    head = "".join(f'<th scope="col">{escape(s["label"])}</th>' for s in scenarios)
    head += f'<th scope="col">Change: {escape(scenarios[-1]["label"])} minus {escape(scenarios[0]["label"])}</th>'
    body = []
    for path in _comparison_paths(spec, results):
        cells = [f'<th scope="row">{escape(_comparison_label(spec, results[0], path))}</th>']
        for i, result in enumerate(results):
            cells.append(figure(path, get_path(result, path)).replace("data-field=", f'data-scenario="{i}" data-field=', 1))
        first, last = _decimal(get_path(results[0], path)), _decimal(get_path(results[-1], path))
        change = None if first is None or last is None else last - first
        text = "" if change is None else format_figure(path, change)
        if change is not None and change > 0:
            text = "+" + text
        cells.append(f'<td class="calc-num">{escape(text)}</td>')
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (
        '<div class="calc-table-wrap" role="region" aria-label="Scenarios compared" tabindex="0">'
        '<table class="calc-table"><caption>Scenarios compared</caption>'
        f"<thead><tr><th scope=\"col\">Figure</th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def to_json(name: str, inputs: dict, result: dict, marks: dict | None = None) -> str:
    """Everything behind the figures: the inputs, where each comes from, and the result."""
    sources = {path: mark_text(mark) for path, mark in (marks or {}).items()}
    return json.dumps({"calculator": name, "inputs": inputs, "marks": marks or {}, "sources": sources,
                       "result": result}, indent=2, ensure_ascii=False)
