"""projection: worked example and hand-checked cases."""

from decimal import Decimal as D

import pytest

from calculators import ValidationError, compute

from .conftest import BEDFORDSHIRE_PROJECTION


def project(**inputs):
    return compute("projection", inputs)


def column(result, field):
    return [row[field] for row in result["rows"]]


class TestProjection:
    def test_bedfordshire_worked_example(self):
        # The spec's worked example: 26,500,000, 5 years, uplift 1.3%, against the stated £130m.
        result = compute("projection", BEDFORDSHIRE_PROJECTION)
        assert column(result, "value") == [
            "26500000.00", "26844500.00", "27193478.50", "27546993.72", "27905104.64"]
        assert result["totals"]["value"] == "135990076.86"
        # 135,990,076.86 − 130,000,000 = 5,990,076.86; ÷ 130,000,000 × 100 = 4.6077…% → 4.61
        assert result["reconciliation"] == {
            "stated_total": "130000000.00", "computed_total": "135990076.86",
            "difference": "5990076.86", "difference_pct": "4.61"}
        assert "Year 2 value = 26,500,000.00 × (1 + 1.3%) = 26,844,500.00" in result["explanation"]

    def test_base_is_carried_unrounded(self):
        # 100.50 × 1.01 = 101.505 → 101.51 (half-up); year 3 = 101.505 × 1.01 = 102.52005 → 102.52,
        # where compounding the rounded 101.51 would give 102.5251 → 102.53.
        result = project(first_year_value="100.50", years=3, uplift_pct=1)
        assert column(result, "value") == ["100.50", "101.51", "102.52"]

    def test_extension_years_are_included_and_flagged(self):
        # 1,000,000 rising 10% a year: 1,000,000 / 1,100,000 / 1,210,000; the third year is the extension.
        result = project(first_year_value=1000000, years=2, extension_years=1, uplift_pct=10)
        assert column(result, "value") == ["1000000.00", "1100000.00", "1210000.00"]
        assert column(result, "in_extension") == [False, False, True]
        assert result["totals"]["value"] == "3310000.00"

    def test_negative_uplift(self):
        # −10% a year: 1,000,000 × 0.9 = 900,000; × 0.9 = 810,000.
        result = project(first_year_value=1000000, years=3, uplift_pct=-10)
        assert column(result, "value") == ["1000000.00", "900000.00", "810000.00"]

    def test_efficiency_and_uplift_compound(self):
        # 1,000,000 × 1.02 × (1 − 0.01) = 1,009,800.00
        assert column(project(first_year_value=1000000, years=2, uplift_pct=2, efficiency_pct=1), "value")[1] \
            == "1009800.00"

    @pytest.mark.parametrize("mode", ["excess", "full"])
    def test_population_inside_tolerance_is_not_adjusted(self, mode):
        # Actual growth 1% against 0% projected: d = 1.0 point, inside a 1.5-point tolerance.
        result = project(first_year_value=1000000, years=2, actual_population_growth_pct=[1],
                         population_tolerance_pct=1.5, population_adjustment=mode)
        assert column(result, "population_adjustment") == ["0.00", "0.00"]

    @pytest.mark.parametrize(("mode", "adjustment"), [
        # Year 3: actual index 1.01 × 1.01 = 1.0201, projected 1: d = 2.01 points, beyond 1.5.
        ("excess", "5100.00"),   # 1,000,000 × (2.01 − 1.5)/100 = 5,100
        ("full", "20100.00"),    # 1,000,000 × 2.01/100 = 20,100
    ])
    def test_population_outside_tolerance(self, mode, adjustment):
        result = project(first_year_value=1000000, years=3, actual_population_growth_pct=[1, 1],
                         population_tolerance_pct=1.5, population_adjustment=mode)
        assert column(result, "population_adjustment") == ["0.00", "0.00", adjustment]
        assert result["rows"][2]["value"] == f"{1000000 + int(D(adjustment))}.00"

    @pytest.mark.parametrize(("mode", "value"), [
        ("excess", "985000.00"),  # d = −2 points; beyond a 0.5 tolerance by 1.5: −15,000
        ("full", "980000.00"),    # the whole −2 points: −20,000
    ])
    def test_population_below_projection_reduces_value(self, mode, value):
        result = project(first_year_value=1000000, years=2, actual_population_growth_pct=[-2],
                         population_tolerance_pct=0.5, population_adjustment=mode)
        assert result["rows"][1]["value"] == value

    def test_full_adjustment_follows_actual_population(self):
        # Independent formula: in "full" mode value_y = base_y × A_y/P_y = first × (1+u)^(y−1) × A_y,
        # so projecting 2% but growing 3% gives 1,000,000 × 1.03 = 1,030,000 in year 2.
        result = project(first_year_value=1000000, years=2, population_growth_pct=2,
                         actual_population_growth_pct=[3], population_adjustment="full")
        assert result["rows"][1]["base"] == "1020000.00"
        assert result["rows"][1]["value"] == "1030000.00"

    def test_outcome_payments_fee_and_present_value(self):
        # Incentive schedule [0, 10] repeats 10 in year 3; 80% expected achievement; 2.5% fee.
        # Year 2: at risk 1,000,000 × 10% = 100,000; earned 80,000; guaranteed 900,000; payment 980,000;
        # fee 25,000; PV 980,000 / 1.035 = 946,859.903… → 946,859.90;
        # year 3 PV 980,000 / 1.035² = 914,840.486… → 914,840.49.
        result = project(first_year_value=1000000, years=3, incentive_pct_by_year=[0, 10],
                         expected_achievement_pct=80, management_fee_pct=2.5)
        assert column(result, "at_risk") == ["0.00", "100000.00", "100000.00"]
        assert column(result, "expected_earned") == ["0.00", "80000.00", "80000.00"]
        assert column(result, "guaranteed") == ["1000000.00", "900000.00", "900000.00"]
        assert column(result, "expected_payment") == ["1000000.00", "980000.00", "980000.00"]
        assert column(result, "management_fee") == ["25000.00"] * 3
        assert column(result, "present_value") == ["1000000.00", "946859.90", "914840.49"]
        assert column(result, "incentive_pct") == ["0", "10", "10"]

    def test_inflation_is_removed_before_discounting(self):
        # 1,000,000 / (1.02 × 1.035) = 1,000,000 / 1.0557 = 947,238.798… → 947,238.80
        result = project(first_year_value=1000000, years=2, inflation_pct=2)
        assert result["rows"][1]["present_value"] == "947238.80"

    def test_expected_earned_is_rounded_once(self):
        # 100.05 × 10% = 10.005 → 10.01 at risk; earned = 100.05 × 10% × 50% = 5.0025 → 5.00
        # (rounding the at-risk sum first would give 10.01 × 50% = 5.005 → 5.01).
        row = project(first_year_value="100.05", years=1, incentive_pct_by_year=[10],
                      expected_achievement_pct=50)["rows"][0]
        assert (row["at_risk"], row["expected_earned"], row["guaranteed"], row["expected_payment"]) == \
            ("10.01", "5.00", "90.04", "95.04")

    def test_no_reconciliation_without_a_stated_total(self):
        assert project(first_year_value=1, years=1)["reconciliation"] is None

    def test_thirty_years_with_extension(self):
        result = project(first_year_value=1000000, years=30, extension_years=5, uplift_pct=3)
        assert len(result["rows"]) == 35 and sum(column(result, "in_extension")) == 5

    def test_money_given_as_decimal_strings_and_floats_agree(self):
        assert project(first_year_value="0.10", years=2, uplift_pct="1.3") == \
            project(first_year_value=0.1, years=2, uplift_pct=1.3)

    def test_incentive_list_longer_than_the_contract_is_refused(self):
        with pytest.raises(ValidationError) as caught:
            project(first_year_value=1, years=2, incentive_pct_by_year=[0, 1, 2])
        assert [str(p) for p in caught.value.problems] == [
            "incentive_pct_by_year: must have from 1 to 2 entries, got 3"]

    def test_extreme_inputs_still_compute_exactly(self):
        # Every input at the edge of its range, over 60 years: the figures have ~50 digits and
        # must still come out exact (the arithmetic context holds 60), not as an error.
        result = project(first_year_value=10 ** 12, years=30, extension_years=30, uplift_pct=100,
                         population_growth_pct=100, actual_population_growth_pct=[-99.99] * 59,
                         population_adjustment="full", incentive_pct_by_year=[100], management_fee_pct=100,
                         discount_rate_pct=-10, inflation_pct=-10, stated_total="0.01")
        assert len(result["rows"]) == 60
        result = project(first_year_value=10 ** 12, years=30, extension_years=30, uplift_pct=100,
                         population_growth_pct=100, discount_rate_pct=-10, inflation_pct=-10)
        # Year 60 base = 10^12 × 4^59 exactly (uplift and growth both double it each year).
        assert result["rows"][-1]["base"] == f"{10 ** 12 * 4 ** 59}.00"
