"""risk-share: worked example and hand-checked cases."""

import pytest

from calculators import compute

from .conftest import BEDFORDSHIRE_RISK_SHARE


def share(**changes):
    return compute("risk-share", {**BEDFORDSHIRE_RISK_SHARE, **changes})


def parts(result):
    return [(b["slice"], b["provider_part"], b["commissioner_part"]) for b in result["bands"]]


class TestRiskShare:
    def test_bedfordshire_worked_example(self):
        # The spec: up front 25,175,000.00, surplus 1,675,000.00; the first 5% of the up-front sum
        # (1,258,750.00) is kept; the remaining 416,250.00 is split 208,125.00 each.
        result = share()
        assert (result["upfront"], result["management_fee"], result["at_risk"]) == \
            ("25175000.00", "662500.00", "662500.00")
        assert result["surplus"] == "1675000.00"
        assert parts(result) == [("1258750.00", "1258750.00", "0.00"), ("416250.00", "208125.00", "208125.00")]
        assert (result["provider_share"], result["commissioner_share"]) == ("1466875.00", "208125.00")
        # All outcomes met: nothing withheld; net cost 26,500,000 − 0 − 208,125 = 26,291,875;
        # margin 26,291,875 − 23,500,000 = 2,791,875 (= share 1,466,875 + fee 662,500 + earned 662,500).
        assert (result["at_risk_earned"], result["at_risk_withheld"]) == ("662500.00", "0.00")
        assert result["commissioner_net_cost"] == "26291875.00"
        assert result["provider_margin"] == "2791875.00"

    def test_surplus_exactly_at_a_band_edge(self):
        # Cost 23,916,250 leaves a surplus of exactly 1,258,750 = 5% of 25,175,000: all kept.
        result = share(actual_cost=23916250)
        assert parts(result) == [("1258750.00", "1258750.00", "0.00"), ("0.00", "0.00", "0.00")]

    def test_one_penny_past_a_band_edge(self):
        # One penny into the 50/50 band: the tie goes to the provider, listed first.
        result = share(actual_cost="23916249.99")
        assert parts(result)[1] == ("0.01", "0.01", "0.00")
        assert result["provider_share"] == "1258750.01"

    def test_deficit_borne_in_full_by_default(self):
        # Cost 26,000,000: deficit 25,175,000 − 26,000,000 = −825,000, all borne by the provider.
        result = share(actual_cost=26000000)
        assert result["surplus"] == "-825000.00"
        assert (result["provider_share"], result["commissioner_share"]) == ("-825000.00", "0.00")
        assert result["bands"][0]["kind"] == "loss"

    def test_deficit_walks_the_loss_bands(self):
        # Loss bands: first 2% of 25,175,000 (503,500) borne by the provider, then 25%.
        # Slice 2 = 825,000 − 503,500 = 321,500: provider 80,375, commissioner 241,125.
        # Provider −583,875; net cost 26,500,000 − 0 + 241,125 = 26,741,125; margin 741,125.
        result = share(actual_cost=26000000, loss_bands=[
            {"up_to_pct": 2, "provider_share_pct": 100}, {"up_to_pct": None, "provider_share_pct": 25}])
        assert parts(result) == [("-503500.00", "-503500.00", "0.00"), ("-321500.00", "-80375.00", "-241125.00")]
        assert (result["provider_share"], result["commissioner_share"]) == ("-583875.00", "-241125.00")
        assert (result["commissioner_net_cost"], result["provider_margin"]) == ("26741125.00", "741125.00")

    def test_gain_cap_binding(self):
        # Provider would keep 1,466,875; capped at 1,000,000, the 466,875 cut off goes to the commissioner.
        result = share(provider_gain_cap=1000000)
        assert (result["provider_share_before_cap"], result["cap_applied"]) == ("1466875.00", "466875.00")
        assert (result["provider_share"], result["commissioner_share"]) == ("1000000.00", "675000.00")

    def test_gain_cap_not_binding(self):
        result = share(provider_gain_cap=2000000)
        assert (result["provider_share"], result["cap_applied"]) == ("1466875.00", "0.00")

    def test_loss_cap_binding(self):
        # Deficit 825,000; the provider bears at most 500,000; the commissioner covers 325,000.
        result = share(actual_cost=26000000, provider_loss_cap=500000)
        assert (result["provider_share"], result["commissioner_share"], result["cap_applied"]) == \
            ("-500000.00", "-325000.00", "325000.00")

    @pytest.mark.parametrize(("applied", "earned"), [
        (0, "662500.00"),    # phase-in 0%: paid regardless of the 60% score
        (50, "530000.00"),   # 662,500 × (50 + 50 × 0.6)/100 = 662,500 × 0.8
        (100, "397500.00"),  # 662,500 × 0.6
    ])
    def test_risk_phase_in(self, applied, earned):
        result = share(risk_applied_pct=applied,
                       measures=[{"name": "Only", "weight_pct": 100, "achievement_pct": 60}])
        assert result["at_risk_earned"] == earned
        assert result["outcome_score_pct"] == "60.00"

    def test_weighted_outcome_score(self):
        # 15×80 + 20×90 + 35×70 + 20×60 + 10×100, all ÷ 100 = 12 + 18 + 24.5 + 12 + 10 = 76.5%;
        # earned 662,500 × 0.765 = 506,812.50; withheld 155,687.50.
        result = share(measures=[
            {"name": "a", "weight_pct": 15, "achievement_pct": 80}, {"name": "b", "weight_pct": 20, "achievement_pct": 90},
            {"name": "c", "weight_pct": 35, "achievement_pct": 70}, {"name": "d", "weight_pct": 20, "achievement_pct": 60},
            {"name": "e", "weight_pct": 10, "achievement_pct": 100}])
        assert result["outcome_score_pct"] == "76.50"
        assert (result["at_risk_earned"], result["at_risk_withheld"]) == ("506812.50", "155687.50")

    def test_bands_on_the_contract_value(self):
        # 5% of 26,500,000 = 1,325,000 kept; the remaining 350,000 split 175,000 each.
        result = share(band_base="contract_value")
        assert result["provider_share"] == "1500000.00"
        assert result["commissioner_share"] == "175000.00"

    def test_three_shares_add_up_by_largest_remainder(self):
        # 100.01 × 95% = 95.0095, × 2.5% = 2.50025 twice: floors 95.00 + 2.50 + 2.50 leave a penny,
        # which goes to the largest remainder (0.95p, the up-front share).
        result = share(contract_value="100.01", actual_cost=0)
        assert (result["upfront"], result["management_fee"], result["at_risk"]) == ("95.01", "2.50", "2.50")

    def test_no_measures_and_nothing_at_risk(self):
        result = compute("risk-share", {"contract_value": 1000, "upfront_pct": 100, "at_risk_pct": 0,
                                        "actual_cost": 900})
        assert result["outcome_score_pct"] is None
        assert (result["provider_share"], result["commissioner_share"], result["provider_margin"]) == \
            ("100.00", "0.00", "100.00")
