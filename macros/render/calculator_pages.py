"""The calculator pages: each calculator's form, presets and pre-rendered result.

Pages call ``{{ calculator("projection") }}`` (optionally ``preset="<id>"``, the case
the page opens with; otherwise the first preset for that calculator) and
``{{ calculator_index() }}``. Nothing here names a calculator or a field: the form is
drawn from the calculator's declaration (``calculators.CALCULATORS``), following the
GOV.UK / NHS.UK patterns (visible label and hint, £ prefix and % suffix,
``inputmode="decimal"``, an error message slot at each field, an error summary at the
top). The result is computed at build time by the same engine the browser runs and
rendered by :mod:`calculators.render`, which the browser also runs, so the page is
complete with JavaScript off and the two renderings cannot drift.

Nothing here validates or computes: the engine does both; a preset the engine
rejects fails the build with the preset id and the engine's messages.
"""

from __future__ import annotations

import json
import re
from html import escape

from calculators import CALCULATORS, render
from calculators.spec import Calculator, Input

from .html import Block
from .text import abbreviated


class CalculatorPageError(ValueError):
    """A calculator page cannot be drawn: an unknown calculator or preset, or a preset the engine rejects.

    The macros' guard (:func:`macros.render.errors.guard`) reports it as a page error at the
    page and line that called the macro, with no traceback."""


# -- Presets ----------------------------------------------------------------------


def load_presets() -> dict:
    """Every preset by id, from ``calculators/presets.json`` (the build writes it first)."""
    from calculators import presets

    return presets.load()


def presets_for(name: str, presets: dict | None = None) -> dict:
    presets = load_presets() if presets is None else presets
    return {pid: p for pid, p in presets.items() if p.get("calculator") == name}


def spec_for(name) -> Calculator:
    spec = CALCULATORS.get(name) if isinstance(name, str) else None
    if spec is None:
        raise CalculatorPageError(f"unknown calculator {name!r}; expected one of {', '.join(CALCULATORS)}")
    return spec


def default_preset(name: str, presets: dict, wanted: str | None = None) -> str:
    """The preset a page opens with: ``wanted`` if given, else the first for that calculator."""
    mine = presets_for(name, presets)
    if not mine:
        raise CalculatorPageError(
            f"calculator {name!r}: no preset in calculators/presets.json (add one under a case study's presets:)")
    if wanted is not None and wanted not in mine:
        raise CalculatorPageError(f"calculator {name!r}: no preset {wanted!r}; its presets are {', '.join(mine)}")
    return wanted or next(iter(mine))


# -- HTML ------------------------------------------------------------------------


def _id(calc: str, path: str) -> str:
    return f"calc-{calc}-" + path.replace(".", "-").replace("_", "-")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _json_text(value) -> str:
    """A default as it would be written in JSON (the command line's and the links' form)."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, default=str, ensure_ascii=False)
    return _text(value)


def _default_text(f: Input) -> str:
    """What an empty box of ``f`` starts with: its default, or for a required field its ``initial``."""
    if f.required or f.default is None:
        return _text(f.initial)
    return _text(f.default)


def _mark(calc: str, path: str, marks: dict) -> str:
    text = render.mark_text(marks.get(path))
    basis = (marks.get(path) or {}).get("basis", "")
    hidden = "" if text else " hidden"
    return (
        f'<p class="calc-mark" id="{_id(calc, path)}-mark" data-mark-for="{escape(path)}" '
        f'data-basis="{escape(basis)}"{hidden}>{escape(text)}</p>'
    )


def _unit_words(f: Input) -> str:
    """What a screen reader hears after a box's label for its £ or % (the signs are hidden from it)."""
    return {"£": " (pounds)", "%": " (per cent)"}.get(f.prefix or f.suffix, f" ({f.suffix})" if f.suffix else "")


def _when(f: Input) -> str:
    return f' data-show-when="{escape(f.when[0])}={escape(f.when[1])}"' if f.when else ""


def render_field(calc: str, f: Input, path: str, value, marks: dict, label: str | None = None,
                 prefill: bool = True) -> str:
    """One input; ``prefill=False`` leaves an empty box empty (fields of an optional object: blank sends nothing)."""
    fid = _id(calc, path)
    label = label or f.label
    default = _default_text(f) if prefill else ""
    value = _text(value) if value is not None else ("" if f.blank == "null" else default)
    hint = f'<div class="calc-hint" id="{fid}-hint">{abbreviated(f.hint)}</div>' if f.hint else ""
    described = " ".join(x for x in (f"{fid}-hint" if f.hint else "", f"{fid}-mark" if marks.get(path) else "") if x)
    error = f'<p class="calc-error-message" id="{fid}-error" hidden></p>'
    common = f'data-kind="{f.kind}" data-default="{escape(default)}" data-blank="{f.blank}"'
    if f.kind in ("choice", "bool"):
        choices = f.choices or (("true", "Yes"), ("false", "No"))
        radios = "".join(
            f'<div class="calc-radio"><input type="radio" id="{fid}-{escape(v)}" name="{escape(path)}" '
            f'value="{escape(v)}"{" checked" if v == value else ""} {common}>'
            f'<label for="{fid}-{escape(v)}">{escape(text)}</label></div>'
            for v, text in choices
        )
        aria = f' aria-describedby="{described}"' if described else ""
        return (
            f'<fieldset class="calc-field calc-field--choice" id="{fid}" data-field-for="{escape(path)}"{_when(f)}{aria}>'
            f'<legend class="calc-label">{escape(label)}</legend>{hint}{_mark(calc, path, marks)}{error}'
            f'<div class="calc-radios">{radios}</div></fieldset>'
        )
    inputmode = {"int": "numeric", "text": "text"}.get(f.kind, "decimal")
    width = f" calc-input--w{f.width}" if f.width else ""
    prefix = f'<span class="calc-prefix" aria-hidden="true">{f.prefix}</span>' if f.prefix else ""
    suffix = f'<span class="calc-suffix" aria-hidden="true">{escape(f.suffix)}</span>' if f.suffix else ""
    unit_words = _unit_words(f)
    aria = f' aria-describedby="{described}"' if described else ""
    return (
        f'<div class="calc-field" data-field-for="{escape(path)}"{_when(f)}>'
        f'<label class="calc-label" for="{fid}">{escape(label)}<span class="calc-visually-hidden">{escape(unit_words)}</span></label>'
        f"{hint}{_mark(calc, path, marks)}{error}"
        f'<div class="calc-input-wrap">{prefix}<input class="calc-input{width}" id="{fid}" name="{escape(path)}" '
        f'type="text" inputmode="{inputmode}" spellcheck="false" autocomplete="off" value="{escape(value)}"{aria} {common}>'
        f"{suffix}</div></div>"
    )


def _group_item(calc: str, g: Input, index, item, marks: dict) -> str:
    """One entry of a list or rows input; ``index`` may be the template placeholder."""
    placeholder = index == "__i__"
    number = "__n__" if placeholder else str(index + g.number_from)
    title = g.item_label.replace("{n}", number)
    if g.kind == "list":
        inner = render_field(calc, g.item, f"{g.name}.{index}", item, marks, label=title)
        legend = ""
    else:
        item = item if isinstance(item, dict) else {}
        inner = "".join(
            render_field(calc, f, f"{g.name}.{index}.{f.name}", item.get(f.name), marks)
            for f in g.fields if f.form
        )
        legend = f'<legend class="calc-item-legend">{escape(title)}</legend>'
    remove = (
        f'<button type="button" class="calc-button calc-button--secondary" data-remove-item hidden>'
        f'Remove <span class="calc-visually-hidden">{escape(g.label.lower())}: </span>{escape(title.lower())}</button>'
    )
    return f'<fieldset class="calc-item" data-item>{legend}{inner}{remove}</fieldset>'


def render_group(calc: str, g: Input, items, marks: dict) -> str:
    items = list(items or [])
    gid = _id(calc, g.name)
    hint = f'<div class="calc-hint" id="{gid}-hint">{abbreviated(g.hint)}</div>' if g.hint else ""
    body = "".join(_group_item(calc, g, i, item, marks) for i, item in enumerate(items))
    template = _group_item(calc, g, "__i__", None, {})
    described = f' aria-describedby="{gid}-hint"' if g.hint else ""
    return (
        f'<fieldset class="calc-group" id="{gid}" data-group="{escape(g.name)}" data-number-from="{g.number_from}"'
        f' data-max-items="{g.max_items}"{described}>'
        f'<legend class="calc-group-legend">{escape(g.label)}</legend>{hint}{_mark(calc, g.name, marks)}'
        f'<p class="calc-error-message" id="{gid}-error" hidden></p>'
        f'<div class="calc-items" data-items>{body}</div>'
        f"<template data-item-template>{template}</template>"
        f'<button type="button" class="calc-button calc-button--secondary" data-add-item data-needs-js>{escape(g.add_label)}</button>'
        f"</fieldset>"
    )


def render_object(calc: str, f: Input, path: str, value, marks: dict) -> str:
    """An object input as a group of its fields, each named by its dotted path (``uncertainty.trials``)."""
    value = value if isinstance(value, dict) else {}
    inner = "".join(
        render_object(calc, g, f"{path}.{g.name}", value.get(g.name), marks) if g.kind == "object"
        else render_field(calc, g, f"{path}.{g.name}", value.get(g.name), marks, prefill=False)
        for g in f.fields if g.form
    )
    gid = _id(calc, path)
    hint = f'<div class="calc-hint" id="{gid}-hint">{abbreviated(f.hint)}</div>' if f.hint else ""
    described = f' aria-describedby="{gid}-hint"' if f.hint else ""
    return (
        f'<fieldset class="calc-group calc-object" id="{gid}" data-object="{escape(path)}"{described}>'
        f'<legend class="calc-group-legend">{escape(f.label)}</legend>{hint}{_mark(calc, path, marks)}'
        f'<p class="calc-error-message" id="{gid}-error" hidden></p>{inner}</fieldset>'
    )


def render_form(spec: Calculator, inputs: dict, marks: dict) -> str:
    sections = []
    for section in spec.sections:
        parts = []
        for f in section.inputs:
            if not f.form:
                continue
            if f.kind in ("list", "rows"):
                parts.append(render_group(spec.name, f, inputs.get(f.name), marks))
            elif f.kind == "object":
                parts.append(render_object(spec.name, f, f.name, inputs.get(f.name), marks))
            else:
                parts.append(render_field(spec.name, f, f.name, inputs.get(f.name), marks))
        sections.append(
            f'<fieldset class="calc-section"><legend class="calc-section-legend">{escape(section.legend)}</legend>'
            f'{"".join(parts)}</fieldset>'
        )
    return "".join(sections)


def _presets_menu(calc: str, mine: dict, selected: str) -> str:
    options = "".join(
        f'<option value="{escape(pid)}"{" selected" if pid == selected else ""}>{escape(p.get("title", pid))}</option>'
        for pid, p in mine.items()
    )
    sid = f"calc-{calc}-preset"
    return (
        f'<div class="calc-presets" data-presets-menu data-needs-js><label class="calc-label" for="{sid}">Start from a case study</label>'
        f'<div class="calc-hint" id="{sid}-hint">Loads that case\'s figures into the form. '
        f"Each value is marked reported (with its source) or illustrative.</div>"
        f'<div class="calc-inline"><select id="{sid}" class="calc-select" aria-describedby="{sid}-hint">{options}</select>'
        f'<button type="button" class="calc-button calc-button--secondary" data-load-preset>Load these figures</button></div></div>'
    )


def preset_marks(spec: Calculator, preset: dict) -> dict:
    """Where each value of a preset comes from: its own marks, over the calculator's
    illustrative marks for the values it leaves to the defaults."""
    return {**spec.assumed_marks(preset.get("inputs") or {}), **(preset.get("marks") or {})}


def source_entries(spec: Calculator, preset: dict) -> list[tuple[str, str, dict]]:
    """The sources list's entries, ``(path, field's name, mark)``: the preset's marks for
    the fields its form shows, each named as the page's script names it (``field_label``),
    so that the list is the same before and after the script starts."""
    inputs = preset.get("inputs") or {}
    return [(path, label, mark) for path, mark in preset_marks(spec, preset).items()
            if (label := field_label(spec, path, inputs)) is not None]


def _sources_list(spec: Calculator, preset: dict) -> str:
    if not preset_marks(spec, preset):
        return ""
    items = "".join(
        f'<li data-source-for="{escape(path)}" data-basis="{escape(mark.get("basis", ""))}">'
        f'<span class="calc-sources__field">{escape(label)}</span>: {escape(render.mark_text(mark))}</li>'
        for path, label, mark in source_entries(spec, preset)
    )
    return (
        f'<details class="calc-sources" data-sources{"" if items else " hidden"}><summary>Where the figures of '
        f'&ldquo;<span data-preset-title>{escape(preset.get("title", ""))}</span>&rdquo; come from</summary>'
        f"<ul data-sources-list>{items}</ul></details>"
    )


_TRAILING_BRACKETS = re.compile(r"\s*\(.*\)\s*$")

#: Kinds drawn as a fieldset with a legend rather than a box with a label.
_FIELDSETS = ("choice", "bool", "list", "rows", "object")


def _label_words(label: str, f: Input) -> str:
    """A label as a field's name in a sentence: without its unit words or a closing "(...)"."""
    return _TRAILING_BRACKETS.sub("", label + ("" if f.kind in _FIELDSETS else _unit_words(f))).strip()


def _applies(f: Input, row: dict, rows: Input) -> bool:
    """Whether a row's field applies to the row (``Input.applies``) as the form shows it:
    a choice the preset leaves out shows the form's starting text for it."""
    if not f.when:
        return True
    key = f.when[0]
    sibling = rows.field(key)
    chosen = _text(row[key]) if row.get(key) is not None else (_default_text(sibling) if sibling is not None else None)
    return f.applies({key: chosen})


def field_label(spec: Calculator, path: str, inputs: dict) -> str | None:
    """The name the form gives the field at ``path`` ("Year 2", "Measure 3, name"), or None
    if the form, filled in with ``inputs``, shows no such field. The same rule as the page's
    script (form.js ``labelFor``): the field's own label or legend; in a row of a table, the
    row's legend, then the label in lower case."""
    parts = path.split(".")
    # The declared input at each step of the path (spec.input passes over row numbers).
    chain = [spec.input(".".join(parts[:i])) for i in range(1, len(parts) + 1)]
    if any(node is None or not node.form for node in chain):
        return None
    top, node = chain[0], chain[-1]
    if top.kind not in ("list", "rows"):  # a field, or a field of an object: no row numbers
        return None if any(part.isdigit() for part in parts) else _label_words(node.label, node)
    if len(parts) == 1:  # a whole list or table
        return _label_words(top.label, top)
    entries = inputs.get(top.name)
    if len(parts) != (2 if top.kind == "list" else 3) or not parts[1].isdigit() \
            or not isinstance(entries, list) or int(parts[1]) >= len(entries):
        return None
    title = top.item_label.replace("{n}", str(int(parts[1]) + top.number_from))
    if top.kind == "list":
        return _label_words(title, node)
    row = entries[int(parts[1])] if isinstance(entries[int(parts[1])], dict) else {}
    if not _applies(node, row, top):
        return None
    return f"{title.strip()}, {_label_words(node.label, node).lower()}"


def unshown_fields(spec: Calculator, inputs: dict) -> list[str]:
    """The preset inputs the form has no field for (they would be lost when the reader edits)."""
    unknown = []
    for key, value in inputs.items():
        f = next((i for i in spec.inputs if i.name == key and i.form), None)
        if f is None:
            unknown.append(key)
        elif f.kind == "rows" and isinstance(value, list):
            shown = {g.name for g in f.fields if g.form}
            unknown += [f"{key}.{i}.{k}" for i, item in enumerate(value) if isinstance(item, dict)
                        for k in item if k not in shown]
    return unknown


def check_preset_fields(calc: str, preset_id: str, inputs: dict) -> None:
    """Fail the build if a preset sets an input the form cannot show (it would be lost)."""
    unknown = unshown_fields(spec_for(calc), inputs)
    if unknown:
        raise CalculatorPageError(
            f"preset {preset_id!r} sets {', '.join(unknown)}, which the {calc} form has no field for: "
            f"declare the input in the calculator's module (calculators/), shown in the form")


def render_calculator(calc: str, presets: dict | None = None, compute=None, preset: str | None = None) -> str:
    """The whole calculator: presets menu, form, pre-rendered result, tools."""
    spec = spec_for(calc)
    if compute is None:
        from ..data.registry import compute
    presets = load_presets() if presets is None else presets
    mine = presets_for(calc, presets)
    selected = default_preset(calc, presets, preset)
    for pid, p in mine.items():
        check_preset_fields(calc, pid, p.get("inputs") or {})
    chosen = mine[selected]
    inputs = chosen.get("inputs") or {}
    marks = preset_marks(spec, chosen)
    try:
        result = compute(calc, inputs)
    except Exception as error:  # the engine's ValidationError: say which preset and why
        problems = getattr(error, "problems", None) or [error]
        detail = "; ".join(f"{getattr(p, 'field', '')}: {getattr(p, 'message', p)}" for p in problems)
        raise CalculatorPageError(f"preset {selected!r} for calculator {calc!r} is rejected by the engine: {detail}") from error
    embedded = {
        pid: {**{k: p.get(k) for k in ("title", "case_study", "inputs")},
              "marks": render.with_text(preset_marks(spec, p))}
        for pid, p in mine.items()
    }
    charts = render.chart_data(spec, result)
    title = escape(chosen.get("title", selected))
    # The status line has a box of its own: the download's panel goes in just after it
    # (progress.js), and put among the calculator's own parts it made the browser
    # restyle all that follows (the form and the results) each time it came and went.
    return f"""
<div class="calc" data-calculator="{calc}" data-state="static" data-preset="{escape(selected)}"
 data-presets="{escape(_json(embedded))}" data-result-data="{escape(_json(result))}" data-chart-data="{escape(_json(charts))}"
 data-mark-words="{escape(_json(render.CHANGED_WORDS))}">
<div class="calc-error-summary" data-error-summary tabindex="-1" aria-labelledby="calc-{calc}-error-title" hidden>
<h2 class="calc-error-summary__title" id="calc-{calc}-error-title">There is a problem</h2>
<ul class="calc-error-summary__list" data-error-list></ul>
</div>
<div class="calc-status-area">
<p class="calc-status" data-status>Showing the result for &ldquo;<span data-preset-title>{title}</span>&rdquo;, worked out when this site was built.
<noscript>Changing the figures needs JavaScript.</noscript></p>
</div>
{_presets_menu(calc, mine, selected)}
<div class="calc-layout">
<form class="calc-form" data-form novalidate aria-label="{escape(spec.title)} inputs">
{render_form(spec, inputs, marks)}
<div class="calc-actions" data-actions data-needs-js><button type="submit" class="calc-button">Calculate</button></div>
{_sources_list(spec, chosen)}
</form>
<section class="calc-results" aria-labelledby="calc-{calc}-results-title">
<h2 id="calc-{calc}-results-title">Results</h2>
<div class="calc-result" data-result>{render.render_result(spec, result)}</div>
<div class="calc-charts" data-charts data-needs-js>{"".join(_chart_figure(c) for c in charts)}</div>
<div class="calc-tools" data-tools data-needs-js>
<button type="button" class="calc-button calc-button--secondary" disabled data-pin>Pin this scenario to compare</button>
<button type="button" class="calc-button calc-button--secondary" disabled data-download="csv">Download the result (CSV)</button>
<button type="button" class="calc-button calc-button--secondary" disabled data-download="inputs-csv">Download the inputs and their sources (CSV)</button>
<button type="button" class="calc-button calc-button--secondary" disabled data-download="json">Download everything (JSON)</button>
<button type="button" class="calc-button calc-button--secondary" disabled data-print>Print</button>
<a class="calc-permalink" data-permalink href="?preset={escape(selected)}">Link to these results</a>
</div>
<div class="calc-comparison" data-comparison hidden>
<h3>Compared scenarios</h3>
<div data-comparison-table></div>
<button type="button" class="calc-button calc-button--secondary" data-clear-pins>Clear pinned scenarios</button>
</div>
</section>
</div>
<div class="calc-visually-hidden" aria-live="polite" data-live></div>
</div>
"""


def _chart_figure(chart: dict) -> str:
    """A place for one chart, its size kept from the first paint; drawn as it comes into view (the tables are its text alternative)."""
    kind = "Line chart" if chart.get("line") else "Bar chart"
    return (f'<figure class="calc-chart" data-chart><canvas role="img" aria-label="{kind}: '
            f'{escape(chart["title"])}. The same figures are in the tables."></canvas></figure>')


def _json(value) -> str:
    """Compact JSON, for a data attribute (not a <script>: Material's instant navigation
    re-runs every script in the new page as JavaScript, whatever its type)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def render_index() -> str:
    """The calculators overview: each calculator (its page is ``<name>.md`` beside the index) and its presets."""
    presets = load_presets()
    out = []
    for name, spec in CALCULATORS.items():
        links = "".join(
            f'<li><a href="{escape(name)}/?preset={escape(pid)}">{escape(p.get("title", pid))}</a></li>'
            for pid, p in presets_for(name, presets).items()
        )
        out.append(f'<h3><a href="{escape(name)}/">{escape(spec.title)}</a></h3><p>{escape(spec.question)}</p><ul>{links}</ul>')
    return "\n".join(out)


def inputs_table(name: str) -> str:
    """The documentation page's table of a calculator's inputs, from its declaration."""
    spec = spec_for(name)
    rows = []
    for f in spec.inputs:
        default = "required" if f.required else ("none" if f.default is None else _json_text(f.default))
        rows.append(f"<tr><th scope=\"row\"><code>{escape(f.name)}</code></th><td>{escape(f.label)}</td>"
                    f"<td>{escape(f.allowed_words())}</td><td>{escape(default)}</td></tr>")
    caption = f"Inputs of the {spec.title.lower()} calculator"
    return (f'<div class="calc-table-wrap" role="region" aria-label="{escape(caption)}" tabindex="0">'
            f'<table class="calc-table calc-inputs-table"><caption>{escape(caption)}</caption>'
            '<thead><tr><th scope="col">Input</th><th scope="col">Meaning</th><th scope="col">Allowed</th>'
            f'<th scope="col">Default</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


#: The macros this module registers.
MACROS = ("calculator", "calculator_index", "calculator_inputs")


def register(env) -> None:
    """Add the calculator macros to mkdocs-macros (called from ``macros/__init__.py``)."""

    @env.macro
    def calculator(name: str, preset: str | None = None) -> str:
        return Block(render_calculator(name, preset=preset))

    @env.macro
    def calculator_index() -> str:
        return render_index()

    @env.macro
    def calculator_inputs(name: str) -> str:
        return inputs_table(name)
