"""The one rounding rule and the one way of dividing money (calculators.money)."""

from decimal import Decimal as D

import pytest

from calculators.money import allocate, money_str, pct_str, penny


class TestPenny:
    @pytest.mark.parametrize(("amount", "expected"), [
        ("27546993.7205", "27546993.72"),  # the spec's year 4, unrounded 27,546,993.7205
        ("101.505", "101.51"),  # half-up, where banker's rounding would give 101.50
        ("0.005", "0.01"),
        ("-0.005", "-0.01"),  # half away from zero
        ("0.0049999", "0.00"),
    ])
    def test_half_up_to_the_penny(self, amount, expected):
        assert penny(D(amount)) == D(expected)

    def test_money_strings_have_two_places_and_no_negative_zero(self):
        assert money_str(D("26844500")) == "26844500.00"
        assert money_str(D("-0.001")) == "0.00"

    def test_percentages_are_plain(self):
        assert [pct_str(D(x)) for x in ("2.50", "100", "0.0", "1E+1")] == ["2.5", "100", "0", "10"]


class TestAllocate:
    def test_salford_two_thirds_one_third(self):
        # 98,000,000 × 2/3 = 65,333,333.333… and × 1/3 = 32,666,666.666…: floors .33 and .66 leave one
        # penny, which goes to the larger remainder (.666…), the council's (the spec's worked example).
        assert allocate(D("98000000"), [D(2), D(1)]) == [D("65333333.33"), D("32666666.67")]

    def test_ties_go_to_the_party_listed_first(self):
        # 0.01 in halves: both remainders are ½ penny; the first party gets it.
        assert allocate(D("0.01"), [D(50), D(50)]) == [D("0.01"), D("0.00")]
        # 1.00 in thirds: 33⅓p each, one penny left, three equal remainders → the first.
        assert allocate(D("1.00"), [D(1), D(1), D(1)]) == [D("0.34"), D("0.33"), D("0.33")]

    def test_negative_totals_mirror_positive_ones(self):
        assert allocate(D("-1.00"), [D(1), D(1), D(1)]) == [D("-0.34"), D("-0.33"), D("-0.33")]

    def test_zero_weights_get_nothing(self):
        assert allocate(D("10.00"), [D(0), D(100)]) == [D("0.00"), D("10.00")]

    def test_refuses_weights_without_a_positive_sum(self):
        with pytest.raises(ValueError):
            allocate(D("1"), [D(0), D(0)])


class TestMoneyAsPeopleTypeIt:
    """Every way a commissioner writes an amount gives the same figures as the plain number."""

    @pytest.mark.parametrize("typed, plain", [
        ("£26.5m", "26500000"), ("26.5 million", "26500000"), ("£26.5 M", "26500000"), ("£1.2bn", "1200000000"),
        ("1.2 billion", "1200000000"), ("£208k", "208000"), ("208 thousand", "208000"), ("26,500,000", "26500000"),
        ("£26,500,000.00", "26500000.00"),
    ])
    def test_same_figures_as_the_plain_number(self, typed, plain):
        from calculators import compute

        def run(value):
            return compute("projection", {"first_year_value": value, "years": 3, "uplift_pct": 1.3})

        assert run(typed) == run(plain)

    @pytest.mark.parametrize("typed", ["26.5 lots", "£2,65", "£26.5mm", "1.2.3m", "£-5m"])
    def test_anything_else_is_refused_at_the_field(self, typed):
        from calculators import ValidationError, compute

        with pytest.raises(ValidationError) as caught:
            compute("projection", {"first_year_value": typed, "years": 3})
        assert [p.field for p in caught.value.problems] == ["first_year_value"]
