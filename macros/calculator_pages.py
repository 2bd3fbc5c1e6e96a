"""The calculator pages: each calculator's form, presets and pre-rendered result.

Pages call ``{{ calculator("projection") }}`` (or ``risk-share``, ``alliance``) and
``{{ calculator_index() }}``. The form's fields are described once, here, in
:data:`FORMS`; the HTML follows the GOV.UK / NHS.UK patterns (visible label and
hint, £ prefix and % suffix, ``inputmode="decimal"``, error message slot at each
field, an error summary at the top). The result is computed at build time by the
same engine the browser runs (:func:`calculators.compute`) on the default preset's
inputs and rendered by :mod:`macros.calculator_render`, which the browser also runs,
so the page is complete with JavaScript off and the two renderings cannot drift.

Nothing here validates or computes: the engine does both; a preset the engine
rejects fails the build with the preset id and the engine's messages.

To give a calculator a new input once the engine accepts it: add a :class:`Field`
(or a :class:`Group` for a list) to its section in :data:`FORMS`, with the engine's
JSON name. The form, the permalink and the browser pick it up; a preset that sets an
input missing from :data:`FORMS` fails the build (:func:`check_preset_fields`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape

from . import calculator_render
from .render.text import abbreviated

# -- Field descriptions ---------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One input. ``kind``: money, pct, int, text, choice or bool."""

    name: str
    label: str
    hint: str = ""
    kind: str = "pct"
    default: str = ""
    suffix: str = ""
    choices: tuple = ()  # (value, label) pairs, for choice
    blank: str = "omit"  # what a blank box sends: "omit" or "null"
    width: int = 0

    @property
    def prefix(self) -> str:
        return "£" if self.kind == "money" else ""

    @property
    def unit(self) -> str:
        return self.suffix or ("%" if self.kind == "pct" else "")


@dataclass(frozen=True)
class Group:
    """A repeatable list: of objects (``fields``) or of single numbers (``item``)."""

    name: str
    legend: str
    item_label: str  # "{n}" is the item number (plus ``number_from - 1``)
    hint: str = ""
    fields: tuple = ()
    item: Field | None = None
    number_from: int = 1
    add_label: str = "Add"


@dataclass(frozen=True)
class Section:
    legend: str
    parts: tuple = field(default_factory=tuple)


def money(name, label, hint="", default=""):
    return Field(name, label, hint, kind="money", default=default, width=12)


def pct(name, label, hint="", default="", suffix=""):
    return Field(name, label, hint, kind="pct", default=default, suffix=suffix, width=5)


BANDS_HINT = (
    "Bands in order. Each covers the amount up to its limit (a percentage of the band base); "
    "leave the last limit blank for no limit. The contract-holder's share applies to that slice."
)


def _bands(name, legend):
    return Group(
        name,
        legend,
        "Band {n}",
        hint=BANDS_HINT,
        fields=(
            Field("up_to_pct", "Up to", "Blank means no limit.", kind="pct", blank="null", width=5),
            pct("provider_share_pct", "Contract-holder's share of this slice"),
        ),
        add_label="Add a band",
    )


FORMS = {
    "projection": (
        Section(
            "The contract",
            (
                money("first_year_value", "Contract value in year 1", "In pounds, for example 26500000."),
                Field("years", "Core contract term", "Whole years, 1 to 30.", kind="int", suffix="years", width=3),
                Field(
                    "extension_years",
                    "Optional extension",
                    "Whole years added after the core term; 0 for none.",
                    kind="int",
                    default="0",
                    suffix="years",
                    width=3,
                ),
                pct("uplift_pct", "Annual uplift", "Change in value each year from year 2; may be negative.", "0"),
                pct("efficiency_pct", "Annual efficiency saving", "Saving (QIPP) required each year from year 2.", "0"),
                pct(
                    "management_fee_pct",
                    "Management fee",
                    "Share of each year's value that is the contract-holder's fee (inside the value).",
                    "0",
                ),
                money(
                    "stated_total",
                    "Stated headline total (optional)",
                    "A total the source reports, to compare with the computed total.",
                ),
            ),
        ),
        Section(
            "Payment on outcomes",
            (
                Group(
                    "incentive_pct_by_year",
                    "Share of each year's value paid on outcomes",
                    "Year {n}",
                    hint="One entry per year; later years repeat the last entry.",
                    item=pct("", "Year", default="0"),
                    add_label="Add a year",
                ),
                pct(
                    "expected_achievement_pct",
                    "Expected achievement",
                    "Share of the outcome payment you expect to be earned, 0 to 100.",
                    "100",
                ),
            ),
        ),
        Section(
            "Population",
            (
                pct("population_growth_pct", "Projected population growth", "Per year, from year 2.", "0"),
                Group(
                    "actual_population_growth_pct",
                    "Actual population growth (optional)",
                    "Year {n}",
                    hint="One rate per year from year 2; years without one use the projected rate.",
                    item=pct("", "Year"),
                    number_from=2,
                    add_label="Add a year",
                ),
                pct(
                    "population_tolerance_pct",
                    "Tolerance",
                    "Difference between actual and projected population allowed before the value is adjusted.",
                    "0",
                    suffix="points",
                ),
                Field(
                    "population_adjustment",
                    "Beyond the tolerance, adjust by",
                    kind="choice",
                    default="excess",
                    choices=(("excess", "only the part beyond the tolerance"), ("full", "the whole difference")),
                ),
            ),
        ),
        Section(
            "Present value",
            (
                pct("discount_rate_pct", "Real discount rate", "HM Treasury Green Book rate: 3.5.", "3.5"),
                pct("inflation_pct", "Inflation", "Used to turn cash into real terms before discounting.", "0"),
            ),
        ),
    ),
    "risk-share": (
        Section(
            "The contract year",
            (
                money("contract_value", "Contract value for the year"),
                pct("upfront_pct", "Paid up front", "The contract-holder carries the financial risk on this share."),
                pct("management_fee_pct", "Management fee", default="0"),
                pct("at_risk_pct", "Withheld against outcomes", "The three shares must add up to 100."),
                money("actual_cost", "Actual cost of delivering the service"),
            ),
        ),
        Section(
            "Outcome measures",
            (
                Group(
                    "measures",
                    "Outcome measures",
                    "Measure {n}",
                    hint="Weights add up to 100; achievement is 0 to 100.",
                    fields=(
                        Field("name", "Name", kind="text", width=20),
                        pct("weight_pct", "Weight"),
                        pct("achievement_pct", "Achievement"),
                    ),
                    add_label="Add a measure",
                ),
                pct(
                    "risk_applied_pct",
                    "Share of the at-risk sum that depends on the measures this year",
                    "Phase-in: 0 means it is paid regardless, 100 means fully at risk.",
                    "100",
                ),
            ),
        ),
        Section(
            "Sharing a surplus or deficit",
            (
                Field(
                    "band_base",
                    "Band limits are a percentage of",
                    kind="choice",
                    default="upfront",
                    choices=(("upfront", "the up-front payment"), ("contract_value", "the contract value")),
                ),
                _bands("gain_bands", "Surplus bands"),
                _bands("loss_bands", "Deficit bands"),
                money("provider_gain_cap", "Cap on what the contract-holder keeps (optional)"),
                money("provider_loss_cap", "Cap on what the contract-holder bears (optional)"),
            ),
        ),
    ),
    "alliance": (
        Section(
            "Partners",
            (
                Group(
                    "partners",
                    "Alliance partners",
                    "Partner {n}",
                    hint="Commissioners give a contribution to the pool; providers a budget and their actual spend.",
                    fields=(
                        Field("name", "Name", kind="text", width=20),
                        Field(
                            "role",
                            "Role",
                            kind="choice",
                            default="provider",
                            choices=(("commissioner", "Commissioner"), ("provider", "Provider")),
                        ),
                        money("contribution", "Contribution (commissioners)"),
                        money("budget", "Budget (providers)"),
                        money("actual_spend", "Actual spend (providers)"),
                    ),
                    add_label="Add a partner",
                ),
            ),
        ),
        Section(
            "Sharing the variance",
            (
                Field(
                    "risk_share",
                    "Do the partners share the under- or overspend?",
                    "If not, the commissioners absorb all of it.",
                    kind="bool",
                    default="true",
                ),
                pct("commissioner_gain_pct", "Commissioners' part of an underspend", default="50"),
                pct("commissioner_loss_pct", "Commissioners' part of an overspend", default="50"),
                Field(
                    "provider_split",
                    "Divide the providers' part",
                    kind="choice",
                    default="budget",
                    choices=(("budget", "in proportion to their budgets"), ("equal", "equally")),
                ),
                pct(
                    "provider_loss_cap_pct",
                    "Cap on each provider's part of an overspend (optional)",
                    "As a percentage of its budget; the commissioners bear what is cut off.",
                ),
            ),
        ),
    ),
}

TITLES = {
    "projection": "Contract value projection",
    "risk-share": "Risk share",
    "alliance": "Alliance gain and pain share",
}

#: The preset each page opens with (falls back to the first for that calculator).
DEFAULT_PRESET = {
    "projection": "bedfordshire-projection",
    "risk-share": "bedfordshire-risk-share",
    "alliance": "salford-alliance",
}


# -- Presets ----------------------------------------------------------------------


def load_presets() -> dict:
    """Every preset by id, from ``calculators/presets.json`` (the build writes it first)."""
    from calculators import presets

    return presets.load()


def presets_for(name: str, presets: dict | None = None) -> dict:
    presets = load_presets() if presets is None else presets
    return {pid: p for pid, p in presets.items() if p.get("calculator") == name}


def default_preset(name: str, presets: dict) -> str:
    mine = presets_for(name, presets)
    if not mine:
        raise ValueError(f"calculator {name!r}: no preset in calculators/presets.json (add one under a case study's presets:)")
    wanted = DEFAULT_PRESET.get(name)
    return wanted if wanted in mine else next(iter(mine))


# -- HTML ------------------------------------------------------------------------


def _id(calc: str, path: str) -> str:
    return f"calc-{calc}-" + path.replace(".", "-").replace("_", "-")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _mark_text(mark: dict | None) -> str:
    if not mark:
        return ""
    if mark.get("basis") == "reported":
        return f"Reported: {mark.get('source', '')}".rstrip(": ")
    if mark.get("basis") == "illustrative":
        note = mark.get("note")
        return f"Illustrative: {note}" if note else "Illustrative: an assumption, not stated in the source"
    return ""


def _mark(calc: str, path: str, marks: dict) -> str:
    text = _mark_text(marks.get(path))
    basis = (marks.get(path) or {}).get("basis", "")
    hidden = "" if text else " hidden"
    return (
        f'<p class="calc-mark" id="{_id(calc, path)}-mark" data-mark-for="{escape(path)}" '
        f'data-basis="{escape(basis)}"{hidden}>{escape(text)}</p>'
    )


def render_field(calc: str, f: Field, path: str, value, marks: dict, label: str | None = None) -> str:
    fid = _id(calc, path)
    label = label or f.label
    value = _text(value) if value is not None else ("" if f.blank == "null" else f.default)
    hint = f'<div class="calc-hint" id="{fid}-hint">{abbreviated(f.hint)}</div>' if f.hint else ""
    described = " ".join(x for x in (f"{fid}-hint" if f.hint else "", f"{fid}-mark" if marks.get(path) else "") if x)
    error = f'<p class="calc-error-message" id="{fid}-error" hidden></p>'
    common = f'data-kind="{f.kind}" data-default="{escape(f.default)}" data-blank="{f.blank}"'
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
            f'<fieldset class="calc-field calc-field--choice" id="{fid}" data-field-for="{escape(path)}"{aria}>'
            f'<legend class="calc-label">{escape(label)}</legend>{hint}{_mark(calc, path, marks)}{error}'
            f'<div class="calc-radios">{radios}</div></fieldset>'
        )
    inputmode = {"int": "numeric", "text": "text"}.get(f.kind, "decimal")
    width = f" calc-input--w{f.width}" if f.width else ""
    prefix = f'<span class="calc-prefix" aria-hidden="true">{f.prefix}</span>' if f.prefix else ""
    suffix = f'<span class="calc-suffix" aria-hidden="true">{escape(f.unit)}</span>' if f.unit else ""
    unit_words = {"£": " (pounds)", "%": " (per cent)"}.get(f.prefix or f.unit, f" ({f.unit})" if f.unit else "")
    aria = f' aria-describedby="{described}"' if described else ""
    return (
        f'<div class="calc-field" data-field-for="{escape(path)}">'
        f'<label class="calc-label" for="{fid}">{escape(label)}<span class="calc-visually-hidden">{escape(unit_words)}</span></label>'
        f"{hint}{_mark(calc, path, marks)}{error}"
        f'<div class="calc-input-wrap">{prefix}<input class="calc-input{width}" id="{fid}" name="{escape(path)}" '
        f'type="text" inputmode="{inputmode}" spellcheck="false" autocomplete="off" value="{escape(value)}"{aria} {common}>'
        f"{suffix}</div></div>"
    )


def _group_item(calc: str, g: Group, index, item, marks: dict) -> str:
    """One item of a repeatable group; ``index`` may be the template placeholder."""
    placeholder = index == "__i__"
    number = "__n__" if placeholder else str(index + g.number_from)
    title = g.item_label.replace("{n}", number)
    if g.item is not None:
        inner = render_field(calc, g.item, f"{g.name}.{index}", item, marks, label=title)
        legend = ""
    else:
        item = item or {}
        inner = "".join(
            render_field(calc, f, f"{g.name}.{index}.{f.name}", item.get(f.name) if item else None, marks)
            for f in g.fields
        )
        legend = f'<legend class="calc-item-legend">{escape(title)}</legend>'
    remove = (
        f'<button type="button" class="calc-button calc-button--secondary" data-remove-item hidden>'
        f'Remove <span class="calc-visually-hidden">{escape(g.legend.lower())}: </span>{escape(title.lower())}</button>'
    )
    return f'<fieldset class="calc-item" data-item>{legend}{inner}{remove}</fieldset>'


def render_group(calc: str, g: Group, items, marks: dict) -> str:
    items = list(items or [])
    gid = _id(calc, g.name)
    hint = f'<div class="calc-hint" id="{gid}-hint">{abbreviated(g.hint)}</div>' if g.hint else ""
    body = "".join(_group_item(calc, g, i, item, marks) for i, item in enumerate(items))
    template = _group_item(calc, g, "__i__", None, {})
    described = f' aria-describedby="{gid}-hint"' if g.hint else ""
    return (
        f'<fieldset class="calc-group" id="{gid}" data-group="{escape(g.name)}" data-number-from="{g.number_from}"{described}>'
        f'<legend class="calc-group-legend">{escape(g.legend)}</legend>{hint}{_mark(calc, g.name, marks)}'
        f'<p class="calc-error-message" id="{gid}-error" hidden></p>'
        f'<div class="calc-items" data-items>{body}</div>'
        f"<template data-item-template>{template}</template>"
        f'<button type="button" class="calc-button calc-button--secondary" data-add-item hidden>{escape(g.add_label)}</button>'
        f"</fieldset>"
    )


def render_form(calc: str, inputs: dict, marks: dict) -> str:
    sections = []
    for section in FORMS[calc]:
        parts = []
        for part in section.parts:
            if isinstance(part, Group):
                parts.append(render_group(calc, part, inputs.get(part.name), marks))
            else:
                parts.append(render_field(calc, part, part.name, inputs.get(part.name), marks))
        sections.append(
            f'<fieldset class="calc-section"><legend class="calc-section-legend">{escape(section.legend)}</legend>'
            f'{"".join(parts)}</fieldset>'
        )
    return "".join(sections)


def field_paths(calc: str) -> list[str]:
    """Every top-level input name the form knows (tests use it)."""
    return [p.name for s in FORMS[calc] for p in s.parts]


def _presets_menu(calc: str, mine: dict, selected: str) -> str:
    options = "".join(
        f'<option value="{escape(pid)}"{" selected" if pid == selected else ""}>{escape(p.get("title", pid))}</option>'
        for pid, p in mine.items()
    )
    sid = f"calc-{calc}-preset"
    return (
        f'<div class="calc-presets" data-presets-menu hidden><label class="calc-label" for="{sid}">Start from a case study</label>'
        f'<div class="calc-hint" id="{sid}-hint">Loads that case\'s figures into the form. '
        f"Each value is marked reported (with its source) or illustrative.</div>"
        f'<div class="calc-inline"><select id="{sid}" class="calc-select" aria-describedby="{sid}-hint">{options}</select>'
        f'<button type="button" class="calc-button calc-button--secondary" data-load-preset>Load these figures</button></div></div>'
    )


def _sources_list(preset: dict) -> str:
    marks = preset.get("marks") or {}
    if not marks:
        return ""
    items = "".join(
        f"<li><code>{escape(path)}</code>: {escape(_mark_text(mark))}</li>" for path, mark in marks.items()
    )
    return (
        f'<details class="calc-sources" data-sources><summary>Where the figures of '
        f'&ldquo;<span data-preset-title>{escape(preset.get("title", ""))}</span>&rdquo; come from</summary>'
        f"<ul data-sources-list>{items}</ul></details>"
    )


def check_preset_fields(calc: str, preset_id: str, inputs: dict) -> None:
    """Fail the build if a preset sets an input the form cannot show (it would be lost)."""
    parts = {p.name: p for s in FORMS[calc] for p in s.parts}
    unknown = []
    for key, value in inputs.items():
        part = parts.get(key)
        if part is None:
            unknown.append(key)
        elif isinstance(part, Group) and part.fields and isinstance(value, list):
            names = {f.name for f in part.fields}
            unknown += [f"{key}.{i}.{k}" for i, item in enumerate(value) if isinstance(item, dict) for k in item if k not in names]
    if unknown:
        raise ValueError(
            f"preset {preset_id!r} sets {', '.join(unknown)}, which the {calc} form has no field for: "
            f"add the field to FORMS[{calc!r}] in macros/calculator_pages.py"
        )


def render_calculator(calc: str, presets: dict | None = None, compute=None) -> str:
    """The whole calculator: presets menu, form, pre-rendered result, tools."""
    if calc not in FORMS:
        raise ValueError(f"unknown calculator {calc!r}; expected one of {', '.join(FORMS)}")
    if compute is None:
        from calculators import compute
    presets = load_presets() if presets is None else presets
    mine = presets_for(calc, presets)
    selected = default_preset(calc, presets)
    for pid, p in mine.items():
        check_preset_fields(calc, pid, p.get("inputs") or {})
    preset = mine[selected]
    inputs = preset.get("inputs") or {}
    marks = preset.get("marks") or {}
    try:
        result = compute(calc, inputs)
    except Exception as error:  # the engine's ValidationError: say which preset and why
        problems = getattr(error, "problems", None) or [error]
        detail = "; ".join(f"{getattr(p, 'field', '')}: {getattr(p, 'message', p)}" for p in problems)
        raise ValueError(f"preset {selected!r} for calculator {calc!r} is rejected by the engine: {detail}") from error
    embedded = {
        pid: {k: p.get(k) for k in ("title", "case_study", "inputs", "marks")} for pid, p in mine.items()
    }
    chart = calculator_render.chart_data(calc, result)
    title = escape(preset.get("title", selected))
    return f"""
<div class="calc" data-calculator="{calc}" data-state="static" data-preset="{escape(selected)}"
 data-presets="{escape(_json(embedded))}" data-chart-data="{escape(_json(chart))}">
<div class="calc-error-summary" data-error-summary tabindex="-1" aria-labelledby="calc-{calc}-error-title" hidden>
<h2 class="calc-error-summary__title" id="calc-{calc}-error-title">There is a problem</h2>
<ul class="calc-error-summary__list" data-error-list></ul>
</div>
<p class="calc-status" data-status>Showing the result for &ldquo;<span data-preset-title>{title}</span>&rdquo;, worked out when this site was built.
<noscript>Changing the figures needs JavaScript.</noscript></p>
{_presets_menu(calc, mine, selected)}
<form class="calc-form" data-form novalidate aria-label="{escape(TITLES[calc])} inputs">
{render_form(calc, inputs, marks)}
<div class="calc-actions" data-actions hidden><button type="submit" class="calc-button">Calculate</button></div>
</form>
{_sources_list(preset)}
<section class="calc-results" aria-labelledby="calc-{calc}-results-title">
<h2 id="calc-{calc}-results-title">Results</h2>
<div class="calc-result" data-result>{calculator_render.render_result(calc, result)}</div>
<figure class="calc-chart" data-chart hidden><canvas role="img" aria-label="Bar chart: {escape(chart['title'])}. The same figures are in the table above."></canvas></figure>
<div class="calc-tools" data-tools hidden>
<button type="button" class="calc-button calc-button--secondary" data-pin>Pin this scenario to compare</button>
<button type="button" class="calc-button calc-button--secondary" data-download="csv">Download CSV</button>
<button type="button" class="calc-button calc-button--secondary" data-download="json">Download JSON</button>
<button type="button" class="calc-button calc-button--secondary" data-print>Print</button>
<a class="calc-permalink" data-permalink href="?preset={escape(selected)}">Link to these results</a>
</div>
<div class="calc-comparison" data-comparison hidden>
<h3>Compared scenarios</h3>
<div data-comparison-table></div>
<button type="button" class="calc-button calc-button--secondary" data-clear-pins>Clear pinned scenarios</button>
</div>
</section>
<div class="calc-visually-hidden" aria-live="polite" data-live></div>
</div>
"""


def _json(value) -> str:
    """Compact JSON, for a data attribute (not a <script>: Material's instant navigation
    re-runs every script in the new page as JavaScript, whatever its type)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def render_index(page_url: str = "calculators/") -> str:
    """The calculators overview: what each answers and links to every preset."""
    presets = load_presets()
    slugs = {"projection": "projection/", "risk-share": "risk-share/", "alliance": "alliance/"}
    out = []
    for calc, title in TITLES.items():
        links = "".join(
            f'<li><a href="{slugs[calc]}?preset={escape(pid)}">{escape(p.get("title", pid))}</a></li>'
            for pid, p in presets_for(calc, presets).items()
        )
        out.append(f"<h3><a href=\"{slugs[calc]}\">{escape(title)}</a></h3><ul>{links}</ul>")
    return "\n".join(out)


def register(env) -> None:
    """Add the calculator macros to mkdocs-macros (called from ``macros/__init__.py``)."""

    @env.macro
    def calculator(name: str) -> str:
        return render_calculator(name)

    @env.macro
    def calculator_index() -> str:
        return render_index()
