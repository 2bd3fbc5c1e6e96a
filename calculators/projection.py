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

from .inputs import Problems, Reader, check_number
from .money import HUNDRED, ZERO, exact, money_str, of, pct_str, penny, round_pct, show_money, show_pct

NAME = "projection"
TITLE = "Contract value over the life of a contract"
MONEY_FIELDS = (
    "base", "population_adjustment", "value", "at_risk", "expected_earned", "guaranteed",
    "expected_payment", "management_fee", "present_value",
)
FIELDS = (
    "first_year_value", "years", "extension_years", "uplift_pct", "efficiency_pct",
    "population_growth_pct", "actual_population_growth_pct", "population_tolerance_pct",
    "population_adjustment", "incentive_pct_by_year", "expected_achievement_pct",
    "management_fee_pct", "discount_rate_pct", "inflation_pct", "stated_total",
)
MAX_YEARS = 30
RATE_LOW, RATE_HIGH = Decimal(-100), Decimal(100)
#: Discount and inflation rates below -10% a year are not meaningful for a contract, and
#: sixty years of them would make present values too large to compute exactly.
DEFLATION_LOW = Decimal(-10)


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
        r = Reader(problems, data, "", FIELDS)
        rate = dict(low=RATE_LOW, high=RATE_HIGH, low_open=True)
        values = dict(
            first_year_value=r.money("first_year_value", positive=True),
            years=r.integer("years", low=1, high=MAX_YEARS),
            extension_years=r.integer("extension_years", default=0, low=0, high=MAX_YEARS),
            uplift_pct=r.pct("uplift_pct", default=0, **rate),
            efficiency_pct=r.pct("efficiency_pct", default=0, high_open=True),
            population_growth_pct=r.pct("population_growth_pct", default=0, **rate),
            population_tolerance_pct=r.pct("population_tolerance_pct", default=0),
            population_adjustment=r.choice("population_adjustment", ("excess", "full"), default="excess"),
            expected_achievement_pct=r.pct("expected_achievement_pct", default=100),
            management_fee_pct=r.pct("management_fee_pct", default=0),
            discount_rate_pct=r.pct("discount_rate_pct", default="3.5", low=DEFLATION_LOW, high=RATE_HIGH),
            inflation_pct=r.pct("inflation_pct", default=0, low=DEFLATION_LOW, high=RATE_HIGH),
            stated_total=r.money("stated_total", default=None, positive=True),
        )
        total = None
        if values["years"] is not None and values["extension_years"] is not None:
            total = values["years"] + values["extension_years"]
        actual = r.items("actual_population_growth_pct", default=None,
                         max_items=(total - 1) if total else None)
        if actual is not None:
            actual = tuple(check_number(problems, path, v, what="a percentage (a number, such as 1.2 for 1.2%)", **rate)
                           for path, v in actual)
        values["actual_population_growth_pct"] = actual
        incentives = r.items("incentive_pct_by_year", default=[0], min_items=1, max_items=total)
        if incentives is not None:
            incentives = tuple(check_number(problems, path, v, low=ZERO, high=HUNDRED,
                                            what="a percentage (a number, such as 2.5 for 2.5%)")
                               for path, v in incentives)
        values["incentive_pct_by_year"] = incentives
        problems.raise_if_any()
        return cls(**values)


def calculate(inp: ProjectionInputs) -> dict:
    """Year-by-year projection of ``inp`` as a JSON-ready dict (see the module docstring)."""
    with exact():
        return _calculate(inp)


def _calculate(inp: ProjectionInputs) -> dict:
    u, e, g = (p / HUNDRED for p in (inp.uplift_pct, inp.efficiency_pct, inp.population_growth_pct))
    growth = (1 + u) * (1 - e) * (1 + g)
    tol = inp.population_tolerance_pct
    steps = [
        f"Each year's base is the previous year's base × (1 + uplift {show_pct(inp.uplift_pct)})"
        f" × (1 − efficiency {show_pct(inp.efficiency_pct)}) × (1 + population growth"
        f" {show_pct(inp.population_growth_pct)}), carried unrounded; each figure is rounded to the penny once.",
    ]
    rows = []
    base = projected = actual = ZERO
    divisors = deflators(inp)
    for year in range(1, inp.total_years + 1):
        tag = f"Year {year}"
        if year == 1:
            base, projected, actual = inp.first_year_value, Decimal(1), Decimal(1)
            base_step = f"{tag} value = first-year value = {show_money(base)}"
        else:
            previous = base
            base = base * growth
            projected *= 1 + g
            actual_rate = g
            if inp.actual_population_growth_pct and year - 2 < len(inp.actual_population_growth_pct):
                actual_rate = inp.actual_population_growth_pct[year - 2] / HUNDRED
            actual *= 1 + actual_rate
            factors = "".join(
                f" × (1 {sign} {show_pct(pct)})"
                for sign, pct in (("+", inp.uplift_pct), ("−", inp.efficiency_pct), ("+", inp.population_growth_pct))
                if pct
            ) or " (no change)"
            base_step = f"{tag} value = {show_money(previous)}{factors} = {show_money(base)}"
        difference = (actual / projected - 1) * HUNDRED
        adjustment = ZERO
        if inp.actual_population_growth_pct is not None and year > 1:
            if abs(difference) <= tol:
                population_step = (f"{tag} population {_points(difference)} against projection, within the"
                                   f" {pct_str(tol)}-point tolerance: no adjustment")
            elif inp.population_adjustment == "excess":
                beyond = abs(difference) - tol
                adjustment = penny(base * beyond / HUNDRED * (1 if difference > 0 else -1))
                population_step = (f"{tag} population {_points(difference)} against projection; the part beyond the"
                                   f" {pct_str(tol)}-point tolerance is {pct_str(round_pct(beyond, 4))} points:"
                                   f" adjustment = {show_money(base)} × {'+' if difference > 0 else '−'}"
                                   f"{pct_str(round_pct(beyond, 4))}% = {show_money(adjustment)}")
            else:
                adjustment = penny(base * difference / HUNDRED)
                population_step = (f"{tag} population {_points(difference)} against projection, beyond the"
                                   f" {pct_str(tol)}-point tolerance: adjustment by the whole difference ="
                                   f" {show_money(base)} × {pct_str(round_pct(difference, 4))}% = {show_money(adjustment)}")
        else:
            population_step = None
        value = penny(base) + adjustment
        if adjustment:
            steps.append(base_step.replace(" value = ", " base = ", 1))
            steps.append(population_step)
            steps.append(f"{tag} value = {show_money(penny(base))} + {show_money(adjustment)} = {show_money(value)}")
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
        present = penny(payment / divisors[year - 1])
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
            "base": money_str(base),
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
            "population_difference_pct": pct_str(round_pct(difference, 4)),
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


def deflators(inp: ProjectionInputs) -> list[Decimal]:
    """Each year's present-value divisor ``(1 + inflation)^(y−1) × (1 + r)^(y−1)``, built up year by year.

    Year 1's is 1 (undiscounted). Used for every present value, here and in ``multi-year``.
    """
    i, r = inp.inflation_pct / HUNDRED, inp.discount_rate_pct / HUNDRED
    out, divisor = [], Decimal(1)
    with exact():
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
