"""``multi-year``: the risk share over the life of the contract.

For "over the whole contract, what does the commissioner pay and what does the
contract-holder make, year by year, when risk is phased in?". It joins the two
calculators: each year's ``contract_value`` is the ``projection``'s value for that
year (:func:`calculators.projection.calculate`, rounded as there), and each year is
then settled by the ``risk-share`` arithmetic (:func:`calculators.risk_share.settle`)
with that value, that year's cost, phase-in and score. Nothing is computed twice.

* cost: ``actual_cost_first_year × (1 + cost_growth)^(y−1)``, carried unrounded
  and rounded once a year; or ``actual_cost_by_year``, one amount per year;
* phase-in: ``risk_applied_pct_by_year`` (shorter lists repeat their last entry;
  ``[0, 100]`` is Bedfordshire's: no measures applied in year 1, in full after);
* score: ``outcome_score_pct_by_year`` if given (repeating its last entry), else
  the score from ``measures``;
* absolute caps apply to each year; percentage caps to that year's value;
* ``cumulative_*``: running sums of the year figures;
  ``present_value_*``: the rounded year figure ÷ the projection's divisor
  ``(1 + inflation)^(y−1) × (1 + r)^(y−1)`` (year 1 undiscounted), rounded once;
* ``totals`` are the sums of the year figures (not of the cumulative ones);
  ``reconciliation`` compares the total contract value with ``stated_total``
  exactly as the projection does.

>>> r = compute({"first_year_value": 26500000, "years": 5, "uplift_pct": 1.3, "upfront_pct": 95,
...              "management_fee_pct": 2.5, "at_risk_pct": 2.5, "risk_applied_pct_by_year": [0, 100],
...              "measures": [{"name": "All", "weight_pct": 100, "achievement_pct": 80}],
...              "actual_cost_first_year": 24000000, "cost_growth_pct": 2})
>>> r["rows"][0]["at_risk_withheld"], r["rows"][1]["at_risk_withheld"], r["totals"]["contract_value"]
('0.00', '134222.50', '135990076.86')
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal

from . import projection, risk_share, uncertainty
from .errors import ValidationError
from .inputs import MAX_MONEY, Problems, Reader, check_number, plain_money
from .money import HUNDRED, ZERO, exact, money_str, pct_str, penny, round_pct, show_money, show_pct
from .projection import ProjectionInputs
from .risk_share import RiskShareInputs

NAME = "multi-year"
TITLE = "The risk share over the life of the contract"
PROJECTION_FIELDS = (
    "first_year_value", "years", "extension_years", "uplift_pct", "efficiency_pct", "population_growth_pct",
    "actual_population_growth_pct", "population_tolerance_pct", "population_adjustment", "discount_rate_pct",
    "inflation_pct", "stated_total",
)
OWN_FIELDS = (
    "risk_applied_pct_by_year", "outcome_score_pct_by_year", "actual_cost_first_year", "cost_growth_pct",
    "actual_cost_by_year", "uncertainty",
)
FIELDS = PROJECTION_FIELDS + risk_share.TERMS_FIELDS + OWN_FIELDS
#: The year figures, in the order of a row; all are summed into ``totals``.
YEAR_FIGURES = (
    "contract_value", "actual_cost", "upfront", "management_fee", "at_risk", "at_risk_earned", "at_risk_withheld",
    "surplus", "provider_share", "commissioner_share", "commissioner_net_cost", "provider_margin",
)
PRESENT_VALUES = ("present_value_commissioner_net_cost", "present_value_provider_margin")
TOTALS = YEAR_FIGURES + PRESENT_VALUES
MAX_LIST = 60
COST_GROWTH_LOW, COST_GROWTH_HIGH = Decimal(-100), Decimal(100)


@dataclass(frozen=True)
class MultiYearInputs:
    """Validated inputs of :func:`calculate`.

    ``projection`` gives the year values (its incentive and fee fields unused);
    ``terms`` are the risk-share terms, with a placeholder contract value and cost
    that each year replaces (:func:`year_inputs`).
    """

    projection: ProjectionInputs
    terms: RiskShareInputs
    risk_applied_pct_by_year: tuple = (HUNDRED,)
    outcome_score_pct_by_year: tuple | None = None
    actual_cost_first_year: Decimal | None = None
    cost_growth_pct: Decimal = ZERO
    actual_cost_by_year: tuple | None = None
    uncertainty: uncertainty.UncertaintyInputs | None = None

    @property
    def total_years(self) -> int:
        return self.projection.total_years

    @classmethod
    def from_dict(cls, data) -> "MultiYearInputs":
        """Validate JSON-like ``data``; raises :class:`ValidationError` with every problem."""
        problems = Problems()
        r = Reader(problems, data, "", FIELDS)
        if not r.ok:
            problems.raise_if_any()
        proj = _part(problems, ProjectionInputs.from_dict, {k: data[k] for k in PROJECTION_FIELDS if k in data})
        total = proj.total_years if proj is not None else None
        terms_data = {k: data[k] for k in risk_share.TERMS_FIELDS if k in data}
        # The year's value and cost come later; the placeholders only let the terms be checked.
        terms_data.update(contract_value="1", actual_cost="0")
        if r.has("outcome_score_pct_by_year"):
            terms_data["outcome_score_pct"] = "0"
        terms = _part(problems, RiskShareInputs.from_dict, terms_data)
        if terms is not None and r.has("outcome_score_pct_by_year"):
            terms = dataclasses.replace(terms, outcome_score_pct=None)
        limit = min(total, MAX_LIST) if total else MAX_LIST
        pct = dict(low=ZERO, high=HUNDRED, what="a percentage (a number, such as 100 for 100%)")
        applied = _numbers(problems, r, "risk_applied_pct_by_year", [100], limit, pct)
        scores = _numbers(problems, r, "outcome_score_pct_by_year", None, limit,
                          dict(low=ZERO, high=HUNDRED, what="an outcome score in points (a number from 0 to 100)"))
        by_year = None
        if r.has("actual_cost_by_year"):
            if r.has("actual_cost_first_year") or r.has("cost_growth_pct"):
                problems.add("actual_cost_by_year", "give either actual_cost_by_year or actual_cost_first_year"
                             " (with cost_growth_pct), not both")
            items = r.items("actual_cost_by_year", min_items=total or 1, max_items=total or MAX_LIST)
            if items is not None:
                by_year = tuple(check_number(problems, path, plain_money(v), low=ZERO, high=MAX_MONEY, places=2,
                                             what='an amount in pounds, such as 24000000 or "24000000.00"')
                                for path, v in items)
            first = None
        else:
            first = r.money("actual_cost_first_year")
        growth = r.pct("cost_growth_pct", default=0, low=COST_GROWTH_LOW, high=COST_GROWTH_HIGH, low_open=True)
        trials = uncertainty.read(problems, r, years=total)
        problems.raise_if_any()
        return cls(proj, terms, applied, scores, first, growth, by_year, trials)


def _part(problems: Problems, read, data):
    """Validate part of the inputs with another calculator's reader, keeping its problems."""
    try:
        return read(data)
    except ValidationError as error:
        problems.items.extend(error.problems)
        return None


def _numbers(problems, r: Reader, key, default, limit, bounds):
    items = r.items(key, default=default, min_items=1, max_items=limit)
    if items is None:
        return None
    values = tuple(check_number(problems, path, v, **bounds) for path, v in items)
    return values


def _per_year(values: tuple, year: int):
    """A per-year list's entry for ``year`` (1-based); shorter lists repeat their last entry."""
    return values[min(year, len(values)) - 1]


def year_costs(inp: MultiYearInputs) -> list[Decimal]:
    """Each year's cost: given, or the first year's grown year by year (carried unrounded, rounded once)."""
    if inp.actual_cost_by_year is not None:
        return list(inp.actual_cost_by_year)
    growth = 1 + inp.cost_growth_pct / HUNDRED
    out, cost = [], inp.actual_cost_first_year
    with exact():
        for year in range(1, inp.total_years + 1):
            if year > 1:
                cost = cost * growth
            out.append(penny(cost))
    return out


def year_inputs(inp: MultiYearInputs, values: list[Decimal]) -> list[RiskShareInputs]:
    """The one-year risk-share inputs of each year: that year's value, cost, phase-in and score."""
    costs = year_costs(inp)
    years = []
    for year, (value, cost) in enumerate(zip(values, costs), start=1):
        score = _per_year(inp.outcome_score_pct_by_year, year) if inp.outcome_score_pct_by_year else None
        years.append(dataclasses.replace(
            inp.terms, contract_value=value, actual_cost=cost,
            risk_applied_pct=_per_year(inp.risk_applied_pct_by_year, year),
            outcome_score_pct=score if score is not None else inp.terms.outcome_score_pct, uncertainty=None))
    return years


def calculate(inp: MultiYearInputs) -> dict:
    """Year-by-year settlement over the contract, as a JSON-ready dict (see the module docstring)."""
    projected = projection.calculate(inp.projection)
    with exact():
        values = [Decimal(row["value"]) for row in projected["rows"]]
        divisors = projection.deflators(inp.projection)
        years = year_inputs(inp, values)
        terms = [risk_share.terms(y) for y in years]
        settled = [risk_share.settle(t, y.actual_cost) for t, y in zip(terms, years)]
        rows = _rows(projected["rows"], terms, settled, divisors)
        totals = {name: money_str(sum((Decimal(row[name]) for row in rows), ZERO)) for name in TOTALS}
        steps = explain(inp, projected, years, terms, settled, rows, totals)
        result = {"rows": rows, "totals": totals, "reconciliation": projected["reconciliation"], "uncertainty": None}
        if inp.uncertainty is not None:
            result["uncertainty"] = uncertainty.simulate(
                inp.uncertainty, [(t, y.actual_cost, None) for t, y in zip(terms, years)],
                risk_share.margin_and_net_cost)
            steps.append(uncertainty.explain(result["uncertainty"], True))
        result["explanation"] = steps
        return result


def _rows(projected_rows, terms, settled, divisors) -> list[dict]:
    rows, net_sum, margin_sum = [], ZERO, ZERO
    for p, t, s, divisor in zip(projected_rows, terms, settled, divisors):
        net_sum += s.net_cost
        margin_sum += s.margin
        rows.append({
            "year": p["year"],
            "in_extension": p["in_extension"],
            "contract_value": money_str(t.value),
            "actual_cost": money_str(s.cost),
            "risk_applied_pct": pct_str(t.applied),
            "outcome_score_pct": str(round_pct(s.score)) if s.score is not None else None,
            "upfront": money_str(t.upfront),
            "management_fee": money_str(t.fee),
            "at_risk": money_str(t.at_risk),
            "at_risk_earned": money_str(s.earned),
            "at_risk_withheld": money_str(s.withheld),
            "surplus": money_str(s.surplus),
            "provider_share": money_str(s.provider_share),
            "commissioner_share": money_str(s.commissioner_share),
            "commissioner_net_cost": money_str(s.net_cost),
            "provider_margin": money_str(s.margin),
            "cumulative_commissioner_net_cost": money_str(net_sum),
            "cumulative_provider_margin": money_str(margin_sum),
            "present_value_commissioner_net_cost": money_str(penny(s.net_cost / divisor)),
            "present_value_provider_margin": money_str(penny(s.margin / divisor)),
        })
    return rows


def explain(inp, projected, years, terms, settled, rows, totals) -> list[str]:
    """The steps: the year values, each year's settlement, the totals."""
    values = ", ".join(f"year {row['year']} {show_money(Decimal(row['value']))}" for row in projected["rows"])
    steps = [f"Contract value each year (the projection's rules): {values}"]
    if inp.actual_cost_by_year is None:
        steps.append(f"Actual cost: {show_money(inp.actual_cost_first_year)} in year 1, changing by"
                     f" {show_pct(inp.cost_growth_pct)} a year (carried unrounded, rounded to the penny each year)")
    for number, (y, t, s) in enumerate(zip(years, terms, settled), start=1):
        steps.extend(risk_share.explain(y, t, s, tag=f"Year {number}: "))
    if inp.projection.discount_rate_pct or inp.projection.inflation_pct:
        steps.append(f"Present values: each year's net cost and margin ÷ (1 + inflation"
                     f" {show_pct(inp.projection.inflation_pct)})^(y−1) × (1 + discount rate"
                     f" {show_pct(inp.projection.discount_rate_pct)})^(y−1), year 1 undiscounted")
    steps.append(f"Over {len(rows)} years the commissioner's net cost is"
                 f" {show_money(Decimal(totals['commissioner_net_cost']))} (present value"
                 f" {show_money(Decimal(totals['present_value_commissioner_net_cost']))}) and the provider's margin"
                 f" {show_money(Decimal(totals['provider_margin']))} (present value"
                 f" {show_money(Decimal(totals['present_value_provider_margin']))})")
    rec = projected["reconciliation"]
    if rec:
        steps.append(f"Reconciliation: total contract value {show_money(Decimal(rec['computed_total']))} − stated total"
                     f" {show_money(Decimal(rec['stated_total']))} = {show_money(Decimal(rec['difference']))}"
                     f" ({rec['difference_pct']}% of the stated total)")
    return steps


def compute(data) -> dict:
    """Validate ``data`` and calculate (see :func:`calculators.compute`)."""
    return calculate(MultiYearInputs.from_dict(data))
