"""multi-year: a five-year case with phase-in worked out by hand, row by row; costs; validation."""


import pytest

from calculators import ValidationError, compute

#: Five years from 1,000,000 with a 2% uplift; Bedfordshire-style terms (95 / 2.5 / 2.5, first 5% of
#: the surplus kept, the rest halved); one measure at 80%; measures not applied in year 1, in full
#: after; cost 900,000 growing 3% a year; discounted at the default 3.5%.
FIVE_YEARS = {
    "first_year_value": 1000000, "years": 5, "uplift_pct": 2, "stated_total": 5200000,
    "upfront_pct": 95, "management_fee_pct": 2.5, "at_risk_pct": 2.5,
    "measures": [{"name": "Outcomes", "weight_pct": 100, "achievement_pct": 80}],
    "risk_applied_pct_by_year": [0, 100],
    "gain_bands": [{"up_to_pct": 5, "provider_share_pct": 100}, {"up_to_pct": None, "provider_share_pct": 50}],
    "actual_cost_first_year": 900000, "cost_growth_pct": 3,
}

# Worked by hand. Values: 1,000,000 × 1.02^(y−1) = 1,000,000 / 1,020,000 / 1,040,400 / 1,061,208 /
# 1,082,432.16. Costs: 900,000 × 1.03^(y−1) = 900,000 / 927,000 / 954,810 / 983,454.30 / 1,012,957.929
# → 1,012,957.93. Up front, fee and at risk are 95%, 2.5%, 2.5% of the value; in year 5 the exact parts
# 1,028,310.552 / 27,060.804 / 27,060.804 floor to ...55 / ...80 / ...80 and the spare penny goes to the
# fee (largest remainder 0.4p, tie to the one listed first): 1,028,310.55 / 27,060.81 / 27,060.80.
# Year 1: phase-in 0%, so the whole 25,000 is earned. Surplus 950,000 − 900,000 = 50,000: the first
#   47,500 (5% of 950,000) kept, the other 2,500 halved: provider 48,750, commissioner 1,250.
#   Net cost 1,000,000 − 0 − 1,250 = 998,750; margin 998,750 − 900,000 = 98,750.
# Year 2: earned 25,500 × 80% = 20,400, withheld 5,100. Surplus 969,000 − 927,000 = 42,000, under
#   48,450 (5%): all kept. Net cost 1,020,000 − 5,100 = 1,014,900; margin 87,900.
# Year 3: earned 26,010 × 0.8 = 20,808, withheld 5,202; surplus 988,380 − 954,810 = 33,570, all kept.
#   Net cost 1,040,400 − 5,202 = 1,035,198; margin 1,035,198 − 954,810 = 80,388.
# Year 4: earned 26,530.20 × 0.8 = 21,224.16, withheld 5,306.04; surplus 1,008,147.60 − 983,454.30 =
#   24,693.30, kept. Net cost 1,061,208 − 5,306.04 = 1,055,901.96; margin 72,447.66.
# Year 5: earned 27,060.80 × 0.8 = 21,648.64, withheld 5,412.16; surplus 1,028,310.55 − 1,012,957.93 =
#   15,352.62, kept. Net cost 1,082,432.16 − 5,412.16 = 1,077,020.00; margin 64,062.07.
# Present values ÷ 1.035^(y−1): 1,014,900 / 1.035 = 980,579.710 → 980,579.71; 87,900 / 1.035 = 84,927.536
#   → 84,927.54; ÷ 1.071225: 966,368.410 → 966,368.41 and 75,043.058 → 75,043.06; ÷ 1.108717875:
#   952,363.071 → 952,363.07 and 65,343.638 → 65,343.64; ÷ 1.147523001: 938,560.708 → 938,560.71 and
#   55,826.393 → 55,826.39.
ROWS = [
    # value, cost, upfront, fee, at risk, earned, withheld, surplus, provider, commissioner, net, margin,
    # cumulative net, cumulative margin, PV net, PV margin
    ("1000000.00", "900000.00", "950000.00", "25000.00", "25000.00", "25000.00", "0.00", "50000.00",
     "48750.00", "1250.00", "998750.00", "98750.00", "998750.00", "98750.00", "998750.00", "98750.00"),
    ("1020000.00", "927000.00", "969000.00", "25500.00", "25500.00", "20400.00", "5100.00", "42000.00",
     "42000.00", "0.00", "1014900.00", "87900.00", "2013650.00", "186650.00", "980579.71", "84927.54"),
    ("1040400.00", "954810.00", "988380.00", "26010.00", "26010.00", "20808.00", "5202.00", "33570.00",
     "33570.00", "0.00", "1035198.00", "80388.00", "3048848.00", "267038.00", "966368.41", "75043.06"),
    ("1061208.00", "983454.30", "1008147.60", "26530.20", "26530.20", "21224.16", "5306.04", "24693.30",
     "24693.30", "0.00", "1055901.96", "72447.66", "4104749.96", "339485.66", "952363.07", "65343.64"),
    ("1082432.16", "1012957.93", "1028310.55", "27060.81", "27060.80", "21648.64", "5412.16", "15352.62",
     "15352.62", "0.00", "1077020.00", "64062.07", "5181769.96", "403547.73", "938560.71", "55826.39"),
]
COLUMNS = ("contract_value", "actual_cost", "upfront", "management_fee", "at_risk", "at_risk_earned",
           "at_risk_withheld", "surplus", "provider_share", "commissioner_share", "commissioner_net_cost",
           "provider_margin", "cumulative_commissioner_net_cost", "cumulative_provider_margin",
           "present_value_commissioner_net_cost", "present_value_provider_margin")


def multi(**changes):
    return compute("multi-year", {**FIVE_YEARS, **changes})


class TestFiveYearsWithPhaseIn:
    def test_every_row(self):
        result = multi()
        assert len(result["rows"]) == 5
        for year, (row, expected) in enumerate(zip(result["rows"], ROWS), start=1):
            assert row["year"] == year and row["in_extension"] is False
            assert tuple(row[c] for c in COLUMNS) == expected, f"year {year}"
        assert [row["risk_applied_pct"] for row in result["rows"]] == ["0", "100", "100", "100", "100"]

    def test_totals_and_reconciliation(self):
        # Sums of the rows above: values 5,204,040.16; costs 4,778,222.23; net cost 5,181,769.96;
        # margin 403,547.73 (= 5,181,769.96 − 4,778,222.23); PV net 4,836,621.90; PV margin 379,890.63.
        # Against the stated 5,200,000: +4,040.16, i.e. 0.0777% → 0.08.
        result = multi()
        t = result["totals"]
        assert (t["contract_value"], t["actual_cost"]) == ("5204040.16", "4778222.23")
        assert (t["commissioner_net_cost"], t["provider_margin"]) == ("5181769.96", "403547.73")
        assert (t["present_value_commissioner_net_cost"], t["present_value_provider_margin"]) == \
            ("4836621.90", "379890.63")
        assert "cumulative_provider_margin" not in t
        assert result["reconciliation"] == {"stated_total": "5200000.00", "computed_total": "5204040.16",
                                            "difference": "4040.16", "difference_pct": "0.08"}
        assert result["uncertainty"] is None

    def test_values_are_the_projections(self):
        projected = compute("projection", {"first_year_value": 1000000, "years": 5, "uplift_pct": 2})
        assert [r["value"] for r in projected["rows"]] == [r["contract_value"] for r in multi()["rows"]]

    def test_costs_given_year_by_year(self):
        result = compute("multi-year", {**{k: v for k, v in FIVE_YEARS.items()
                                           if k not in ("actual_cost_first_year", "cost_growth_pct")},
                                        "actual_cost_by_year": [900000, 927000, 954810, "983454.30", "1012957.93"]})
        assert [tuple(r[c] for c in COLUMNS) for r in result["rows"]] == ROWS

    def test_outcome_scores_by_year_replace_the_measures(self):
        # Year 2 at 50%: earned 25,500 × 0.5 = 12,750, withheld 12,750; later years repeat 50%.
        result = multi(outcome_score_pct_by_year=[100, 50])
        assert [r["at_risk_withheld"] for r in result["rows"][:3]] == ["0.00", "12750.00", "13005.00"]
        assert result["rows"][1]["outcome_score_pct"] == "50.00"

    def test_extension_years_are_marked(self):
        result = multi(years=3, extension_years=2)
        assert [r["in_extension"] for r in result["rows"]] == [False, False, False, True, True]


class TestMultiYearInput:
    def problems(self, data):
        with pytest.raises(ValidationError) as caught:
            compute("multi-year", data)
        return {p.field: p.message for p in caught.value.problems}

    def test_problems_of_both_parts_and_its_own_at_once(self):
        found = self.problems({**FIVE_YEARS, "years": 0, "upfront_pct": 96, "risk_applied_pct_by_year": [0, 140],
                               "bogus": 1})
        assert set(found) == {"years", "at_risk_pct", "risk_applied_pct_by_year.1", "bogus"}

    def test_a_cost_is_required(self):
        data = {k: v for k, v in FIVE_YEARS.items() if k != "actual_cost_first_year"}
        assert set(self.problems(data)) == {"actual_cost_first_year"}

    def test_costs_by_year_must_cover_every_year(self):
        data = {k: v for k, v in FIVE_YEARS.items() if k not in ("actual_cost_first_year", "cost_growth_pct")}
        found = self.problems({**data, "actual_cost_by_year": [1, 2, 3]})
        assert found == {"actual_cost_by_year": "must have one amount for each of the 5 years, got 3"}
        found = self.problems({**data, "actual_cost_by_year": [1, 2, 3, 4, -5]})
        assert set(found) == {"actual_cost_by_year.4"}

    def test_not_both_ways_of_giving_costs(self):
        found = self.problems({**FIVE_YEARS, "actual_cost_by_year": [1, 2, 3, 4, 5]})
        assert set(found) == {"actual_cost_by_year"}

    def test_per_year_lists_no_longer_than_the_contract(self):
        found = self.problems({**FIVE_YEARS, "outcome_score_pct_by_year": [50] * 6})
        assert found == {"outcome_score_pct_by_year": "must have from 1 to 5 entries, got 6"}

    def test_not_an_object(self):
        assert set(self.problems([1])) == {""}
