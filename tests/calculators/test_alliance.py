"""alliance: worked example and hand-checked cases."""

import pytest

from calculators import compute

from .conftest import SALFORD_ALLIANCE

COMMISSIONERS = [{"name": "A", "role": "commissioner", "contribution": 60000000},
                 {"name": "B", "role": "commissioner", "contribution": 30000000}]


def alliance(x_spend, y_spend, **options):
    partners = COMMISSIONERS + [{"name": "X", "role": "provider", "budget": 50000000, "actual_spend": x_spend},
                                {"name": "Y", "role": "provider", "budget": 40000000, "actual_spend": y_spend}]
    return compute("alliance", {"partners": partners, **options})


def shares(result):
    return {p["name"]: p["share_of_variance"] for p in result["partners"]}


class TestAlliance:
    def test_salford_worked_example(self):
        # £98m, two parts CCG to one part council: 65,333,333.33 and 32,666,666.67 (largest remainder).
        result = compute("alliance", SALFORD_ALLIANCE)
        assert [p["contribution"] for p in result["partners"][:2]] == ["65333333.33", "32666666.67"]
        assert result["pool"] == "98000000.00"
        # Budgets 90m leave 8m unallocated; spend 89m: underspend 1m, 500,000 to each side.
        assert (result["unallocated"], result["variance"]) == ("8000000.00", "1000000.00")

    def test_contributions_given_directly(self):
        result = compute("alliance", {"partners": [
            {"name": "CCG", "role": "commissioner", "contribution": "65333333.33"},
            {"name": "Council", "role": "commissioner", "contribution": "32666666.67"},
            {"name": "Trust", "role": "provider", "budget": 98000000, "actual_spend": 98000000}]})
        assert result["pool"] == "98000000.00" and result["variance"] == "0.00"

    def test_underspend_shared_half_and_half_pro_rata(self):
        # Budgets 90m, spend 48m + 39m = 87m: gain 3m. Commissioners 1.5m → A 1,000,000, B 500,000 (60:30).
        # Providers 1.5m pro rata 50:40 = 833,333.33… and 666,666.66…: the spare penny to Y's larger remainder.
        result = alliance(48000000, 39000000)
        assert result["variance"] == "3000000.00"
        assert shares(result) == {"A": "1000000.00", "B": "500000.00", "X": "833333.33", "Y": "666666.67"}

    def test_overspend_without_a_cap(self):
        # Spend 54m + 39m = 93m: pain −3m, mirrored: providers −833,333.33 / −666,666.67.
        result = alliance(54000000, 39000000)
        assert shares(result) == {"A": "-1000000.00", "B": "-500000.00", "X": "-833333.33", "Y": "-666666.67"}
        x = result["partners"][2]
        # X overspent its own budget by 4m but bears 833,333.33: the pool settles 3,166,666.67 to it.
        assert (x["own_variance"], x["settlement"]) == ("-4000000.00", "3166666.67")

    def test_overspend_with_a_provider_cap(self):
        # Cap 1% of budget: X at most 500,000, Y at most 400,000. Cut off 333,333.33 + 266,666.67 = 600,000,
        # so the commissioners bear 1.5m + 0.6m = 2.1m: A 1,400,000, B 700,000.
        result = alliance(54000000, 39000000, provider_loss_cap_pct=1)
        assert shares(result) == {"A": "-1400000.00", "B": "-700000.00", "X": "-500000.00", "Y": "-400000.00"}
        assert result["capped"] == "600000.00"

    def test_cap_does_not_touch_an_underspend(self):
        assert shares(alliance(48000000, 39000000, provider_loss_cap_pct=1))["X"] == "833333.33"

    def test_equal_split(self):
        result = alliance(48000000, 39000000, provider_split="equal")
        assert (shares(result)["X"], shares(result)["Y"]) == ("750000.00", "750000.00")

    def test_equal_split_ties_to_the_first_provider(self):
        # Variance 2.00, providers' half 1.00 in three: 0.34, 0.33, 0.33.
        result = compute("alliance", {"partners": [
            {"name": "C", "role": "commissioner", "contribution": 300},
            {"name": "P1", "role": "provider", "budget": 100, "actual_spend": 100},
            {"name": "P2", "role": "provider", "budget": 100, "actual_spend": 100},
            {"name": "P3", "role": "provider", "budget": 100, "actual_spend": 98}], "provider_split": "equal"})
        assert [p["share_of_variance"] for p in result["partners"]] == ["1.00", "0.34", "0.33", "0.33"]

    def test_fixed_split(self):
        result = alliance(48000000, 39000000, provider_split={"fixed": {"X": 70, "Y": 30}})
        assert (shares(result)["X"], shares(result)["Y"]) == ("1050000.00", "450000.00")

    def test_no_risk_share(self):
        # Lambeth at first: the commissioners absorb the whole 3m, 2:1.
        result = alliance(48000000, 39000000, risk_share=False)
        assert shares(result) == {"A": "2000000.00", "B": "1000000.00", "X": "0.00", "Y": "0.00"}

    @pytest.mark.parametrize(("gain", "loss", "commissioners"), [(100, 0, "3000000.00"), (0, 100, "0.00")])
    def test_commissioner_percentages(self, gain, loss, commissioners):
        result = alliance(48000000, 39000000, commissioner_gain_pct=gain, commissioner_loss_pct=loss)
        assert result["commissioners_part"] == commissioners

    def test_net_position(self):
        # A contributes 60m and gets 1m back: −59m; a provider's net position is its share.
        result = alliance(48000000, 39000000)
        assert [p["net_position"] for p in result["partners"]] == \
            ["-59000000.00", "-29500000.00", "833333.33", "666666.67"]
