"""Writing a result as JSON, CSV or an aligned text table (for the command line)."""

from __future__ import annotations

import csv
import io
import json

LABELS = {
    "base": "Base", "population_adjustment": "Population adj.", "value": "Value", "at_risk": "At risk",
    "expected_earned": "Expected earned", "guaranteed": "Guaranteed", "expected_payment": "Expected payment",
    "management_fee": "Management fee", "present_value": "Present value",
}


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


def as_csv(result: dict) -> str:
    """Two columns, ``field,value``: every figure under its JSON path (the explanation left out)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["field", "value"])
    for field, value in flatten({k: v for k, v in result.items() if k != "explanation"}):
        writer.writerow([field, "" if value is None else json.dumps(value) if isinstance(value, bool) else value])
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


def _money(text) -> str:
    from decimal import Decimal

    return "" if text is None else format(Decimal(text), ",.2f")


def as_table(name: str, result: dict) -> str:
    """A readable text report: the figures in aligned columns, then how they were worked out."""
    parts = []
    if name == "projection":
        # Always value, payment and present value; other columns only where they say something.
        def used(field):
            return any(row[field] != "0.00" for row in result["rows"])

        optional = {"base": used("population_adjustment"), "population_adjustment": used("population_adjustment"),
                    "at_risk": used("at_risk"), "expected_earned": used("at_risk"), "guaranteed": used("at_risk"),
                    "management_fee": used("management_fee")}
        shown = [f for f in LABELS if optional.get(f, True)]
        rows = [[f"{row['year']}{'*' if row['in_extension'] else ''}"] + [_money(row[f]) for f in shown]
                for row in result["rows"]]
        rows.append(["Total"] + [_money(result["totals"][f]) for f in shown])
        parts.append(table(["Year"] + [LABELS[f] for f in shown], rows))
        if any(row["in_extension"] for row in result["rows"]):
            parts.append("* extension year")
        rec = result["reconciliation"]
        if rec:
            parts.append(table(["Reconciliation", "Amount"], [
                ["Stated total", _money(rec["stated_total"])],
                ["Computed total", _money(rec["computed_total"])],
                ["Difference", _money(rec["difference"])],
                ["Difference, % of stated", rec["difference_pct"] + "%"],
            ]))
    elif name == "risk-share":
        figures = ["contract_value", "upfront", "management_fee", "at_risk", "at_risk_earned", "at_risk_withheld",
                   "actual_cost", "surplus", "provider_share_before_cap", "cap_applied", "provider_share",
                   "commissioner_share", "commissioner_net_cost", "provider_margin"]
        rows = [[f.replace("_", " ").capitalize(), _money(result[f])] for f in figures]
        if result["outcome_score_pct"] is not None:
            rows.insert(4, ["Outcome score", result["outcome_score_pct"] + "%"])
        parts.append(table(["Figure", "Amount"], rows))
        parts.append(table(
            ["Band", "From", "To", "Provider %", "Slice", "Provider part", "Commissioner part"],
            [[f"{b['kind']} {i}", _money(b["from"]), _money(b["to"]) if b["to"] else "no limit",
              b["provider_share_pct"], _money(b["slice"]), _money(b["provider_part"]), _money(b["commissioner_part"])]
             for i, b in enumerate(result["bands"], start=1)]))
        parts.append(table(["Break-even", "Amount"], [
            ["Break-even cost", _money(result["break_even_cost"]) if result.get("break_even_cost") else "none"]]))
        parts.append(table(["Cost, % of up front", "Actual cost", "Surplus", "Provider share", "Commissioner share",
                            "Net cost", "Provider margin"],
                           [[f"{row['actual_cost_pct']}%"] + [_money(row[f]) for f in PAYOFF_FIELDS]
                            for row in result.get("payoff", [])]))
    elif name == "multi-year":
        rows = [[f"{row['year']}{'*' if row['in_extension'] else ''}"] + [_money(row[f]) for f in MULTI_YEAR_COLUMNS]
                for row in result["rows"]]
        rows.append(["Total"] + [_money(result["totals"][f]) if f in result["totals"] else ""
                                 for f in MULTI_YEAR_COLUMNS])
        parts.append(table(["Year"] + [MULTI_YEAR_LABELS[f] for f in MULTI_YEAR_COLUMNS], rows))
        if any(row["in_extension"] for row in result["rows"]):
            parts.append("* extension year")
        rec = result["reconciliation"]
        if rec:
            parts.append(table(["Reconciliation", "Amount"], [
                ["Stated total", _money(rec["stated_total"])], ["Computed total", _money(rec["computed_total"])],
                ["Difference", _money(rec["difference"])], ["Difference, % of stated", rec["difference_pct"] + "%"]]))
    elif name == "alliance":
        parts.append(table(["Figure", "Amount"], [
            [f.replace("_", " ").capitalize(), _money(result[f])]
            for f in ("pool", "total_budget", "total_spend", "unallocated", "variance", "commissioners_part",
                      "providers_part", "capped")]))
        fields = ["contribution", "budget", "actual_spend", "own_variance", "share_of_variance", "settlement",
                  "net_position"]
        parts.append(table(["Partner", "Role"] + [f.replace("_", " ").capitalize() for f in fields],
                           [[p["name"], p["role"]] + [_money(p[f]) for f in fields] for p in result["partners"]]))
    if result.get("uncertainty"):
        parts.append(uncertainty_table(result["uncertainty"]))
    parts.append("How this was worked out:\n" + "\n".join(
        f"{n:>3}. {step}" for n, step in enumerate(result["explanation"], start=1)))
    return "\n\n".join(parts) + "\n"


PAYOFF_FIELDS = ("actual_cost", "surplus", "provider_share", "commissioner_share", "commissioner_net_cost",
                 "provider_margin")
MULTI_YEAR_LABELS = {
    "contract_value": "Value", "actual_cost": "Cost", "at_risk_withheld": "Withheld",
    "provider_share": "Provider share", "commissioner_share": "Commissioner share",
    "commissioner_net_cost": "Net cost", "provider_margin": "Margin", "cumulative_provider_margin": "Cum. margin",
    "present_value_commissioner_net_cost": "PV net cost", "present_value_provider_margin": "PV margin",
}
MULTI_YEAR_COLUMNS = tuple(MULTI_YEAR_LABELS)


def uncertainty_table(u: dict) -> str:
    """The trials in brief: loss probability, percentiles and mean, then the histogram."""
    summary = table(["Uncertainty", "P5", "Median", "P95", "Mean"], [
        [label] + [_money(u[key][k]) for k in ("p5", "p50", "p95", "mean")]
        for label, key in (("Provider margin", "provider_margin"), ("Commissioner net cost", "commissioner_net_cost"))])
    head = f"{u['trials']} trials (seed {u['seed']}): provider loss in {u['p_provider_loss_pct']}% of them"
    bins = table(["Margin from", "to", "Trials"],
                 [[_money(b["from"]), _money(b["to"]), str(b["count"])] for b in u["histogram"]])
    return "\n\n".join([head, summary, bins])
