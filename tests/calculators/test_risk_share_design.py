"""risk-share: whole-amount bands, score-scaled gain share, % caps, break-even and the payoff curve.

Every expected value is worked out by hand in the comment beside it.
"""

from decimal import Decimal as D

import pytest

from calculators import compute
from calculators.money import allocate, exact, penny

from .conftest import BEDFORDSHIRE_RISK_SHARE

#: A Medicare-style scheme: nothing shared below a 2% minimum savings rate, half of the whole amount above it.
FIRST_DOLLAR = {"contract_value": 10000000, "upfront_pct": 100, "at_risk_pct": 0, "actual_cost": 9850000,
                "band_mode": "whole",
                "gain_bands": [{"up_to_pct": 2, "provider_share_pct": 0}, {"up_to_pct": None, "provider_share_pct": 50}]}


def share(**changes):
    return compute("risk-share", {**BEDFORDSHIRE_RISK_SHARE, **changes})


def parts(result):
    return [(b["slice"], b["provider_part"], b["commissioner_part"]) for b in result["bands"]]


class TestWholeAmountBands:
    def test_surplus_inside_the_threshold(self):
        # Up front 10,000,000; threshold 2% of it = 200,000. Cost 9,850,000: surplus 150,000 <= 200,000,
        # so band 1 (provider 0%) applies to all of it: provider 0, commissioner 150,000.
        r = compute("risk-share", FIRST_DOLLAR)
        assert r["surplus"] == "150000.00"
        assert parts(r) == [("150000.00", "0.00", "150000.00")]
        assert (r["provider_share"], r["commissioner_share"]) == ("0.00", "150000.00")
        # Net cost 10,000,000 − 0 − 150,000 = 9,850,000; margin 9,850,000 − 9,850,000 = 0.
        assert (r["commissioner_net_cost"], r["provider_margin"]) == ("9850000.00", "0.00")

    def test_surplus_exactly_at_the_threshold_stays_in_the_band_below(self):
        # Surplus 200,000 = the limit: the first band whose limit is not below the amount is band 1.
        r = compute("risk-share", {**FIRST_DOLLAR, "actual_cost": 9800000})
        assert (r["bands"][0]["provider_share_pct"], r["provider_share"]) == ("0", "0.00")

    def test_surplus_past_the_threshold_shares_from_the_first_pound(self):
        # Cost 9,700,000: surplus 300,000 > 200,000, so band 2 (50%) applies to the whole 300,000,
        # not only to the 100,000 above the threshold: provider 150,000, commissioner 150,000.
        r = compute("risk-share", {**FIRST_DOLLAR, "actual_cost": 9700000})
        assert parts(r) == [("300000.00", "150000.00", "150000.00")]
        assert r["bands"][0]["from"] == "200000.00" and r["bands"][0]["to"] is None
        # In marginal mode the same terms give the provider only half the 100,000 past the threshold.
        marginal = compute("risk-share", {**FIRST_DOLLAR, "actual_cost": 9700000, "band_mode": "marginal"})
        assert marginal["provider_share"] == "50000.00"

    def test_bedfordshire_terms_in_whole_mode(self):
        # Surplus 1,675,000 is past 5% of 25,175,000 (1,258,750): the 50% band covers it all, 837,500 each.
        r = share(band_mode="whole")
        assert (r["provider_share"], r["commissioner_share"]) == ("837500.00", "837500.00")

    def test_whole_mode_deficit(self):
        # Loss bands: up to 2% of 25,175,000 (503,500) the provider bears 100%, beyond it 25% of the whole.
        # Cost 26,000,000: deficit 825,000 > 503,500, so the provider bears 25% × 825,000 = 206,250.
        r = share(actual_cost=26000000, band_mode="whole", loss_bands=[
            {"up_to_pct": 2, "provider_share_pct": 100}, {"up_to_pct": None, "provider_share_pct": 25}])
        assert parts(r) == [("-825000.00", "-206250.00", "-618750.00")]


class TestScoreScaledGainShare:
    def test_gain_share_times_the_score(self):
        # Score 60%. Band 1: 1,258,750 × 100% × 0.6 = 755,250; band 2: 416,250 × 50% × 0.6 = 124,875.
        # Provider 755,250 + 124,875 = 880,125; commissioner 1,675,000 − 880,125 = 794,875.
        # Earned 662,500 × 0.6 = 397,500, withheld 265,000; net cost 26,500,000 − 265,000 − 794,875
        # = 25,440,125; margin 25,440,125 − 23,500,000 = 1,940,125 (= fee 662,500 + 397,500 + 880,125).
        r = share(gain_share_scaled_by_score=True,
                  measures=[{"name": "Only", "weight_pct": 100, "achievement_pct": 60}])
        assert parts(r) == [("1258750.00", "755250.00", "503500.00"), ("416250.00", "124875.00", "291375.00")]
        assert (r["provider_share"], r["commissioner_share"]) == ("880125.00", "794875.00")
        assert (r["commissioner_net_cost"], r["provider_margin"]) == ("25440125.00", "1940125.00")

    def test_losses_are_not_scaled(self):
        # Deficit 825,000 borne in full whatever the score.
        r = share(gain_share_scaled_by_score=True, actual_cost=26000000,
                  measures=[{"name": "Only", "weight_pct": 100, "achievement_pct": 60}])
        assert r["provider_share"] == "-825000.00"

    def test_needs_a_score(self):
        from calculators import ValidationError

        with pytest.raises(ValidationError) as caught:
            compute("risk-share", {**FIRST_DOLLAR, "gain_share_scaled_by_score": True})
        assert [p.field for p in caught.value.problems] == ["gain_share_scaled_by_score"]


class TestPercentageCaps:
    def test_pct_cap_below_the_absolute_cap_applies(self):
        # 3% of 26,500,000 = 795,000 < the absolute 1,000,000: the provider keeps 795,000 of its 1,466,875;
        # 671,875 is cut off and goes to the commissioner: 208,125 + 671,875 = 880,000.
        r = share(provider_gain_cap=1000000, provider_gain_cap_pct=3)
        assert (r["provider_gain_cap_applies"], r["cap_applied"]) == ("795000.00", "671875.00")
        assert (r["provider_share"], r["commissioner_share"]) == ("795000.00", "880000.00")

    def test_pct_cap_above_the_absolute_cap_does_not(self):
        # 4% of 26,500,000 = 1,060,000 > 1,000,000: the absolute cap applies; cut 466,875.
        r = share(provider_gain_cap=1000000, provider_gain_cap_pct=4)
        assert (r["provider_gain_cap_applies"], r["cap_applied"]) == ("1000000.00", "466875.00")
        assert r["provider_share"] == "1000000.00"

    def test_pct_loss_cap_alone(self):
        # Deficit 825,000; 2% of 26,500,000 = 530,000 borne at most; the commissioner covers 295,000.
        r = share(actual_cost=26000000, provider_loss_cap_pct=2)
        assert (r["provider_share"], r["commissioner_share"]) == ("-530000.00", "-295000.00")


class TestBreakEven:
    def test_with_a_fee_and_an_earned_at_risk_sum(self):
        # All outcomes met: margin at the up-front sum = fee 662,500 + earned 662,500 = 1,325,000; the
        # provider bears the whole deficit, so the margin reaches 0 at a deficit of 1,325,000:
        # 25,175,000 + 1,325,000 = 26,500,000.00 (the contract value).
        r = share()
        assert r["break_even_cost"] == "26500000.00"

    def test_through_a_second_loss_band_with_rounding(self):
        # Provider bears the first 503,500 (2% of 25,175,000), then 25%. Margin = 1,325,000 − 503,500
        # − penny(x/4) for x past the band: 0 or less once penny(x/4) >= 821,500, i.e. x/4 >= 821,499.995,
        # x >= 3,285,999.98. Cost = 25,175,000 + 503,500 + 3,285,999.98 = 28,964,499.98.
        r = share(loss_bands=[{"up_to_pct": 2, "provider_share_pct": 100},
                              {"up_to_pct": None, "provider_share_pct": 25}])
        assert r["break_even_cost"] == "28964499.98"
        bands = [{"up_to_pct": 2, "provider_share_pct": 100}, {"up_to_pct": None, "provider_share_pct": 25}]
        at, below = share(actual_cost="28964499.98", loss_bands=bands), share(actual_cost="28964499.97", loss_bands=bands)
        assert D(at["provider_margin"]) <= 0 < D(below["provider_margin"])

    def test_unreachable_under_a_loss_cap(self):
        # The provider bears at most 1,000,000 of any deficit, less than its 1,325,000 of fee and earned
        # sum: its margin never falls below 325,000, so there is no break-even.
        r = share(provider_loss_cap=1000000)
        assert r["break_even_cost"] is None

    def test_no_fee_and_nothing_at_risk_is_the_upfront_sum(self):
        # All up front: at cost = up front the margin is 0.00 already, so the break-even is 1,000.00.
        r = compute("risk-share", {"contract_value": 1000, "upfront_pct": 100, "at_risk_pct": 0, "actual_cost": 900})
        assert r["break_even_cost"] == "1000.00"

    def test_whole_mode_searches_band_by_band(self):
        # Up front 950, fee 50, nothing at risk; whole mode, loss bands: up to 2% of 950 (19.00) borne in
        # full, beyond it 10% of the whole deficit. In band 1 the margin is at least 50 − 19 = 31 > 0.
        # In band 2 it is 50 − penny(deficit × 10%): 0 once deficit × 0.1 >= 49.995, i.e. deficit 499.95
        # (499.94 gives 49.994 → 49.99, margin 0.01). Break-even = 950 + 499.95 = 1,449.95.
        r = compute("risk-share", {"contract_value": 1000, "upfront_pct": 95, "management_fee_pct": 5,
                                   "at_risk_pct": 0, "actual_cost": 900, "band_mode": "whole",
                                   "loss_bands": [{"up_to_pct": 2, "provider_share_pct": 100},
                                                  {"up_to_pct": None, "provider_share_pct": 10}]})
        assert r["break_even_cost"] == "1449.95"


    def test_bands_whose_limits_round_to_the_same_penny(self):
        # Value 0.55: up front 0.54, fee 0.01. Loss limits 0.01%, 2.78%, 2.79% of 0.54 round to 0.00, 0.02,
        # 0.02 (the third band is empty); beyond 0.02 the provider bears 0.1%. Margin 0.01 − penny(0.1% ×
        # (deficit − 0.02)) reaches 0 once that part is 0.005: deficit 5.02, cost 0.54 + 5.02 = 5.56.
        r = compute("risk-share", {"contract_value": "0.55", "upfront_pct": "99.09", "management_fee_pct": "0.91",
                                   "at_risk_pct": 0, "actual_cost": 0, "loss_bands": [
                                       {"up_to_pct": "0.01", "provider_share_pct": 0},
                                       {"up_to_pct": "2.78", "provider_share_pct": 0},
                                       {"up_to_pct": "2.79", "provider_share_pct": 0},
                                       {"up_to_pct": None, "provider_share_pct": "0.1"}]})
        assert (r["upfront"], r["management_fee"], r["break_even_cost"]) == ("0.54", "0.01", "5.56")


class TestPayoff:
    def test_twenty_one_rows_from_80_to_120_pct_of_the_upfront_sum(self):
        r = share()
        costs = [row["actual_cost"] for row in r["payoff"]]
        assert len(costs) == 21
        # 80% of 25,175,000 = 20,140,000; 100% = 25,175,000; 120% = 30,210,000.
        assert (costs[0], costs[10], costs[20]) == ("20140000.00", "25175000.00", "30210000.00")
        # At 100% the surplus is 0: margin = fee + earned = 1,325,000; net cost = 26,500,000.
        assert (r["payoff"][10]["provider_margin"], r["payoff"][10]["commissioner_net_cost"]) == \
            ("1325000.00", "26500000.00")
        # At 80%: surplus 5,035,000; kept 1,258,750 + half of 3,776,250 (1,888,125) = 3,146,875.
        assert (r["payoff"][0]["surplus"], r["payoff"][0]["provider_share"]) == ("5035000.00", "3146875.00")

    def test_each_row_is_the_full_calculation_at_that_cost(self):
        r = share(provider_gain_cap_pct=4, loss_bands=[{"up_to_pct": 3, "provider_share_pct": 60},
                                                       {"up_to_pct": None, "provider_share_pct": 20}])
        for row in r["payoff"]:
            full = share(provider_gain_cap_pct=4, actual_cost=row["actual_cost"], loss_bands=[
                {"up_to_pct": 3, "provider_share_pct": 60}, {"up_to_pct": None, "provider_share_pct": 20}])
            assert {k: full[k] for k in row if k != "actual_cost_pct"} == \
                {k: v for k, v in row.items() if k != "actual_cost_pct"}


@pytest.mark.parametrize("total", ["0.01", "0.05", "1.00", "123456.79", "98765432.11"])
@pytest.mark.parametrize("pct", ["0", "12.5", "33.333", "50", "66.6667", "99.99", "100"])
def test_two_party_split_is_the_largest_remainder(total, pct):
    # settle() splits a slice as penny(slice × share/100): the same as allocate() with ties to the provider.
    with exact():
        provider, commissioner = allocate(D(total), [D(pct), 100 - D(pct)])
        assert penny(D(total) * D(pct) / 100) == provider
        assert D(total) - provider == commissioner
