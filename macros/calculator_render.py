"""Render a calculator's result as HTML: one renderer for the build and the browser.

This module is imported by :mod:`macros.calculator_pages` at build time (CPython
3.11) to pre-render each calculator's default result, and copied next to the
Pyodide runtime (by the ``runtime_assets`` hook) so the Web Worker renders every
recomputed result with exactly the same code (Python 3.14). It uses only the
standard library and does no arithmetic on the figures except the differences in
:func:`render_comparison`, which it does with :class:`decimal.Decimal`.

Every figure is written as ``<... data-field="PATH" data-value="EXACT">``, where
``PATH`` is the figure's path in the engine's JSON result (``totals.value``,
``rows.2.value``, ``provider_share``) and ``EXACT`` is the engine's decimal string:
the page contract (see docs/calculators/method.md) that tests and readers rely on.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from html import escape

# -- Labels -------------------------------------------------------------------

#: Plain-English names of result fields; anything not listed is humanised.
LABELS = {
    # projection
    "year": "Year",
    "base": "Base value",
    "population_adjustment": "Population adjustment",
    "value": "Contract value",
    "at_risk": "At risk on outcomes",
    "expected_earned": "Expected to be earned",
    "guaranteed": "Guaranteed",
    "expected_payment": "Expected payment",
    "management_fee": "Management fee",
    "present_value": "Present value",
    "stated_total": "Stated total",
    "computed_total": "Computed total",
    "difference": "Computed minus stated",
    "difference_pct": "Difference",
    # risk-share
    "upfront": "Paid up front",
    "at_risk_earned": "At-risk sum earned",
    "at_risk_withheld": "At-risk sum withheld",
    "surplus": "Surplus (deficit if negative)",
    "provider_share": "Contract-holder keeps (bears if negative)",
    "commissioner_share": "Returned to commissioner (paid if negative)",
    "commissioner_net_cost": "Commissioner's net cost",
    "provider_margin": "Contract-holder's margin",
    "outcome_score_pct": "Outcome score",
    "slice": "Slice of the surplus or deficit",
    # alliance
    "pool": "Pooled budget",
    "total_budget": "Provider budgets",
    "total_spend": "Provider spend",
    "variance": "Variance (underspend positive)",
    "name": "Partner",
    "role": "Role",
    "contribution": "Contribution",
    "budget": "Budget",
    "actual_spend": "Actual spend",
    "own_variance": "Own variance",
    "share_of_variance": "Share of variance",
    "net_position": "Net position",
}

#: Key figures shown first, and compared side by side, per calculator.
KEY_FIGURES = {
    "projection": (
        "totals.value",
        "totals.at_risk",
        "totals.expected_payment",
        "totals.management_fee",
        "totals.present_value",
    ),
    "risk-share": (
        "outcome_score_pct",
        "at_risk_withheld",
        "surplus",
        "provider_share",
        "commissioner_share",
        "commissioner_net_cost",
        "provider_margin",
    ),
    "alliance": ("pool", "total_budget", "total_spend", "variance"),
}

#: Fields that are not money (shown as they come, or with a % sign).
PERCENT_SUFFIX = "_pct"
PLAIN_FIELDS = {"year", "name", "role", "in_extension", "index", "band"}


def label(key: str) -> str:
    last = key.rsplit(".", 1)[-1]
    if last in LABELS:
        return LABELS[last]
    return last.replace("_pct", "").replace("_", " ").capitalize()


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
    if last.endswith(PERCENT_SUFFIX):
        return f"{number}%".replace("-", "\u2212")
    sign = "\u2212" if number < 0 else ""
    return f"{sign}£{abs(number):,.2f}"


def figure(path: str, value, tag: str = "td", attrs: str = "", note: str = "") -> str:
    """One figure carrying its JSON path and exact value (``note`` is shown after it)."""
    raw = "" if value is None else (str(value).lower() if isinstance(value, bool) else str(value))
    numeric = ' class="calc-num"' if _decimal(value) is not None and path.rsplit(".", 1)[-1] not in PLAIN_FIELDS else ""
    return (
        f'<{tag}{numeric}{attrs} data-field="{escape(path)}" data-value="{escape(raw)}">'
        f"{escape(format_figure(path, value))}{escape(note)}</{tag}>"
    )


def get_path(result: dict, path: str):
    node = result
    for part in path.split("."):
        if isinstance(node, list):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None
    return node


# -- Building blocks ------------------------------------------------------------


def key_figures(name: str, result: dict) -> str:
    items = []
    for path in KEY_FIGURES.get(name, ()):
        value = get_path(result, path)
        if value is None:
            continue
        items.append(f"<div><dt>{escape(label(path))}</dt>{figure(path, value, 'dd')}</div>")
    return f'<dl class="calc-key-figures">{"".join(items)}</dl>' if items else ""


def _scalars(result: dict, skip: set) -> list[str]:
    return [k for k, v in result.items() if k not in skip and not isinstance(v, (dict, list))]


def table(caption: str, prefix: str, rows: list[dict], totals: dict | None = None, columns=None) -> str:
    """A table with one row per item of ``rows`` (paths ``prefix.i.key``)."""
    if not rows:
        return ""
    columns = columns or [k for k in rows[0] if not isinstance(rows[0][k], (dict, list))]
    head = "".join(f'<th scope="col">{escape(label(c))}</th>' for c in columns)
    body = []
    for i, row in enumerate(rows):
        cells = []
        for j, c in enumerate(columns):
            path = f"{prefix}.{i}.{c}"
            if j == 0:
                note = " (extension)" if row.get("in_extension") is True else ""
                cells.append(figure(path, row.get(c), "th", ' scope="row"', note))
            else:
                cells.append(figure(path, row.get(c)))
        body.append(f"<tr>{''.join(cells)}</tr>")
    foot = ""
    if totals:
        cells = ['<th scope="row">Total</th>']
        for c in columns[1:]:
            cells.append(figure(f"totals.{c}", totals[c]) if c in totals else "<td></td>")
        foot = f"<tfoot><tr>{''.join(cells)}</tr></tfoot>"
    return (
        f'<div class="calc-table-wrap" role="region" aria-label="{escape(caption)}" tabindex="0">'
        f'<table class="calc-table"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>{foot}</table></div>"
    )


def figures_list(caption: str, result: dict, paths: list[str]) -> str:
    rows = "".join(
        f'<tr><th scope="row">{escape(label(p))}</th>{figure(p, get_path(result, p))}</tr>' for p in paths
    )
    return (
        f'<div class="calc-table-wrap"><table class="calc-table calc-table--figures"><caption>{escape(caption)}</caption>'
        f'<thead><tr><th scope="col">Figure</th><th scope="col">Amount</th></tr></thead><tbody>{rows}</tbody></table></div>'
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


def reconciliation(result: dict) -> str:
    rec = result.get("reconciliation")
    if not rec:
        return ""
    parts = "".join(
        f"<div><dt>{escape(label(k))}</dt>{figure('reconciliation.' + k, v, 'dd')}</div>"
        for k, v in rec.items()
        if not isinstance(v, (dict, list))
    )
    return (
        '<div class="calc-reconciliation"><h3>Stated against computed</h3>'
        "<p>The source states a headline total; the figures above are computed from the inputs. "
        "A difference usually means the stated total was rounded or rests on terms the source does not give.</p>"
        f'<dl class="calc-key-figures">{parts}</dl></div>'
    )


# -- Per calculator -------------------------------------------------------------


def _nonzero_columns(rows: list[dict], totals: dict, always: tuple) -> list[str]:
    columns = []
    for c in rows[0]:
        if isinstance(rows[0][c], (dict, list)) or c == "in_extension":
            continue
        values = [r.get(c) for r in rows] + [totals.get(c)]
        if c in always or any(_decimal(v) not in (None, Decimal(0)) for v in values):
            columns.append(c)
    return columns


def _projection(result: dict) -> str:
    rows = result.get("rows") or []
    totals = result.get("totals") or {}
    columns = _nonzero_columns(rows, totals, ("year", "value")) if rows else None
    note = (
        "<p class=\"calc-note\">Columns that are zero in every year are left out.</p>"
        if rows and len(columns) < len([c for c in rows[0] if c != "in_extension"])
        else ""
    )
    return table("Contract value by year", "rows", rows, totals, columns) + note + reconciliation(result)


def _risk_share(result: dict) -> str:
    skip = {"bands", "explanation", "inputs", "uncertainty"}
    out = figures_list("How the year's money divides", result, _scalars(result, skip))
    bands = result.get("bands") or []
    if bands:
        out += table("Surplus or deficit, band by band", "bands", bands)
    return out


def _alliance(result: dict) -> str:
    partners_key = next((k for k, v in result.items() if isinstance(v, list) and v and isinstance(v[0], dict)), None)
    out = ""
    if partners_key:
        out += table("Each partner's position", partners_key, result[partners_key])
    return out


BODIES = {"projection": _projection, "risk-share": _risk_share, "alliance": _alliance}


# -- Contract-design analyses: break-even, payoff curve, multi-year rows, uncertainty --

LABELS.update({
    "break_even_cost": "Break-even cost",
    "actual_cost_pct": "Cost, % of the up-front sum",
    "band_mode": "Band shares apply to",
    "gain_share_scaled_by_score": "Surplus share scaled by the score",
    "provider_gain_cap_applies": "Cap on what the contract-holder keeps",
    "provider_loss_cap_applies": "Cap on what the contract-holder bears",
    "contract_value": "Contract value",
    "actual_cost": "Actual cost",
    "risk_applied_pct": "Phase-in",
    "cumulative_commissioner_net_cost": "Commissioner's net cost to date",
    "cumulative_provider_margin": "Contract-holder's margin to date",
    "present_value_commissioner_net_cost": "Present value of the net cost",
    "present_value_provider_margin": "Present value of the margin",
    "p_provider_loss_pct": "Chance the contract-holder makes a loss",
    "p5": "5th percentile",
    "p50": "Median",
    "p95": "95th percentile",
    "mean": "Mean",
    "from": "From",
    "to": "To",
    "count": "Trials",
    "trials": "Trials",
    "seed": "Seed",
})
PLAIN_FIELDS.update({"count", "trials", "seed", "band_mode"})
KEY_FIGURES["risk-share"] += ("break_even_cost", "uncertainty.p_provider_loss_pct")
KEY_FIGURES["multi-year"] = (
    "totals.contract_value",
    "totals.at_risk_withheld",
    "totals.commissioner_net_cost",
    "totals.provider_margin",
    "totals.present_value_commissioner_net_cost",
    "totals.present_value_provider_margin",
    "uncertainty.p_provider_loss_pct",
)


def payoff_table(result: dict) -> str:
    """Both parties' positions at 80% to 120% of the up-front sum (the payoff curve, as a table)."""
    rows = result.get("payoff") or []
    if not rows:
        return ""
    even = result.get("break_even_cost")
    note = (f"<p class=\"calc-note\">The contract-holder's margin reaches zero at a cost of "
            f"{figure('break_even_cost', even, 'strong')}.</p>" if even is not None else
            '<p class="calc-note">No cost within reach brings the contract-holder\'s margin to zero: '
            "what it bears of a deficit is capped or shared away.</p>")
    return table("What each party gets across a range of costs", "payoff", rows) + note


def uncertainty_summary(result: dict) -> str:
    """The trials in brief: loss probability, percentiles and mean, and the histogram as a table."""
    u = result.get("uncertainty")
    if not u:
        return ""
    whole = " over the whole contract" if "rows" in result else ""
    rows = "".join(
        f'<tr><th scope="row">{escape(label(key))}{escape(whole)}</th>'
        + "".join(figure(f"uncertainty.{key}.{k}", u[key][k]) for k in ("p5", "p50", "p95", "mean"))
        + "</tr>"
        for key in ("provider_margin", "commissioner_net_cost")
    )
    head = "".join(f'<th scope="col">{escape(label(k))}</th>' for k in ("p5", "p50", "p95", "mean"))
    spread = (
        '<div class="calc-table-wrap" role="region" aria-label="Spread of the simulated outturns" tabindex="0">'
        '<table class="calc-table"><caption>Spread of the simulated outturns</caption>'
        f'<thead><tr><th scope="col">Figure</th>{head}</tr></thead><tbody>{rows}</tbody></table></div>'
    )
    intro = (
        f"<p>{figure('uncertainty.trials', u['trials'], 'span')} simulated outturns (seed "
        f"{figure('uncertainty.seed', u['seed'], 'span')}): the contract-holder's margin{escape(whole)} is below "
        f"zero in {figure('uncertainty.p_provider_loss_pct', u['p_provider_loss_pct'], 'strong')} of them.</p>"
    )
    bins = table("How the contract-holder's margin is spread", "uncertainty.histogram", u.get("histogram") or [])
    return f'<div class="calc-uncertainty"><h3>How likely is a loss?</h3>{intro}{spread}{bins}</div>'


_risk_share_body = _risk_share


def _risk_share_with_design(result: dict) -> str:
    return _risk_share_body(result) + payoff_table(result) + uncertainty_summary(result)


def _multi_year(result: dict) -> str:
    rows = result.get("rows") or []
    totals = result.get("totals") or {}
    columns = _nonzero_columns(rows, totals, ("year", "contract_value", "commissioner_net_cost", "provider_margin")) \
        if rows else None
    return (table("Each year settled", "rows", rows, totals, columns) + reconciliation(result)
            + uncertainty_summary(result))


BODIES["risk-share"] = _risk_share_with_design
BODIES["multi-year"] = _multi_year


def summary_sentence(name: str, result: dict) -> str:
    """What the live region announces after a recompute."""
    parts = []
    for path in KEY_FIGURES.get(name, ())[:3]:
        value = get_path(result, path)
        if value is not None:
            parts.append(f"{label(path)} {format_figure(path, value)}")
    return "Results updated. " + "; ".join(parts) + "."


def render_result(name: str, result: dict) -> str:
    """The whole result region's inner HTML for ``name``'s ``result``."""
    body = BODIES[name](result)
    return key_figures(name, result) + body + explanation(result)


# -- Chart data (drawn by Chart.js in the page; the table is the text alternative) --


def _float(value) -> float | None:
    number = _decimal(value)
    return float(number) if number is not None else None


def chart_data(name: str, result: dict) -> dict:
    """Labels and series for a bar chart; floats, for drawing only."""
    if name == "projection":
        rows = result.get("rows") or []
        series = [k for k in ("value", "expected_payment", "present_value") if rows and k in rows[0]]
        return {
            "title": "Contract value by year",
            "labels": [f"Year {r.get('year')}" for r in rows],
            "datasets": [{"label": label(k), "data": [_float(r.get(k)) for r in rows]} for k in series],
        }
    if name == "risk-share":
        keys = [k for k in ("upfront", "management_fee", "at_risk_earned", "at_risk_withheld") if k in result]
        keys2 = [k for k in ("provider_share", "commissioner_share") if k in result]
        return {
            "title": "Where the contract value goes",
            "labels": [label(k) for k in keys + keys2],
            "datasets": [{"label": "Amount", "data": [_float(result[k]) for k in keys + keys2]}],
        }
    if name == "multi-year":
        rows = result.get("rows") or []
        return {
            "title": "The commissioner's net cost and the contract-holder's margin by year",
            "labels": [f"Year {r.get('year')}" for r in rows],
            "datasets": [{"label": label(k), "data": [_float(r.get(k)) for r in rows]}
                         for k in ("commissioner_net_cost", "provider_margin")],
        }
    if name == "alliance":
        partners_key = next(
            (k for k, v in result.items() if isinstance(v, list) and v and isinstance(v[0], dict)), None
        )
        partners = result.get(partners_key) or []
        series = [k for k in ("share_of_variance", "net_position") if partners and k in partners[0]]
        return {
            "title": "Each partner's share of the variance",
            "labels": [str(p.get("name")) for p in partners],
            "datasets": [{"label": label(k), "data": [_float(p.get(k)) for p in partners]} for k in series],
        }
    return {"title": "", "labels": [], "datasets": []}


_chart_data_base = chart_data


def chart_data(name: str, result: dict) -> dict:
    """As above; the risk share draws its payoff curve: each party's position against the cost."""
    if name != "risk-share" or not result.get("payoff"):
        return _chart_data_base(name, result)
    rows = result["payoff"]
    even = result.get("break_even_cost")
    marks = [f"this year's cost {format_figure('actual_cost', result.get('actual_cost'))}"]
    marks.append(f"break-even {format_figure('break_even_cost', even)}" if even is not None else "no break-even")
    return {
        "type": "line",
        "kind": "Line chart",
        "title": f"What each party gets as the cost changes ({'; '.join(marks)})",
        "labels": [format_figure("actual_cost", r.get("actual_cost")) for r in rows],
        "datasets": [{"label": label(k), "data": [_float(r.get(k)) for r in rows]}
                     for k in ("provider_margin", "provider_share", "commissioner_share")],
    }


# -- Comparison -------------------------------------------------------------------


def _comparison_paths(name: str, results: list[dict]) -> list[str]:
    paths = list(KEY_FIGURES.get(name, ()))
    if name == "alliance":
        first = results[0]
        key = next((k for k, v in first.items() if isinstance(v, list) and v and isinstance(v[0], dict)), None)
        if key:
            paths += [f"{key}.{i}.net_position" for i in range(len(first[key]))]
    return [p for p in paths if all(get_path(r, p) is not None for r in results)]


def _comparison_label(result: dict, path: str) -> str:
    parts = path.split(".")
    if len(parts) == 3 and parts[1].isdigit():
        row = get_path(result, ".".join(parts[:2])) or {}
        return f"{label(parts[2])}: {row.get('name', int(parts[1]) + 1)}"
    return label(path)


def render_comparison(name: str, scenarios: list[dict]) -> str:
    """Key figures of several scenarios side by side, with the change from the first.

    ``scenarios`` is a list of ``{"label": str, "result": dict}``.
    """
    if len(scenarios) < 2:
        return ""
    results = [s["result"] for s in scenarios]
    head = "".join(f'<th scope="col">{escape(s["label"])}</th>' for s in scenarios)
    head += f'<th scope="col">Change: {escape(scenarios[-1]["label"])} minus {escape(scenarios[0]["label"])}</th>'
    body = []
    for path in _comparison_paths(name, results):
        cells = [f'<th scope="row">{escape(_comparison_label(results[0], path))}</th>']
        for i, result in enumerate(results):
            cells.append(figure(f"{path}", get_path(result, path)).replace("data-field=", f'data-scenario="{i}" data-field=', 1))
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


# -- Downloads (the CSV is the engine's own, :func:`calculators.formats.as_csv`) --


def to_json(name: str, inputs: dict, result: dict) -> str:
    return json.dumps({"calculator": name, "inputs": inputs, "result": result}, indent=2, ensure_ascii=False)
