"""``projection``: contract value over the life of a contract (see docs/calculators/method.md).

For the commissioner asking "what is this contract worth, year by year, and how
much of it depends on outcomes?". With ``u``, ``e`` and ``g`` the uplift,
efficiency and projected population-growth rates as fractions, for year ``y``
from 1 to ``years + extension_years``:

* ``base_1 = first_year_value``; ``base_y = base_(y-1) × (1 + u) × (1 − e) × (1 + g)``,
  carried unrounded from year to year and rounded only for display;
* population: projected index ``P_y = (1 + g)^(y−1)``, actual index ``A_y`` the
  product of ``(1 + a_k)`` for years 2 to ``y`` (a year with no actual rate uses
  ``g``); difference ``d_y = (A_y / P_y − 1) × 100`` percentage points; within the
  tolerance no adjustment, otherwise ``base_y × (|d_y| − tolerance)/100 × sign(d_y)``
  (``"excess"``) or ``base_y × d_y/100`` (``"full"``), from the unrounded base;
* ``value_y = base_y + adjustment_y`` (rounded figures);
  ``at_risk_y = value_y × incentive_y/100``;
  ``expected_earned_y = value_y × incentive_y/100 × achievement/100`` (one rounding,
  not from the rounded at-risk sum); ``guaranteed_y = value_y − at_risk_y``;
  ``expected_payment_y = guaranteed_y + expected_earned_y``;
  ``management_fee_y = value_y × fee/100``;
* ``present_value_y = expected_payment_y / ((1 + inflation)^(y−1) × (1 + r)^(y−1))``
  (HM Treasury Green Book style, year 1 undiscounted).

Totals are the sums of the rounded rows. With ``stated_total``, the result
reconciles: ``difference = totals.value − stated_total`` and ``difference_pct =
difference / stated_total × 100``, rounded half-up to two decimal places.

>>> r = compute({"first_year_value": 26500000, "years": 5, "uplift_pct": 1.3})
>>> [row["value"] for row in r["rows"]][1:3], r["totals"]["value"]
(['26844500.00', '27193478.50'], '135990076.86')
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .inputs import Problems
from .spec import Calculator, Chart, Examples, Input, Reconciliation, Section, Table, money, pct
from .money import HUNDRED, ZERO, exact, exact_round, money_str, of, pct_str, round_pct, show_money, show_pct

MONEY_FIELDS = (
    "base", "population_adjustment", "value", "at_risk", "expected_earned", "guaranteed",
    "expected_payment", "management_fee", "present_value",
)
MAX_YEARS = 30
RATE = dict(low=-100, low_open=True)
#: Discount and inflation rates below -10% a year are not meaningful for a contract, and
#: sixty years of them would make present values too large to compute exactly.
DEFLATION = dict(low=-10)

INCENTIVES = Input(
    "incentive_pct_by_year", "Share of each year's value paid on outcomes", "list",
    "One entry per year; later years repeat the last entry.", default=[0], min_items=1,
    item=pct("", "Year", default="0"), item_label="Year {n}", add_label="Add a year",
)
ACTUAL_GROWTH = Input(
    "actual_population_growth_pct", "Actual population growth (optional)", "list",
    "One rate per year from year 2; years without one use the projected rate.", default=None,
    item=pct("", "Year", what="a percentage (a number, such as 1.2 for 1.2%)", **RATE),
    item_label="Year {n}", number_from=2, add_label="Add a year",
)
@dataclass(frozen=True)
class ProjectionInputs:
    """Validated inputs of :func:`calculate` (see the module docstring for meanings)."""

    first_year_value: Decimal
    years: int
    extension_years: int = 0
    uplift_pct: Decimal = ZERO
    efficiency_pct: Decimal = ZERO
    population_growth_pct: Decimal = ZERO
    actual_population_growth_pct: tuple | None = None
    population_tolerance_pct: Decimal = ZERO
    population_adjustment: str = "excess"
    incentive_pct_by_year: tuple = (ZERO,)
    expected_achievement_pct: Decimal = HUNDRED
    management_fee_pct: Decimal = ZERO
    discount_rate_pct: Decimal = Decimal("3.5")
    inflation_pct: Decimal = ZERO
    stated_total: Decimal | None = None

    @property
    def total_years(self) -> int:
        return self.years + self.extension_years

    @classmethod
    def from_dict(cls, data) -> "ProjectionInputs":
        """Validate JSON-like ``data``; raises :class:`ValidationError` with every problem."""
        problems = Problems()
        r, values = SPEC.read(data, problems, skip=(INCENTIVES.name, ACTUAL_GROWTH.name))
        total = None
        if values["years"] is not None and values["extension_years"] is not None:
            total = values["years"] + values["extension_years"]
        values[ACTUAL_GROWTH.name] = ACTUAL_GROWTH.read_list(r, max_items=(total - 1) if total else None)
        values[INCENTIVES.name] = INCENTIVES.read_list(r, max_items=total)
        problems.raise_if_any()
        return cls(**values)


def calculate(inp: ProjectionInputs) -> dict:
    """Year-by-year projection of ``inp`` as a JSON-ready dict (see the module docstring)."""
    with exact():
        return _calculate(inp)


def _calculate(inp: ProjectionInputs) -> dict:
    # Exact rational arithmetic: the base is carried unrounded over up to sixty years and
    # the population ratio and present values have no finite decimal form, so each figure
    # is rounded half-up exactly, once (money.exact_round), never from an approximation.
    u, e, g = (Fraction(p) / 100 for p in (inp.uplift_pct, inp.efficiency_pct, inp.population_growth_pct))
    growth = (1 + u) * (1 - e) * (1 + g)
    tol = Fraction(inp.population_tolerance_pct)
    steps = [
        f"Each year's base is the previous year's base × (1 + uplift {show_pct(inp.uplift_pct)})"
        f" × (1 − efficiency {show_pct(inp.efficiency_pct)}) × (1 + population growth"
        f" {show_pct(inp.population_growth_pct)}), carried unrounded; each figure is rounded to the penny once.",
    ]
    rows = []
    base = projected = actual = Fraction(1)
    divisors = deflators(inp)
    for year in range(1, inp.total_years + 1):
        tag = f"Year {year}"
        if year == 1:
            base = Fraction(inp.first_year_value)
            base_step = f"{tag} value = first-year value = {show_money(inp.first_year_value)}"
        else:
            previous = base
            base = base * growth
            projected *= 1 + g
            actual_rate = g
            if inp.actual_population_growth_pct and year - 2 < len(inp.actual_population_growth_pct):
                actual_rate = Fraction(inp.actual_population_growth_pct[year - 2]) / 100
            actual *= 1 + actual_rate
            factors = "".join(
                f" × (1 {sign} {show_pct(pct)})"
                for sign, pct in (("+", inp.uplift_pct), ("−", inp.efficiency_pct), ("+", inp.population_growth_pct))
                if pct
            ) or " (no change)"
            base_step = f"{tag} value = {show_money(exact_round(previous))}{factors} = {show_money(exact_round(base))}"
        rounded_base = exact_round(base)
        difference = (actual / projected - 1) * 100
        shown_difference = exact_round(difference, 4)
        adjustment = ZERO
        if inp.actual_population_growth_pct is not None and year > 1:
            if abs(difference) <= tol:
                population_step = (f"{tag} population {_points(shown_difference)} against projection, within the"
                                   f" {pct_str(inp.population_tolerance_pct)}-point tolerance: no adjustment")
            elif inp.population_adjustment == "excess":
                beyond = abs(difference) - tol
                adjustment = exact_round(base * beyond / 100 * (1 if difference > 0 else -1))
                population_step = (f"{tag} population {_points(shown_difference)} against projection; the part beyond"
                                   f" the {pct_str(inp.population_tolerance_pct)}-point tolerance is"
                                   f" {pct_str(exact_round(beyond, 4))} points:"
                                   f" adjustment = {show_money(rounded_base)} × {'+' if difference > 0 else '−'}"
                                   f"{pct_str(exact_round(beyond, 4))}% = {show_money(adjustment)}")
            else:
                adjustment = exact_round(base * difference / 100)
                population_step = (f"{tag} population {_points(shown_difference)} against projection, beyond the"
                                   f" {pct_str(inp.population_tolerance_pct)}-point tolerance: adjustment by the whole"
                                   f" difference = {show_money(rounded_base)} × {pct_str(shown_difference)}% ="
                                   f" {show_money(adjustment)}")
        else:
            population_step = None
        value = rounded_base + adjustment
        if adjustment:
            steps.append(base_step.replace(" value = ", " base = ", 1))
            steps.append(population_step)
            steps.append(f"{tag} value = {show_money(rounded_base)} + {show_money(adjustment)} = {show_money(value)}")
        else:
            steps.append(base_step)
            if population_step:
                steps.append(population_step)
        incentive = inp.incentive_pct_by_year[min(year, len(inp.incentive_pct_by_year)) - 1]
        achievement = inp.expected_achievement_pct
        at_risk = of(value, incentive)
        earned = of(value, incentive, achievement)
        guaranteed = value - at_risk
        payment = guaranteed + earned
        fee = of(value, inp.management_fee_pct)
        present = exact_round(Fraction(payment) / divisors[year - 1])
        if incentive:
            steps.append(
                f"{tag} at risk on outcomes = {show_money(value)} × {show_pct(incentive)} = {show_money(at_risk)};"
                f" expected to be earned = {show_money(value)} × {show_pct(incentive)} × {show_pct(achievement)}"
                f" = {show_money(earned)}; guaranteed = {show_money(value)} − {show_money(at_risk)}"
                f" = {show_money(guaranteed)}; expected payment = {show_money(guaranteed)} + {show_money(earned)}"
                f" = {show_money(payment)}"
            )
        if inp.management_fee_pct:
            steps.append(f"{tag} management fee (inside the value) = {show_money(value)} ×"
                         f" {show_pct(inp.management_fee_pct)} = {show_money(fee)}")
        if year > 1 and (inp.inflation_pct or inp.discount_rate_pct):
            divisor = " × ".join(
                f"(1 + {show_pct(p)})^{year - 1}" for p in (inp.inflation_pct, inp.discount_rate_pct) if p
            )
            steps.append(f"{tag} present value = {show_money(payment)} ÷ {divisor} = {show_money(present)}")
        rows.append({
            "year": year,
            "base": money_str(rounded_base),
            "population_adjustment": money_str(adjustment),
            "value": money_str(value),
            "at_risk": money_str(at_risk),
            "expected_earned": money_str(earned),
            "guaranteed": money_str(guaranteed),
            "expected_payment": money_str(payment),
            "management_fee": money_str(fee),
            "present_value": money_str(present),
            "in_extension": year > inp.years,
            "incentive_pct": pct_str(incentive),
            "population_difference_pct": pct_str(shown_difference),
        })
    totals = {name: money_str(sum((Decimal(row[name]) for row in rows), ZERO)) for name in MONEY_FIELDS}
    n = len(rows)
    terms = " + ".join(show_money(Decimal(row["value"])) for row in rows) if n <= 10 else f"the {n} yearly values"
    extension = f" ({inp.years} core + {inp.extension_years} extension)" if inp.extension_years else ""
    steps.append(f"Total value over {n} year{'s' if n != 1 else ''}{extension} = {terms}"
                 f" = {show_money(Decimal(totals['value']))}")
    if any(inp.incentive_pct_by_year):
        steps.append(f"Total at risk on outcomes = {show_money(Decimal(totals['at_risk']))}; total expected"
                     f" payment = {show_money(Decimal(totals['expected_payment']))}")
    steps.append(f"Total present value (discounted at {show_pct(inp.discount_rate_pct)} a year"
                 + (f", after {show_pct(inp.inflation_pct)} inflation" if inp.inflation_pct else "")
                 + f") = {show_money(Decimal(totals['present_value']))}")
    reconciliation = None
    if inp.stated_total is not None:
        total_value = Decimal(totals["value"])
        difference = total_value - inp.stated_total
        difference_pct = round_pct(difference / inp.stated_total * HUNDRED)
        reconciliation = {
            "stated_total": money_str(inp.stated_total),
            "computed_total": money_str(total_value),
            "difference": money_str(difference),
            "difference_pct": str(difference_pct),
        }
        word = "more" if difference > 0 else "less"
        steps.append(
            f"Reconciliation: computed total {show_money(total_value)} − stated total"
            f" {show_money(inp.stated_total)} = {show_money(difference)}"
            + (f" (the computation gives {difference_pct.copy_abs()}% {word} than stated)" if difference else
               " (they agree)")
        )
    return {"rows": rows, "totals": totals, "reconciliation": reconciliation, "explanation": steps}


def deflators(inp: ProjectionInputs) -> list[Fraction]:
    """Each year's present-value divisor ``(1 + inflation)^(y−1) × (1 + r)^(y−1)``, exactly, year by year.

    Year 1's is 1 (undiscounted). Used for every present value, here and in ``multi-year``
    (each divided and rounded once with :func:`calculators.money.exact_round`).
    """
    i, r = Fraction(inp.inflation_pct) / 100, Fraction(inp.discount_rate_pct) / 100
    out, divisor = [], Fraction(1)
    for year in range(1, inp.total_years + 1):
        if year > 1:
            divisor *= (1 + i) * (1 + r)
        out.append(divisor)
    return out


def _points(difference: Decimal) -> str:
    """``+0.7 points`` / ``−1.2 points`` (rounded to 4 places for reading)."""
    shown = pct_str(round_pct(difference.copy_abs(), 4))
    return f"{'+' if difference >= 0 else '−'}{shown} points"


def compute(data) -> dict:
    """Validate ``data`` and calculate (see :func:`calculators.compute`)."""
    return calculate(ProjectionInputs.from_dict(data))


SPEC = Calculator(
    name="projection",
    title="Contract value projection",
    question="What is this contract worth, year by year, and how much of it depends on outcomes?",
    sections=(
        Section("The contract", (
            money("first_year_value", "Contract value in year 1", "In pounds, for example 26500000.", positive=True),
            Input("years", "Core contract term", "int", "Whole years, 1 to 30.", low=1, high=MAX_YEARS,
                  unit="years", width=3),
            Input("extension_years", "Optional extension", "int", "Whole years added after the core term; 0 for none.",
                  default=0, low=0, high=MAX_YEARS, unit="years", width=3),
            pct("uplift_pct", "Annual uplift", "Change in value each year from year 2; may be negative.", 0, **RATE),
            pct("efficiency_pct", "Annual efficiency saving", "Saving (QIPP) required each year from year 2.", 0,
                high_open=True),
            pct("management_fee_pct", "Management fee",
                "Share of each year's value that is the contract-holder's fee (inside the value).", 0),
            money("stated_total", "Stated headline total (optional)",
                  "A total the source reports, to compare with the computed total.", default=None, positive=True),
        )),
        Section("Payment on outcomes", (
            INCENTIVES,
            pct("expected_achievement_pct", "Expected achievement",
                "Share of the outcome payment you expect to be earned, 0 to 100.", 100,
                assumed="the whole outcome payment is taken to be earned; no source forecasts achievement"),
        )),
        Section("Population", (
            pct("population_growth_pct", "Projected population growth", "Per year, from year 2.", 0, **RATE),
            ACTUAL_GROWTH,
            pct("population_tolerance_pct", "Tolerance",
                "Difference between actual and projected population allowed before the value is adjusted.", 0,
                unit="points"),
            Input("population_adjustment", "Beyond the tolerance, adjust by", "choice", default="excess",
                  choices=(("excess", "only the part beyond the tolerance"), ("full", "the whole difference"))),
        )),
        Section("Present value", (
            pct("discount_rate_pct", "Real discount rate", "HM Treasury Green Book rate: 3.5.", "3.5", high=100,
                assumed="HM Treasury's Green Book discount rate; the case studies give none", **DEFLATION),
            pct("inflation_pct", "Inflation", "Used to turn cash into real terms before discounting.", 0, high=100,
                assumed="no inflation is assumed, so values stay in cash terms; the case studies give none",
                **DEFLATION),
        )),
    ),
    labels={
        "year": "Year", "base": "Base value", "population_adjustment": "Population adjustment",
        "value": "Contract value", "at_risk": "At risk on outcomes", "expected_earned": "Expected to be earned",
        "guaranteed": "Guaranteed", "expected_payment": "Expected payment", "management_fee": "Management fee",
        "present_value": "Present value", "stated_total": "Stated total", "computed_total": "Computed total",
        "difference": "Computed minus stated", "difference_pct": "Difference",
        "incentive_pct": "Share paid on outcomes", "population_difference_pct": "Population difference",
        "reconciliation": "Stated against computed", "in_extension": "In the extension",
    },
    key_figures=("totals.value", "totals.at_risk", "totals.expected_payment", "totals.management_fee",
                 "totals.present_value"),
    layout=(
        Table("Contract value by year", "rows", ("year",) + MONEY_FIELDS, totals="totals", hide_zero=True,
              always=("year", "value"), row_note=("in_extension", " (extension)")),
        Reconciliation(
            "reconciliation", "Stated against computed",
            "The source states a headline total; the figures above are computed from the inputs. "
            "A difference usually means the stated total was rounded or rests on terms the source does not give."),
    ),
    compute=compute,
    charts=(Chart("Contract value by year: guaranteed and at risk on outcomes", ("guaranteed", "at_risk"),
                rows="rows", row_label="Year {year}", stacked=True, cumulative="value"),),
    examples=Examples(
        worked=(
            ("Bedfordshire's reported terms", {"first_year_value": 26500000, "years": 5, "uplift_pct": 1.3,
                                                "stated_total": 130000000}),
            ("every input at once", {
                "first_year_value": "1000000", "years": 4, "extension_years": 2, "uplift_pct": -1.7,
                "population_growth_pct": 1.1, "actual_population_growth_pct": [2.3, 0.4, 1],
                "population_tolerance_pct": 0.5, "population_adjustment": "full",
                "incentive_pct_by_year": [0, 10, 10, 15, 15], "expected_achievement_pct": 83.3,
                "management_fee_pct": 2.5, "inflation_pct": 2.1}),
        ),
        edits=(("years", "7"), ("uplift_pct", "2.25"), ("management_fee_pct", "1.5")),
        bad=(("first_year_value", "abc"), ("years", "-2"), ("expected_achievement_pct", "140")),
    ),
)
