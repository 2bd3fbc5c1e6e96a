"""Hypothesis properties over wide random inputs: the spec's identities hold to the penny for every input.

Each calculator's strategy draws valid inputs across the whole allowed range; the
properties are the rules of docs/calculators/method.md (parts sum to the whole, totals are sums
of rows, the stated identities, caps, monotonicity), and fuzzing checks that no
input, however odd, raises anything but ValidationError.
"""

import json
from decimal import Decimal as D

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from calculators import ValidationError, compute, compute_json

from .conftest import BEDFORDSHIRE_PROJECTION, BEDFORDSHIRE_RISK_SHARE, SALFORD_ALLIANCE

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MONEY_FIELDS = ("base", "population_adjustment", "value", "at_risk", "expected_earned", "guaranteed",
                "expected_payment", "management_fee", "present_value")


def decimals(low, high, places=2):
    return st.decimals(min_value=D(low), max_value=D(high), places=places, allow_nan=False, allow_infinity=False)


money = decimals("0.01", "1000000000")
pct = decimals(0, 100)


def weights_summing_to_100(draw, n):
    """``n`` whole-number weights summing to 100 (cut points on 0..100)."""
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=n - 1, max_size=n - 1)))
    edges = [0, *cuts, 100]
    return [edges[i + 1] - edges[i] for i in range(n)]


@st.composite
def projection_inputs(draw):
    years, extension = draw(st.integers(1, 30)), draw(st.integers(0, 5))
    total = years + extension
    inputs = {
        "first_year_value": str(draw(money)), "years": years, "extension_years": extension,
        "uplift_pct": str(draw(decimals(-50, 50, 3))), "efficiency_pct": str(draw(decimals(0, 20))),
        "population_growth_pct": str(draw(decimals(-5, 5))), "population_tolerance_pct": str(draw(decimals(0, 3))),
        "population_adjustment": draw(st.sampled_from(["excess", "full"])),
        "incentive_pct_by_year": [str(x) for x in draw(st.lists(pct, min_size=1, max_size=total))],
        "expected_achievement_pct": str(draw(pct)), "management_fee_pct": str(draw(decimals(0, 10))),
        "discount_rate_pct": str(draw(decimals(-5, 15))), "inflation_pct": str(draw(decimals(-5, 15))),
    }
    if draw(st.booleans()):
        inputs["actual_population_growth_pct"] = [str(x) for x in draw(
            st.lists(decimals(-10, 10), max_size=total - 1))]
    if draw(st.booleans()):
        inputs["stated_total"] = str(draw(money))
    return inputs


@st.composite
def bands(draw):
    limits = sorted(set(draw(st.lists(decimals("0.01", 200), max_size=3))))
    return [{"up_to_pct": str(limit) if limit is not None else None, "provider_share_pct": str(draw(pct))}
            for limit in [*limits, None]]


@st.composite
def risk_share_inputs(draw):
    value = draw(money)
    fee, at_risk = draw(decimals(0, 10)), draw(decimals(0, 20))
    n = draw(st.integers(1 if at_risk else 0, 5))
    inputs = {
        "contract_value": str(value), "upfront_pct": str(100 - fee - at_risk), "management_fee_pct": str(fee),
        "at_risk_pct": str(at_risk), "risk_applied_pct": str(draw(pct)),
        "measures": [{"name": f"m{i}", "weight_pct": w, "achievement_pct": str(draw(pct))}
                     for i, w in enumerate(weights_summing_to_100(draw, n) if n else [])],
        "actual_cost": str(draw(decimals(0, value * 2))),
        "band_base": draw(st.sampled_from(["upfront", "contract_value"])),
        "gain_bands": draw(bands()), "loss_bands": draw(bands()),
    }
    for cap in ("provider_gain_cap", "provider_loss_cap"):
        if draw(st.booleans()):
            inputs[cap] = str(draw(decimals(0, value)))
    return inputs


@st.composite
def alliance_inputs(draw):
    budgets = draw(st.lists(decimals(1, 100000000), min_size=1, max_size=4))
    providers = [{"name": f"P{i}", "role": "provider", "budget": str(b),
                  "actual_spend": str(draw(decimals(0, b * 2)))} for i, b in enumerate(budgets)]
    pool = sum(budgets) + draw(decimals(0, 10000000))
    parts = draw(st.lists(st.integers(1, 5), min_size=1, max_size=3))
    inputs = {"risk_share": draw(st.booleans()), "commissioner_gain_pct": str(draw(pct)),
              "commissioner_loss_pct": str(draw(pct))}
    if draw(st.booleans()):
        inputs["pool"] = str(pool)
        commissioners = [{"name": f"C{i}", "role": "commissioner", "share_of_pool": p} for i, p in enumerate(parts)]
    else:  # contributions given directly: split the pool by hand, the last one taking the rest
        shares = [(pool * p / sum(parts)).quantize(D("0.01")) for p in parts[:-1]]
        shares.append(pool - sum(shares))
        assume(all(s > 0 for s in shares))
        commissioners = [{"name": f"C{i}", "role": "commissioner", "contribution": str(s)}
                         for i, s in enumerate(shares)]
    inputs["partners"] = draw(st.permutations(commissioners + providers))
    split = draw(st.sampled_from(["budget", "equal", "fixed"]))
    if split == "fixed":
        fixed = weights_summing_to_100(draw, len(providers))
        inputs["provider_split"] = {"fixed": {p["name"]: w for p, w in zip(providers, fixed)}}
    else:
        inputs["provider_split"] = split
    if draw(st.booleans()):
        inputs["provider_loss_cap_pct"] = str(draw(pct))
    return inputs


def d(text):
    return D(text)


class TestProjectionProperties:
    @FAST
    @given(projection_inputs())
    def test_rows_add_up_and_totals_are_sums_of_rows(self, inputs):
        result = compute("projection", inputs)
        rows = result["rows"]
        assert len(rows) == inputs["years"] + inputs["extension_years"]
        assert sum(row["in_extension"] for row in rows) == inputs["extension_years"]
        for row in rows:
            assert d(row["value"]) == d(row["base"]) + d(row["population_adjustment"])
            assert d(row["at_risk"]) + d(row["guaranteed"]) == d(row["value"])
            assert d(row["guaranteed"]) + d(row["expected_earned"]) == d(row["expected_payment"])
            assert D(0) <= d(row["expected_earned"]) <= d(row["at_risk"]) <= d(row["value"])
        for field in MONEY_FIELDS:
            assert d(result["totals"][field]) == sum(d(row[field]) for row in rows)
        if "stated_total" in inputs:
            rec = result["reconciliation"]
            assert d(rec["difference"]) == d(result["totals"]["value"]) - d(inputs["stated_total"])

    @FAST
    @given(projection_inputs(), pct, pct)
    def test_higher_achievement_never_lowers_the_payment(self, inputs, a, b):
        low, high = sorted([a, b])
        lower = compute("projection", {**inputs, "expected_achievement_pct": str(low)})
        higher = compute("projection", {**inputs, "expected_achievement_pct": str(high)})
        for row_low, row_high in zip(lower["rows"], higher["rows"]):
            assert d(row_low["expected_payment"]) <= d(row_high["expected_payment"])


class TestRiskShareProperties:
    @FAST
    @given(risk_share_inputs())
    def test_parts_sum_and_identities_hold(self, inputs):
        r = compute("risk-share", inputs)
        assert d(r["upfront"]) + d(r["management_fee"]) + d(r["at_risk"]) == d(inputs["contract_value"])
        assert d(r["at_risk_earned"]) + d(r["at_risk_withheld"]) == d(r["at_risk"])
        assert D(0) <= d(r["at_risk_earned"]) <= d(r["at_risk"])
        assert d(r["surplus"]) == d(r["upfront"]) - d(inputs["actual_cost"])
        for band in r["bands"]:
            assert d(band["provider_part"]) + d(band["commissioner_part"]) == d(band["slice"])
        assert sum(d(b["slice"]) for b in r["bands"]) == d(r["surplus"])
        assert sum(d(b["provider_part"]) for b in r["bands"]) == d(r["provider_share_before_cap"])
        assert d(r["provider_share"]) + d(r["commissioner_share"]) == d(r["surplus"])
        assert d(r["commissioner_net_cost"]) == \
            d(inputs["contract_value"]) - d(r["at_risk_withheld"]) - d(r["commissioner_share"])
        assert d(r["provider_margin"]) == d(r["commissioner_net_cost"]) - d(inputs["actual_cost"])

    @FAST
    @given(risk_share_inputs())
    def test_caps_and_signs_hold(self, inputs):
        r = compute("risk-share", inputs)
        surplus, provider, commissioner = d(r["surplus"]), d(r["provider_share"]), d(r["commissioner_share"])
        if surplus >= 0:
            assert provider >= 0 and commissioner >= 0
            if "provider_gain_cap" in inputs:
                assert provider <= d(inputs["provider_gain_cap"])
        else:
            assert provider <= 0 and commissioner <= 0
            if "provider_loss_cap" in inputs:
                assert -provider <= d(inputs["provider_loss_cap"])

    @FAST
    @given(risk_share_inputs(), decimals(0, 100000000))
    def test_more_cost_never_raises_the_providers_margin(self, inputs, extra):
        more = {**inputs, "actual_cost": str(d(inputs["actual_cost"]) + extra)}
        before, after = compute("risk-share", inputs), compute("risk-share", more)
        assert d(after["provider_margin"]) <= d(before["provider_margin"])
        assert d(after["provider_share"]) <= d(before["provider_share"])

    @FAST
    @given(risk_share_inputs(), st.data())
    def test_higher_achievement_never_lowers_the_payment(self, inputs, data):
        assume(inputs["measures"])
        i = data.draw(st.integers(0, len(inputs["measures"]) - 1))
        better = [dict(m) for m in inputs["measures"]]
        better[i]["achievement_pct"] = str(data.draw(decimals(better[i]["achievement_pct"], 100)))
        before, after = compute("risk-share", inputs), compute("risk-share", {**inputs, "measures": better})
        assert d(after["at_risk_earned"]) >= d(before["at_risk_earned"])
        assert d(after["commissioner_net_cost"]) >= d(before["commissioner_net_cost"])
        assert d(after["provider_margin"]) >= d(before["provider_margin"])


class TestAllianceProperties:
    @FAST
    @given(alliance_inputs())
    def test_shares_sum_to_the_variance(self, inputs):
        r = compute("alliance", inputs)
        partners = r["partners"]
        assert d(r["pool"]) == sum(d(p["contribution"]) for p in partners)
        assert d(r["variance"]) == d(r["total_budget"]) - d(r["total_spend"])
        assert d(r["unallocated"]) == d(r["pool"]) - d(r["total_budget"]) >= 0
        assert sum(d(p["share_of_variance"]) for p in partners) == d(r["variance"])
        assert d(r["commissioners_part"]) + d(r["providers_part"]) == d(r["variance"])
        assert sum(d(p["settlement"]) for p in partners) == 0
        if "pool" in inputs:
            assert d(r["pool"]) == d(inputs["pool"])

    @FAST
    @given(alliance_inputs())
    def test_caps_signs_and_no_risk_share(self, inputs):
        r = compute("alliance", inputs)
        variance = d(r["variance"])
        for p in r["partners"]:
            share = d(p["share_of_variance"])
            assert share * variance >= 0  # nobody gains from an overspend or loses from an underspend
            if p["role"] == "provider":
                if not inputs["risk_share"]:
                    assert share == 0
                if "provider_loss_cap_pct" in inputs:
                    limit = (d(p["budget"]) * d(inputs["provider_loss_cap_pct"]) / 100).quantize(D("0.01"))
                    assert -share <= limit


JSON_LIKE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
VALID = {"projection": BEDFORDSHIRE_PROJECTION, "risk-share": BEDFORDSHIRE_RISK_SHARE, "alliance": SALFORD_ALLIANCE,
         "multi-year": {**BEDFORDSHIRE_PROJECTION, **{k: v for k, v in BEDFORDSHIRE_RISK_SHARE.items()
                                                      if k not in ("contract_value", "actual_cost")},
                        "risk_applied_pct_by_year": [0, 100], "actual_cost_first_year": 24000000,
                        "uncertainty": {"trials": 100, "actual_cost": {"low_pct": 90, "mode_pct": 100,
                                                                       "high_pct": 110}}}}


def paths(value, prefix=()):
    """Every path into a JSON-like value (as tuples of keys and indexes)."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, (*prefix, index))


def replaced(value, path, new):
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = replaced(value[path[0]], path[1:], new)
    return copy


class TestOnlyValidationErrors:
    @settings(max_examples=200, deadline=None)
    @given(st.sampled_from(sorted(VALID)), JSON_LIKE)
    def test_arbitrary_json(self, name, inputs):
        try:
            compute(name, inputs)
        except ValidationError as error:
            assert error.problems

    @settings(max_examples=400, deadline=None)
    @given(st.sampled_from(sorted(VALID)), st.data(), JSON_LIKE)
    def test_valid_inputs_with_one_part_replaced(self, name, data, new):
        path = data.draw(st.sampled_from(list(paths(VALID[name]))[1:]))
        inputs = replaced(VALID[name], path, new)
        try:
            compute(name, inputs)
        except ValidationError as error:
            assert all(p.field is not None and p.message for p in error.problems)
        answer = json.loads(compute_json(name, json.dumps(inputs)))
        assert answer["ok"] in (True, False)
        if not answer["ok"]:
            assert "internal error" not in json.dumps(answer)

    @settings(max_examples=100, deadline=None)
    @given(st.text(max_size=30))
    def test_compute_json_never_raises(self, text):
        answer = json.loads(compute_json("projection", text))
        assert answer["ok"] in (True, False)


# -- Contract-design analyses: whole-amount bands, score scaling, % caps, break-even, multi-year, uncertainty --


@st.composite
def design_inputs(draw, mode=None):
    """Risk-share inputs with the contract-design options drawn too."""
    inputs = draw(risk_share_inputs())
    inputs["band_mode"] = mode or draw(st.sampled_from(["marginal", "whole"]))
    if inputs["measures"]:
        inputs["gain_share_scaled_by_score"] = draw(st.booleans())
    for cap in ("provider_gain_cap_pct", "provider_loss_cap_pct"):
        if draw(st.booleans()):
            inputs[cap] = str(draw(decimals(0, 20)))
    return inputs


@st.composite
def multi_year_inputs(draw):
    one = draw(design_inputs())
    years, extension = draw(st.integers(1, 6)), draw(st.integers(0, 2))
    total = years + extension
    inputs = {k: v for k, v in one.items() if k not in ("contract_value", "actual_cost", "risk_applied_pct")}
    inputs.update({
        "first_year_value": one["contract_value"], "years": years, "extension_years": extension,
        "uplift_pct": str(draw(decimals(-10, 10))), "discount_rate_pct": str(draw(decimals(0, 10))),
        "inflation_pct": str(draw(decimals(0, 5))),
        "risk_applied_pct_by_year": [str(x) for x in draw(st.lists(pct, min_size=1, max_size=total))],
    })
    if draw(st.booleans()):
        inputs["outcome_score_pct_by_year"] = [str(x) for x in draw(st.lists(pct, min_size=1, max_size=total))]
    if draw(st.booleans()):
        inputs["actual_cost_by_year"] = [str(draw(decimals(0, d(one["contract_value"]) * 2))) for _ in range(total)]
    else:
        inputs["actual_cost_first_year"] = one["actual_cost"]
        inputs["cost_growth_pct"] = str(draw(decimals(-20, 20)))
    return inputs


ROW_FIGURES = ("contract_value", "actual_cost", "upfront", "management_fee", "at_risk", "at_risk_earned",
               "at_risk_withheld", "surplus", "provider_share", "commissioner_share", "commissioner_net_cost",
               "provider_margin", "outcome_score_pct", "risk_applied_pct")


class TestContractDesignProperties:
    @FAST
    @given(design_inputs(), st.data())
    def test_identities_hold_in_every_mode(self, inputs, data):
        r = compute("risk-share", inputs)
        assert sum(d(b["slice"]) for b in r["bands"]) == d(r["surplus"])
        assert d(r["provider_share"]) + d(r["commissioner_share"]) == d(r["surplus"])
        assert d(r["provider_margin"]) == d(r["commissioner_net_cost"]) - d(inputs["actual_cost"])
        if inputs["band_mode"] == "whole":
            assert len(r["bands"]) == 1
        for cap, side in (("provider_gain_cap_pct", 1), ("provider_loss_cap_pct", -1)):
            if cap in inputs and d(r["surplus"]) * side >= 0 and d(r["surplus"]):
                limit = (d(inputs["contract_value"]) * d(inputs[cap]) / 100).quantize(D("0.01"))
                assert abs(d(r["provider_share"])) <= limit

    @FAST
    @given(design_inputs(mode="marginal"), decimals(0, 100000000))
    def test_marginal_mode_more_cost_never_raises_the_margin(self, inputs, extra):
        more = {**inputs, "actual_cost": str(d(inputs["actual_cost"]) + extra)}
        assert d(compute("risk-share", more)["provider_margin"]) <= d(compute("risk-share", inputs)["provider_margin"])

    @FAST
    @given(design_inputs())
    def test_break_even_is_the_first_penny_at_or_below_zero(self, inputs):
        r = compute("risk-share", inputs)
        upfront, even = d(r["upfront"]), r["break_even_cost"]

        def margin(cost):
            return d(compute("risk-share", {**inputs, "actual_cost": str(cost)})["provider_margin"])

        if even is None:
            assert margin(upfront + 10 * d(inputs["contract_value"])) > 0
            assert margin(upfront) > 0
        else:
            assert d(even) >= upfront and margin(d(even)) <= 0
            if d(even) > upfront:
                assert margin(d(even) - D("0.01")) > 0

    @FAST
    @given(design_inputs())
    def test_payoff_rows_are_the_full_calculation(self, inputs):
        r = compute("risk-share", inputs)
        assert [row["actual_cost_pct"] for row in r["payoff"]] == [str(p) for p in range(80, 121, 2)]
        row = r["payoff"][hash(inputs["contract_value"]) % 21]
        full = compute("risk-share", {**inputs, "actual_cost": row["actual_cost"]})
        assert all(full[k] == v for k, v in row.items() if k != "actual_cost_pct")


class TestMultiYearProperties:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(multi_year_inputs())
    def test_rows_are_the_one_year_calculation_and_totals_their_sums(self, inputs):
        r = compute("multi-year", inputs)
        rows = r["rows"]
        assert len(rows) == inputs["years"] + inputs["extension_years"]
        terms = {k: v for k, v in inputs.items() if k in (
            "upfront_pct", "management_fee_pct", "at_risk_pct", "measures", "band_base", "gain_bands", "loss_bands",
            "band_mode", "gain_share_scaled_by_score", "provider_gain_cap", "provider_loss_cap",
            "provider_gain_cap_pct", "provider_loss_cap_pct")}
        applied, scores = inputs["risk_applied_pct_by_year"], inputs.get("outcome_score_pct_by_year")
        net = margin = D(0)
        for year, row in enumerate(rows, start=1):
            one = {**terms, "contract_value": row["contract_value"], "actual_cost": row["actual_cost"],
                   "risk_applied_pct": applied[min(year, len(applied)) - 1]}
            if scores:
                one["outcome_score_pct"] = scores[min(year, len(scores)) - 1]
            single = compute("risk-share", one)
            assert {k: row[k] for k in ROW_FIGURES} == {k: single[k] for k in ROW_FIGURES}
            net, margin = net + d(row["commissioner_net_cost"]), margin + d(row["provider_margin"])
            assert (d(row["cumulative_commissioner_net_cost"]), d(row["cumulative_provider_margin"])) == (net, margin)
        for field, total in r["totals"].items():
            assert d(total) == sum(d(row[field]) for row in rows)


@st.composite
def ranges(draw):
    low, mode, high = sorted(draw(st.lists(decimals(50, 150), min_size=3, max_size=3)))
    u = {"trials": draw(st.integers(100, 300)), "seed": draw(st.integers(0, 2**40)),
         "actual_cost": {"low_pct": str(low), "mode_pct": str(mode), "high_pct": str(high)}}
    if draw(st.booleans()):
        a, b, c = sorted(draw(st.lists(pct, min_size=3, max_size=3)))
        u["outcome_score"] = {"low": str(a), "mode": str(b), "high": str(c)}
    return u


class TestUncertaintyProperties:
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.one_of(design_inputs().map(lambda i: ("risk-share", i)),
                     multi_year_inputs().map(lambda i: ("multi-year", i))), ranges())
    def test_percentiles_ordered_and_every_trial_in_the_histogram(self, case, u):
        name, inputs = case
        r = compute(name, {**inputs, "uncertainty": u})["uncertainty"]
        assert r["trials"] == u["trials"]
        for figure in ("provider_margin", "commissioner_net_cost"):
            s = r[figure]
            assert d(s["p5"]) <= d(s["p50"]) <= d(s["p95"])
        bins = r["histogram"]
        assert len(bins) == 20 and sum(b["count"] for b in bins) == u["trials"]
        assert all(d(b["from"]) <= d(b["to"]) for b in bins)
        assert all(bins[i]["to"] == bins[i + 1]["from"] for i in range(19))
        assert d(bins[0]["from"]) <= d(r["provider_margin"]["p5"]) and d(r["provider_margin"]["p95"]) <= d(bins[-1]["to"])
        assert D(0) <= d(r["p_provider_loss_pct"]) <= 100
