"""Uncertainty: how likely a loss is, from seeded trials of triangular costs and scores.

``risk-share`` and ``multi-year`` take an optional ``uncertainty`` input::

    {"trials": 2000, "seed": 1,
     "actual_cost": {"low_pct": 90, "mode_pct": 100, "high_pct": 115},
     "outcome_score": {"low": 50, "mode": 70, "high": 90}}      # optional

Each trial draws, for each contract year in turn, the cost (as a percentage of the
year's given cost, from a triangular distribution) and then, if ``outcome_score`` is
given, the outcome score (in points, replacing the fixed score). Costs are rounded to
the penny and scores to 0.01, half-up; each year is then settled by the calculator's
own arithmetic (:func:`calculators.risk_share.settle`), so a trial's figures are
exactly those the full calculation gives for the drawn inputs.

The result holds the share of trials in which the contract-holder's margin (over
the whole contract) is below zero, the 5th, 50th and 95th percentiles (nearest
rank on the sorted trials) and the mean (to the penny) of the margin and of the
commissioner's net cost, and a 20-bin histogram of the margin.

Only operations that give the same bits everywhere are used: a seeded
:class:`random.Random` (Mersenne Twister), IEEE double arithmetic, ``math.sqrt``
(correctly rounded) and :mod:`decimal`. So the same inputs and seed give
byte-identical output in CPython and in the browser's Python.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .inputs import Problems, Reader, plain
from .spec import REQUIRED, Chart, Figures, Input, Matrix, Table
from .money import HUNDRED, ZERO, money_str, pct_str, penny, round_pct

MIN_TRIALS, MAX_TRIALS, DEFAULT_TRIALS = 100, 20000, 2000
#: Trials × contract years at most: keeps the worst case to a few seconds in a browser.
MAX_SETTLEMENTS = 200000
MAX_SEED = 2**63 - 1
MAX_COST_PCT = Decimal(1000)
BINS = 20
POINT = Decimal("0.01")


@dataclass(frozen=True)
class Triangle:
    """A triangular distribution: lowest, most likely and highest value."""

    low: Decimal
    mode: Decimal
    high: Decimal


@dataclass(frozen=True)
class UncertaintyInputs:
    """Validated ``uncertainty`` input (see the module docstring)."""

    actual_cost: Triangle
    trials: int = DEFAULT_TRIALS
    seed: int = 1
    outcome_score: Triangle | None = None


def _triangle_of(name: str, label: str, names: tuple, labels: tuple, high, what: str, unit: str, hint: str) -> Input:
    return Input(name, label, "object", hint, default=None, fields=tuple(
        Input(n, words, "number", default=REQUIRED, low=0, high=high, what=what, unit=unit, width=5)
        for n, words in zip(names, labels)))


#: The ``uncertainty`` input, declared once: read here, drawn in the form, described in the schema.
UNCERTAINTY = Input(
    "uncertainty", "How likely is a loss?", "object",
    "Leave every box blank for no simulation.", default=None,
    fields=(
        Input("trials", "Number of trials", "int", f"{MIN_TRIALS} to {MAX_TRIALS:,}; {DEFAULT_TRIALS:,} if blank.",
              default=DEFAULT_TRIALS, low=MIN_TRIALS, high=MAX_TRIALS, width=5),
        Input("seed", "Seed", "int", "A whole number: the same seed gives the same answer; 1 if blank.",
              default=1, low=0, high=MAX_SEED, width=5),
        _triangle_of("actual_cost", "Cost", ("low_pct", "mode_pct", "high_pct"),
                     ("Lowest cost", "Most likely cost", "Highest cost"), MAX_COST_PCT,
                     "a percentage of the given cost (a number, such as 90)", "%",
                     "As percentages of the cost given, for example 90, 100 and 115."),
        _triangle_of("outcome_score", "Outcome score (optional)", ("low", "mode", "high"),
                     ("Lowest outcome score", "Most likely outcome score", "Highest outcome score"), HUNDRED,
                     "an outcome score in points (a number from 0 to 100)", "points",
                     "In points, 0 to 100; with all three it replaces the score."),
    ),
)
TRIALS, SEED, COST, SCORE = UNCERTAINTY.fields


def read(problems: Problems, r: Reader, key: str = "uncertainty", years: int | None = 1):
    """Read the optional ``uncertainty`` object of ``r``; ``None`` if absent or invalid."""
    u = UNCERTAINTY.object_reader(r)
    if u is None:
        return None
    trials, seed = TRIALS.read(u), SEED.read(u)
    if not u.has(COST.name):
        problems.add(u.field(COST.name), f"is required: give {{{', '.join(f.name + ': ...' for f in COST.fields)}}}")
    cost = _triangle(problems, u, COST)
    score = _triangle(problems, u, SCORE)
    if trials is not None and years and trials * years > MAX_SETTLEMENTS:
        problems.add(u.field("trials"), f"at most {MAX_SETTLEMENTS} trials × contract years can be simulated"
                     f" (at most {MAX_SETTLEMENTS // years} trials for {years} years), got {trials}")
        trials = None
    if trials is None or seed is None or cost is None or (u.has(SCORE.name) and score is None):
        return None
    return UncertaintyInputs(actual_cost=cost, trials=trials, seed=seed, outcome_score=score)


def _triangle(problems, u: Reader, spec: Input):
    t = spec.object_reader(u)
    if t is None:
        return None
    values = [f.read(t) for f in spec.fields]
    if None in values:
        return None
    low, mode, top = values
    if not low <= mode <= top:
        problems.add(u.field(spec.name), f"must have the lowest ≤ the most likely ≤ the highest, got {plain(low)},"
                     f" {plain(mode)} and {plain(top)}")
        return None
    return Triangle(low, mode, top)


def as_dict(u: UncertaintyInputs) -> dict:
    """The distributions as the result echoes them."""
    c, s = u.actual_cost, u.outcome_score
    return {
        "actual_cost": {"low_pct": pct_str(c.low), "mode_pct": pct_str(c.mode), "high_pct": pct_str(c.high)},
        "outcome_score": ({"low": pct_str(s.low), "mode": pct_str(s.mode), "high": pct_str(s.high)}
                          if s is not None else None),
    }


class _Draw:
    """Inverse-CDF sampling of one triangular distribution, with its constants worked out once."""

    __slots__ = ("low", "high", "split", "left", "right")

    def __init__(self, t: Triangle):
        low, mode, high = float(t.low), float(t.mode), float(t.high)
        self.low, self.high = low, high
        width = high - low
        self.split = (mode - low) / width if width else 0.0
        self.left = width * (mode - low)
        self.right = width * (high - mode)

    def __call__(self, u: float) -> float:
        if u < self.split:
            return self.low + math.sqrt(u * self.left)
        return self.high - math.sqrt((1.0 - u) * self.right)


def simulate(u: UncertaintyInputs, years, settle) -> dict:
    """The ``uncertainty`` output: :func:`run` the trials, then :func:`summarise` them."""
    return summarise(u, *run(u, years, settle))


def run(u: UncertaintyInputs, years, settle) -> tuple[list, list]:
    """Each trial's ``(margins, net costs)``; ``years`` lists ``(terms, given cost, fixed score)`` per year.

    ``settle(terms, cost, score)`` returns the year's ``(provider_margin,
    commissioner_net_cost)``; a trial's figures are the sums over its years. No text
    and no dicts are built per trial: only the draws and the settlement's numbers.
    """
    rng = random.Random(u.seed)
    uniform = rng.random
    cost_draw = _Draw(u.actual_cost)
    score_draw = _Draw(u.outcome_score) if u.outcome_score is not None else None
    margins, costs = [], []
    for _ in range(u.trials):
        margin = net = ZERO
        for terms, given, score in years:
            cost = drawn_cost(given, cost_draw(uniform()))
            if score_draw is not None:
                score = drawn_score(score_draw(uniform()))
            m, n = settle(terms, cost, score)
            margin += m
            net += n
        margins.append(margin)
        costs.append(net)
    return margins, costs


def draws(u: UncertaintyInputs, years: int):
    """The drawn ``(costs %, scores)`` of each trial, as :func:`simulate` draws them (for checking).

    Yields, per trial, a list of ``(cost_pct_float, score or None)`` per year; the
    cost is then ``penny(given × cost_pct / 100)``.
    """
    rng = random.Random(u.seed)
    cost_draw = _Draw(u.actual_cost)
    score_draw = _Draw(u.outcome_score) if u.outcome_score is not None else None
    for _ in range(u.trials):
        trial = []
        for _ in range(years):
            pct = cost_draw(rng.random())
            score = drawn_score(score_draw(rng.random())) if score_draw is not None else None
            trial.append((pct, score))
        yield trial


def drawn_cost(given: Decimal, pct: float) -> Decimal:
    """A drawn cost: the given cost × the drawn percentage, to the penny (as :func:`simulate` does)."""
    return penny(given * Decimal(pct) / HUNDRED)


def drawn_score(points: float) -> Decimal:
    """A drawn outcome score, to 0.01 of a point, half-up."""
    return Decimal(points).quantize(POINT, rounding=ROUND_HALF_UP)


def percentile(ordered: list, p: int):
    """Nearest rank: the smallest value with at least ``p``% of the trials at or below it.

    >>> [percentile(list(range(1, 21)), p) for p in (5, 50, 95)]
    [1, 10, 19]
    """
    rank = max(1, -(-p * len(ordered) // 100))
    return ordered[rank - 1]


def _stats(values: list) -> dict:
    ordered = sorted(values)
    mean = penny(sum(ordered, ZERO) / len(ordered))
    return {"p5": money_str(percentile(ordered, 5)), "p50": money_str(percentile(ordered, 50)),
            "p95": money_str(percentile(ordered, 95)), "mean": money_str(mean)}


def histogram(values: list) -> list[dict]:
    """20 equal-width bins from the lowest to the highest value; the last bin includes the highest.

    Bin edges are ``lowest + (highest − lowest) × k/20`` rounded to the penny; a value
    goes in the bin whose lower edge is the last at or below it.
    """
    low, high = min(values), max(values)
    edges = [low + penny((high - low) * k / BINS) for k in range(BINS)] + [high]
    counts = [0] * BINS
    for v in values:
        counts[min(BINS - 1, bisect_right(edges, v) - 1) if high > low else 0] += 1
    return [{"from": money_str(edges[k]), "to": money_str(edges[k + 1]), "count": counts[k]} for k in range(BINS)]


def summarise(u: UncertaintyInputs, margins: list, net_costs: list) -> dict:
    """The ``uncertainty`` output from each trial's margin and net cost."""
    losses = sum(1 for m in margins if m < 0)
    return {
        "trials": u.trials,
        "seed": u.seed,
        **as_dict(u),
        "p_provider_loss_pct": str(round_pct(Decimal(losses) * HUNDRED / len(margins))),
        "provider_margin": _stats(margins),
        "commissioner_net_cost": _stats(net_costs),
        "histogram": histogram(margins),
    }


def explain(result: dict, whole_contract: bool) -> str:
    """One sentence on the trials, for the explanation."""
    m = result["provider_margin"]
    over = " over the whole contract" if whole_contract else ""
    return (f"Uncertainty: {result['trials']} trials (seed {result['seed']}); the provider's margin{over} is below"
            f" zero in {result['p_provider_loss_pct']}% of them; margin P5 {_show(m['p5'])}, median"
            f" {_show(m['p50'])}, P95 {_show(m['p95'])}, mean {_show(m['mean'])}")


def _show(text: str) -> str:
    return format(Decimal(text), ",.2f")


__all__ = ["UncertaintyInputs", "Triangle", "read", "simulate", "run", "summarise", "draws", "drawn_cost",
           "histogram", "percentile"]


#: How the ``uncertainty`` output reads, and where it is shown: shared by the calculators that take it.
LABELS = {
    "trials": "Simulated outturns", "seed": "Seed", "p_provider_loss_pct": "Chance the contract-holder makes a loss",
    "p5": "5th percentile", "p50": "Median", "p95": "95th percentile", "mean": "Mean",
    "count": "Trials", "uncertainty": "How likely is a loss?",
    "uncertainty.provider_margin": "Contract-holder's margin",
    "uncertainty.commissioner_net_cost": "Commissioner's net cost",
    "uncertainty.actual_cost": "Cost drawn", "uncertainty.outcome_score": "Outcome score drawn",
    "low_pct": "Lowest cost (% of the given cost)", "mode_pct": "Most likely cost (% of the given cost)",
    "high_pct": "Highest cost (% of the given cost)", "low": "Lowest score", "mode": "Most likely score",
    "high": "Highest score", "histogram": "How the contract-holder's margin is spread",
}
LAYOUT = (
    Figures("How likely is a loss?", ("uncertainty.trials", "uncertainty.seed", "uncertainty.p_provider_loss_pct")),
    Matrix("Spread of the simulated outturns", "uncertainty", ("provider_margin", "commissioner_net_cost"),
           ("p5", "p50", "p95", "mean")),
    Table("How the contract-holder's margin is spread", "uncertainty.histogram", ("from", "to", "count")),
)
HISTOGRAM = Chart("How the contract-holder's margin is spread over the trials", ("count",),
                  rows="uncertainty.histogram", row_label="{from} to {to}", unit="")
