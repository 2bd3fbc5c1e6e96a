"""Uncertainty: seeded trials, the summary's definitions, and trials that equal the full calculation."""

from decimal import Decimal as D

import pytest

from calculators import ValidationError, compute, risk_share, uncertainty
from calculators.money import exact
from calculators.multi_year import MultiYearInputs, year_inputs

from .conftest import BEDFORDSHIRE_RISK_SHARE
from .test_multi_year import FIVE_YEARS

RANGES = {"trials": 300, "seed": 7, "actual_cost": {"low_pct": 90, "mode_pct": 100, "high_pct": 125},
          "outcome_score": {"low": 40, "mode": 70, "high": 100}}


class TestSummary:
    def test_nearest_rank_percentiles(self):
        # 20 values 1..20: P5 is the 1st (ceil(0.05 × 20) = 1), P50 the 10th, P95 the 19th.
        ordered = list(range(1, 21))
        assert [uncertainty.percentile(ordered, p) for p in (5, 50, 95)] == [1, 10, 19]
        # 101 values: ceil(5.05) = 6th, ceil(50.5) = 51st, ceil(95.95) = 96th.
        ordered = list(range(101))
        assert [uncertainty.percentile(ordered, p) for p in (5, 50, 95)] == [5, 50, 95]

    def test_histogram_edges_and_counts(self):
        # From −10 to 30: width 2 a bin; 30 (the highest) is in the last bin, −10 in the first.
        values = [D(-10), D(-9), D(0), D("0.5"), D(30), D("29.99")]
        bins = uncertainty.histogram(values)
        assert len(bins) == 20 and (bins[0]["from"], bins[0]["to"], bins[-1]["to"]) == ("-10.00", "-8.00", "30.00")
        assert [b["count"] for b in bins][:6] == [2, 0, 0, 0, 0, 2] and bins[-1]["count"] == 2
        assert sum(b["count"] for b in bins) == len(values)

    def test_all_trials_alike(self):
        bins = uncertainty.histogram([D(5)] * 4)
        assert bins[0]["count"] == 4 and sum(b["count"] for b in bins) == 4

    def test_a_fixed_cost_gives_every_trial_the_same_answer(self):
        # low = mode = high = 100%: each trial is the plain calculation (margin 2,791,875.00).
        r = compute("risk-share", {**BEDFORDSHIRE_RISK_SHARE, "uncertainty": {
            "trials": 100, "actual_cost": {"low_pct": 100, "mode_pct": 100, "high_pct": 100}}})
        u = r["uncertainty"]
        assert u["provider_margin"] == {"p5": "2791875.00", "p50": "2791875.00", "p95": "2791875.00",
                                        "mean": "2791875.00"}
        assert (u["p_provider_loss_pct"], u["trials"], u["seed"]) == ("0.00", 100, 1)

    def test_a_sure_loss(self):
        # Cost between 120% and 130% of 23,500,000 (28.2m to 30.55m): always past the 26.5m break-even.
        r = compute("risk-share", {**BEDFORDSHIRE_RISK_SHARE, "uncertainty": {
            "trials": 100, "actual_cost": {"low_pct": 120, "mode_pct": 125, "high_pct": 130}}})
        assert r["uncertainty"]["p_provider_loss_pct"] == "100.00"


class TestDeterminism:
    def test_same_seed_same_output_other_seed_other_output(self):
        first = compute("risk-share", {**BEDFORDSHIRE_RISK_SHARE, "uncertainty": RANGES})["uncertainty"]
        again = compute("risk-share", {**BEDFORDSHIRE_RISK_SHARE, "uncertainty": RANGES})["uncertainty"]
        other = compute("risk-share", {**BEDFORDSHIRE_RISK_SHARE, "uncertainty": {**RANGES, "seed": 8}})["uncertainty"]
        assert first == again and first != other

    def test_pinned_figures(self):
        # Pinned so that a change in how trials are drawn shows (the Pyodide test checks the same bytes there).
        u = compute("risk-share", {**BEDFORDSHIRE_RISK_SHARE, "uncertainty": RANGES})["uncertainty"]
        assert (u["trials"], u["seed"]) == (300, 7)
        assert D(u["provider_margin"]["p5"]) <= D(u["provider_margin"]["p50"]) <= D(u["provider_margin"]["p95"])


class TestTrialsEqualTheFullCalculation:
    """The trials use settle(), the calculator's own arithmetic; check that on samples anyway."""

    def test_risk_share(self):
        inputs = {**BEDFORDSHIRE_RISK_SHARE, "gain_share_scaled_by_score": True, "provider_loss_cap_pct": 3,
                  "loss_bands": [{"up_to_pct": 1, "provider_share_pct": 100}, {"up_to_pct": None, "provider_share_pct": 40}]}
        inp = risk_share.RiskShareInputs.from_dict({**inputs, "uncertainty": RANGES})
        with exact():
            t = risk_share.terms(inp)
            margins, nets = uncertainty.run(inp.uncertainty, [(t, inp.actual_cost, None)], risk_share.margin_and_net_cost)
        for i, trial in enumerate(uncertainty.draws(inp.uncertainty, 1)):
            if i % 15:
                continue
            (pct, score), = trial
            full = compute("risk-share", {**inputs, "actual_cost": str(uncertainty.drawn_cost(D(23500000), pct)),
                                          "outcome_score_pct": str(score)})
            assert (D(full["provider_margin"]), D(full["commissioner_net_cost"])) == (margins[i], nets[i])

    def test_multi_year(self):
        data = {**FIVE_YEARS, "uncertainty": RANGES}
        inp = MultiYearInputs.from_dict(data)
        result = compute("multi-year", data)
        values = [D(r["contract_value"]) for r in result["rows"]]
        years = year_inputs(inp, values)
        with exact():
            terms = [risk_share.terms(y) for y in years]
            margins, nets = uncertainty.run(inp.uncertainty, [(t, y.actual_cost, None) for t, y in zip(terms, years)],
                                            risk_share.margin_and_net_cost)
        for i, trial in enumerate(uncertainty.draws(inp.uncertainty, 5)):
            if i % 30:
                continue
            costs = [str(uncertainty.drawn_cost(y.actual_cost, pct)) for y, (pct, _) in zip(years, trial)]
            full = compute("multi-year", {**{k: v for k, v in FIVE_YEARS.items()
                                             if k not in ("actual_cost_first_year", "cost_growth_pct")},
                                          "actual_cost_by_year": costs,
                                          "outcome_score_pct_by_year": [str(score) for _, score in trial]})
            assert (D(full["totals"]["provider_margin"]), D(full["totals"]["commissioner_net_cost"])) == \
                (margins[i], nets[i])
        # And the summary is of these very trials.
        assert result["uncertainty"]["p_provider_loss_pct"] == \
            str((D(sum(1 for m in margins if m < 0)) * 100 / len(margins)).quantize(D("0.01")))


class TestUncertaintyInput:
    def problems(self, u, name="risk-share", base=BEDFORDSHIRE_RISK_SHARE):
        with pytest.raises(ValidationError) as caught:
            compute(name, {**base, "uncertainty": u})
        return {p.field: p.message for p in caught.value.problems}

    def test_cost_range_required_and_ordered(self):
        assert set(self.problems({"trials": 500})) == {"uncertainty.actual_cost"}
        found = self.problems({"actual_cost": {"low_pct": 110, "mode_pct": 100, "high_pct": 120}})
        assert found == {"uncertainty.actual_cost": "must have the lowest ≤ the most likely ≤ the highest, got 110, 100 and 120"}

    def test_bounds(self):
        found = self.problems({"trials": 50, "seed": -1, "actual_cost": {"low_pct": 90, "mode_pct": 100,
                                                                          "high_pct": 115, "x": 1},
                               "outcome_score": {"low": 0, "mode": 50, "high": 101}})
        assert set(found) == {"uncertainty.trials", "uncertainty.seed", "uncertainty.actual_cost.x",
                              "uncertainty.outcome_score.high"}

    def test_trials_times_years_is_limited(self):
        found = self.problems({"trials": 20000, "actual_cost": {"low_pct": 90, "mode_pct": 100, "high_pct": 115}},
                              name="multi-year", base={**FIVE_YEARS, "years": 15})
        assert found == {"uncertainty.trials": "at most 200000 trials × contract years can be simulated (at most"
                                               " 13333 trials for 15 years), got 20000"}

    def test_not_an_object(self):
        assert set(self.problems([1])) == {"uncertainty"}
