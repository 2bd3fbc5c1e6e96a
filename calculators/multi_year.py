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
from fractions import Fraction

from . import projection, risk_share, uncertainty
from .errors import ValidationError
from .inputs import Problems, Reader
from .money import HUNDRED, ZERO, exact, exact_round, money_str, pct_str, round_pct, show_money, show_pct
from .spec import Calculator, Chart, Examples, Input, Section, Table, money, pct
from .projection import ProjectionInputs
from .risk_share import RiskShareInputs

#: The year figures, in the order of a row; all are summed into ``totals``.
YEAR_FIGURES = (
    "contract_value", "actual_cost", "upfront", "management_fee", "at_risk", "at_risk_earned", "at_risk_withheld",
    "surplus", "provider_share", "commissioner_share", "commissioner_net_cost", "provider_margin",
)
PRESENT_VALUES = ("present_value_commissioner_net_cost", "present_value_provider_margin")
TOTALS = YEAR_FIGURES + PRESENT_VALUES

RISK_APPLIED = Input(
    "risk_applied_pct_by_year", "Share of the at-risk sum that depends on the measures, by year", "list",
    "Phase-in: 0 means paid regardless, 100 fully at risk; later years repeat the last entry.", default=[100],
    min_items=1, item=pct("", "Year", default=100, what="a percentage (a number, such as 100 for 100%)"),
    item_label="Year {n}", add_label="Add a year",
)
SCORES = Input(
    "outcome_score_pct_by_year", "Outcome score by year (optional)", "list",
    "Used instead of the score from the measures; later years repeat the last entry.", default=None, min_items=1,
    item=Input("", "Year", "number", low=0, high=100, unit="points", width=5,
               what="an outcome score in points (a number from 0 to 100)"),
    item_label="Year {n}", add_label="Add a year",
)
COST_FIRST = money("actual_cost_first_year", "Cost of delivering year 1",
                   "Leave blank if you give the cost of every year below.", default=None)
COST_GROWTH = pct("cost_growth_pct", "Annual change in that cost", "From year 2; may be negative.", 0,
                  low=-100, low_open=True)
COST_BY_YEAR = Input(
    "actual_cost_by_year", "Cost of each year (optional)", "list",
    "One amount for every year, instead of the two boxes above.", default=None, min_items=1,
    item=money("", "Year", what='an amount in pounds, such as 24000000 or "24000000.00"'),
    item_label="Year {n}", add_label="Add a year",
)
PROJECTION_PARTS = ("first_year_value", "years", "extension_years", "uplift_pct", "efficiency_pct", "stated_total",
                    "population_growth_pct", "actual_population_growth_pct", "population_tolerance_pct",
                    "population_adjustment", "discount_rate_pct", "inflation_pct")


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
        r = Reader(problems, data, "", SPEC.input_names)
        if not r.ok:
            problems.raise_if_any()
        proj = _part(problems, ProjectionInputs.from_dict, {k: data[k] for k in PROJECTION_PARTS if k in data})
        total = proj.total_years if proj is not None else None
        terms_data = {k: data[k] for k in risk_share.TERMS_FIELDS if k in data}
        # The year's value and cost come later; the placeholders only let the terms be checked.
        terms_data.update(contract_value="1", actual_cost="0")
        if r.has(SCORES.name):
            terms_data["outcome_score_pct"] = "0"
        terms = _part(problems, RiskShareInputs.from_dict, terms_data)
        if terms is not None and r.has(SCORES.name):
            terms = dataclasses.replace(terms, outcome_score_pct=None)
        limit = total or None
        applied = RISK_APPLIED.read_list(r, max_items=limit)
        scores = SCORES.read_list(r, max_items=limit)
        by_year = first = None
        if r.has(COST_BY_YEAR.name):
            if r.has(COST_FIRST.name) or r.has(COST_GROWTH.name):
                problems.add(COST_BY_YEAR.name, "give either the cost of each year, or the cost of year 1 (with its"
                             " annual change), not both")
            by_year = COST_BY_YEAR.read_list(r, max_items=total)
            if by_year is not None and total and len(by_year) != total:
                problems.add(COST_BY_YEAR.name, f"must have one amount for each of the {total} years, got {len(by_year)}")
                by_year = None
        elif r.has(COST_FIRST.name):
            first = COST_FIRST.read(r)
        else:
            problems.add(COST_FIRST.name, "is required: give the cost of delivering year 1, or the cost of each year")
        growth = COST_GROWTH.read(r)
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


def _per_year(values: tuple, year: int):
    """A per-year list's entry for ``year`` (1-based); shorter lists repeat their last entry."""
    return values[min(year, len(values)) - 1]


def year_costs(inp: MultiYearInputs) -> list[Decimal]:
    """Each year's cost: given, or the first year's grown year by year (carried unrounded, rounded once)."""
    if inp.actual_cost_by_year is not None:
        return list(inp.actual_cost_by_year)
    growth = 1 + Fraction(inp.cost_growth_pct) / 100
    out, cost = [], Fraction(inp.actual_cost_first_year)
    for year in range(1, inp.total_years + 1):
        if year > 1:
            cost = cost * growth  # exact: rounded once, half-up, whatever the number of years
        out.append(exact_round(cost))
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
            "present_value_commissioner_net_cost": money_str(exact_round(Fraction(s.net_cost) / divisor)),
            "present_value_provider_margin": money_str(exact_round(Fraction(s.margin) / divisor)),
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


def _inputs(module, names) -> tuple:
    """Inputs declared by another calculator, reused as they are (declared once)."""
    return tuple(i for i in module.SPEC.inputs if i.name in names)


SPEC = Calculator(
    name="multi-year",
    title="Multi-year risk share",
    question="Over the whole contract, what does the commissioner pay and what does the contract-holder make,"
             " year by year, when risk is phased in?",
    sections=(
        Section("The contract", _inputs(projection, ("first_year_value", "years", "extension_years", "uplift_pct",
                                                     "efficiency_pct", "stated_total"))),
        Section("Payment terms, each year", (*risk_share.SHARES, risk_share.MEASURES, RISK_APPLIED, SCORES)),
        Section("The contract-holder's cost", (COST_FIRST, COST_GROWTH, COST_BY_YEAR)),
        Section("Sharing a surplus or deficit", risk_share.SHARING),
        Section("Other ways of sharing", risk_share.OTHER_SHARING),
        Section("Population", _inputs(projection, ("population_growth_pct", "actual_population_growth_pct",
                                                   "population_tolerance_pct", "population_adjustment"))),
        Section("Present value", _inputs(projection, ("discount_rate_pct", "inflation_pct"))),
        Section("How likely is a loss? (optional)", (uncertainty.UNCERTAINTY,)),
    ),
    labels={
        **risk_share.SPEC.labels, **projection.SPEC.labels,
        "contract_value": "Contract value", "actual_cost": "Cost", "risk_applied_pct": "Phase-in",
        "cumulative_commissioner_net_cost": "Commissioner's net cost to date",
        "cumulative_provider_margin": "Contract-holder's margin to date",
        "present_value_commissioner_net_cost": "Present value of the net cost",
        "present_value_provider_margin": "Present value of the margin",
        "uncertainty.provider_margin": "Contract-holder's margin over the contract",
        "uncertainty.commissioner_net_cost": "Commissioner's net cost over the contract",
    },
    key_figures=("totals.contract_value", "totals.at_risk_withheld", "totals.commissioner_net_cost",
                 "totals.provider_margin", "totals.present_value_commissioner_net_cost",
                 "totals.present_value_provider_margin", "uncertainty.p_provider_loss_pct"),
    layout=(
        Table("Each year settled", "rows", ("year", "contract_value", "actual_cost", "risk_applied_pct",
                                            "outcome_score_pct") + YEAR_FIGURES[2:] + (
            "cumulative_commissioner_net_cost", "cumulative_provider_margin") + PRESENT_VALUES,
              totals="totals", hide_zero=True, always=("year", "contract_value", "commissioner_net_cost",
                                                       "provider_margin"),
              row_note=("in_extension", " (extension)")),
        projection.SPEC.layout[-1],  # the reconciliation with a stated total, as the projection shows it
        *uncertainty.LAYOUT,
    ),
    compute=compute,
    words=risk_share.SPEC.words,
    notes={k: v for k, v in risk_share.SPEC.notes.items() if k in YEAR_FIGURES},
    charts=(
        Chart("The commissioner's net cost and the contract-holder's margin by year",
              ("commissioner_net_cost", "provider_margin"), rows="rows", row_label="Year {year}"),
        uncertainty.HISTOGRAM,
    ),
    examples=Examples(
        worked=(
            ("Bedfordshire's terms over seven years, phased in, with trials", {
                "first_year_value": 26500000, "years": 5, "extension_years": 2, "uplift_pct": 1.3,
                "stated_total": 130000000, "upfront_pct": 95, "management_fee_pct": 2.5, "at_risk_pct": 2.5,
                "measures": [{"name": "Outcomes", "weight_pct": 100, "achievement_pct": 77.7}],
                "risk_applied_pct_by_year": [0, 100], "actual_cost_first_year": "24100000.55",
                "cost_growth_pct": 2.7, "inflation_pct": 2.1, "provider_loss_cap": 750000,
                "gain_bands": [{"up_to_pct": 5, "provider_share_pct": 100}, {"up_to_pct": None, "provider_share_pct": 50}],
                "uncertainty": {"trials": 2000, "seed": 5,
                                "actual_cost": {"low_pct": 90, "mode_pct": 100, "high_pct": 115},
                                "outcome_score": {"low": 50, "mode": 75, "high": 100}}}),
        ),
        edits=(("actual_cost_first_year", "25000000"), ("risk_applied_pct_by_year.0", "50"),
               ("uncertainty.seed", "2")),
        bad=(("cost_growth_pct", "-100"), ("uncertainty.actual_cost.low_pct", "150")),
    ),
)
