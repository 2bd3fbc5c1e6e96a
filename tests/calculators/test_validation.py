"""Bad input: every problem reported at once, each naming its field, what is allowed and what was given."""

import json
import math

import pytest

from calculators import InvalidInput, ValidationError, compute, compute_json

from .conftest import BEDFORDSHIRE_PROJECTION, BEDFORDSHIRE_RISK_SHARE, SALFORD_ALLIANCE


def problems(name, inputs):
    with pytest.raises(ValidationError) as caught:
        compute(name, inputs)
    assert all(isinstance(p, InvalidInput) for p in caught.value.problems)
    return {p.field: p.message for p in caught.value.problems}


class TestProjectionInput:
    def test_every_problem_at_once(self):
        found = problems("projection", {"first_year_value": -5, "years": 31, "uplift_pct": -100,
                                        "efficiency_pct": 100, "population_adjustment": "half", "foo": 1})
        assert found == {
            "foo": 'unknown field "foo"; allowed fields are first_year_value, years, extension_years, uplift_pct,'
                   " efficiency_pct, management_fee_pct, stated_total, incentive_pct_by_year, expected_achievement_pct,"
                   " population_growth_pct, actual_population_growth_pct, population_tolerance_pct,"
                   " population_adjustment, discount_rate_pct, inflation_pct",
            "first_year_value": "must be more than 0, got -5",
            "years": "must be a whole number from 1 to 30, got 31",
            "uplift_pct": "must be more than -100 and at most 100, got -100",
            "efficiency_pct": "must be at least 0 and less than 100, got 100",
            "population_adjustment": 'must be "excess" or "full", got "half"',
        }

    def test_non_numbers_booleans_nan_and_pence(self):
        found = problems("projection", {"first_year_value": "abc", "years": 2.5, "uplift_pct": True,
                                        "inflation_pct": math.nan, "stated_total": "1.005"})
        assert found == {
            "first_year_value": 'must be an amount in pounds, such as 26500000 or "26500000.00", got "abc"',
            "years": "must be a whole number, got 2.5",
            "uplift_pct": "must be a percentage (a number, such as 2.5 for 2.5%), got true",
            "inflation_pct": "must be a percentage (a number, such as 2.5 for 2.5%), got a non-finite number",
            "stated_total": 'must be in pounds and pence (at most 2 decimal places), got "1.005"',
        }

    @pytest.mark.parametrize("value", ["NaN", "Infinity", "-inf", "1,00", "1,0000", ",100", "££5", "5£", "£", "", None, [], {}])
    def test_money_that_is_not_an_amount(self, value):
        found = problems("projection", {**BEDFORDSHIRE_PROJECTION, "first_year_value": value})
        assert list(found) == ["first_year_value"]

    @pytest.mark.parametrize("typed", ["26,500,000", "£26,500,000", "£ 26500000.00", " 26,500,000.00 "])
    def test_money_as_people_type_it(self, typed):
        # GOV.UK's pattern for money inputs: a £ sign and thousands commas are accepted,
        # and the result is the same as for the plain number.
        assert compute("projection", {**BEDFORDSHIRE_PROJECTION, "first_year_value": typed}) == compute(
            "projection", {**BEDFORDSHIRE_PROJECTION, "first_year_value": "26500000"}
        )

    def test_blank_and_null_mean_not_given(self):
        # An empty form field arrives as "" or null: optional fields take their defaults,
        # required ones are reported as required.
        result = compute("projection", {**BEDFORDSHIRE_PROJECTION, "stated_total": "", "uplift_pct": None})
        assert result["reconciliation"] is None and result["rows"][1]["value"] == "26500000.00"
        assert problems("projection", {**BEDFORDSHIRE_PROJECTION, "years": " "}) == {"years": "is required: give a whole number from 1 to 30"}

    def test_too_much_money(self):
        assert problems("projection", {**BEDFORDSHIRE_PROJECTION, "first_year_value": 10 ** 13}) == {
            "first_year_value": "must be at most 1000000000000 (a trillion pounds), got 10000000000000"}

    def test_list_lengths(self):
        found = problems("projection", {"first_year_value": 1, "years": 3,
                                        "actual_population_growth_pct": [1, 2, 3], "incentive_pct_by_year": []})
        assert found == {"actual_population_growth_pct": "must have from 0 to 2 entries, got 3",
                         "incentive_pct_by_year": "must have from 1 to 3 entries, got 0"}

    def test_list_entries_name_their_index(self):
        found = problems("projection", {"first_year_value": 1, "years": 3, "incentive_pct_by_year": [0, 101]})
        assert found == {"incentive_pct_by_year.1": "must be between 0 and 100, got 101"}


class TestRiskShareInput:
    def test_weights_and_shares(self):
        found = problems("risk-share", {
            "contract_value": 100, "upfront_pct": 90, "at_risk_pct": 5, "actual_cost": -1,
            "measures": [{"name": "a", "weight_pct": 50, "achievement_pct": 100},
                         {"name": "b", "weight_pct": 40, "achievement_pct": 100},
                         {"name": "c", "weight_pct": 140, "achievement_pct": 0}]})
        assert found == {
            "actual_cost": "must be at least 0, got -1",
            "at_risk_pct": "the shares paid up front, as a management fee and withheld against outcomes must add up to 100, got 90 + 0 + 5 = 95",
            "measures.2.weight_pct": "must be between 0 and 100, got 140",
        }

    def test_weights_not_summing_to_100(self):
        measures = [{"name": "a", "weight_pct": 50, "achievement_pct": 100},
                    {"name": "b", "weight_pct": 40, "achievement_pct": 100}]
        assert problems("risk-share", {**BEDFORDSHIRE_RISK_SHARE, "measures": measures}) == {
            "measures": "the measures' weights must add up to 100, got 90"}

    def test_bands_out_of_order_and_misplaced_null(self):
        found = problems("risk-share", {
            **BEDFORDSHIRE_RISK_SHARE,
            "gain_bands": [{"up_to_pct": 5, "provider_share_pct": 100}, {"up_to_pct": 3, "provider_share_pct": 50},
                           {"up_to_pct": None, "provider_share_pct": 50}],
            "loss_bands": [{"up_to_pct": None, "provider_share_pct": 100}, {"up_to_pct": 5, "provider_share_pct": 100}]})
        assert found == {
            "gain_bands.1.up_to_pct": "bands must be in order of rising limits: must be more than the previous"
                                      " band's 5, got 3",
            "loss_bands.0.up_to_pct": "only the last band may have no limit; give this band's limit as a"
                                      " percentage of the band base",
            "loss_bands.1.up_to_pct": "the last band must have no limit (leave it blank), so that every amount falls in a"
                                      " band; got 5",
        }

    def test_no_measures_with_money_at_risk(self):
        found = problems("risk-share", {**BEDFORDSHIRE_RISK_SHARE, "measures": [], "band_base": "x"})
        assert found == {"band_base": 'must be "upfront" or "contract_value", got "x"',
                         "at_risk_pct": "must be 0 when there are no outcome measures (give measures to put"
                                        " money at risk), got 2.5"}

    def test_missing_measures_with_money_at_risk(self):
        inputs = {k: v for k, v in BEDFORDSHIRE_RISK_SHARE.items() if k != "measures"}
        assert list(problems("risk-share", inputs)) == ["at_risk_pct"]

    def test_measure_unknown_field_and_achievement(self):
        found = problems("risk-share", {**BEDFORDSHIRE_RISK_SHARE, "measures": [
            {"name": "x", "weight_pct": 100, "achievement_pct": -1, "score": 3}]})
        assert found == {
            "measures.0.score": 'unknown field "score"; allowed fields are name, weight_pct, achievement_pct',
            "measures.0.achievement_pct": "must be between 0 and 100, got -1"}


class TestAllianceInput:
    def test_partner_problems(self):
        found = problems("alliance", {
            "partners": [{"name": "A", "role": "commissioner", "contribution": 10, "budget": 5},
                         {"name": "A", "role": "provider", "budget": 20, "actual_spend": 1}],
            "provider_split": {"fixed": {"B": 50}}})
        assert found == {
            "partners.0.budget": 'unknown field "budget"; allowed fields are name, role, contribution, share_of_pool',
            "partners.1.name": 'repeats the name "A" of an earlier partner; each partner needs its own name',
            "provider_split.fixed.B": "is not the name of a provider; the providers are A",
            "provider_split.fixed.A": 'is missing: give every provider\'s percentage ("A" has none)',
        }

    def test_budgets_beyond_the_pool(self):
        found = problems("alliance", {"partners": [
            {"name": "A", "role": "commissioner", "contribution": 10},
            {"name": "P", "role": "provider", "budget": 20, "actual_spend": 1}]})
        assert found == {"partners": "the provider budgets total 20.00, more than the pool of 10.00;"
                                     " they must not exceed it"}

    def test_fixed_split_not_summing_to_100(self):
        found = problems("alliance", {**SALFORD_ALLIANCE, "provider_split": {"fixed": {"Acute": 50, "Community": 40}}})
        assert found == {"provider_split.fixed": "the providers' percentages must add up to 100, got 90"}

    def test_roles_and_flags(self):
        found = problems("alliance", {"partners": [
            {"name": "A", "role": "boss"}, {"name": "B", "role": "commissioner", "contribution": 1}],
            "risk_share": "yes", "provider_split": "size", "provider_loss_cap_pct": 120})
        assert found == {
            "partners.0.role": 'must be "commissioner" or "provider", got "boss"',
            "risk_share": 'must be true or false, got "yes"',
            "provider_loss_cap_pct": "must be between 0 and 100, got 120",
            "provider_split": 'must be "budget", "equal" or {"fixed": {"<provider name>": <per cent>, ...}},'
                              ' got "size"',
        }

    def test_needs_a_provider(self):
        found = problems("alliance", {"partners": [
            {"name": "A", "role": "commissioner", "contribution": 1},
            {"name": "B", "role": "commissioner", "contribution": 1}]})
        assert found == {"partners": "must include at least one provider"}


class TestNamesAndJson:
    def test_unknown_calculator(self):
        assert problems("payback", {}) == {
            "calculator": 'unknown calculator "payback"; choose one of projection, risk-share, alliance, multi-year'}

    def test_inputs_must_be_an_object(self):
        assert problems("projection", [1, 2]) == {"": "must be an object of named fields, got a list"}

    def test_compute_json_reports_errors_as_json(self):
        answer = json.loads(compute_json("risk-share", json.dumps({**BEDFORDSHIRE_RISK_SHARE, "measures": [
            {"name": "a", "weight_pct": 100, "achievement_pct": 140}]})))
        assert answer == {"ok": False, "errors": [
            {"field": "measures.0.achievement_pct", "message": "must be between 0 and 100, got 140"}]}

    @pytest.mark.parametrize(("text", "message"), [
        ("{", "the inputs are not valid JSON (line 1, column 2)"),
        ("", "the inputs are not valid JSON (line 1, column 1)"),
        (None, "the inputs must be JSON text"),
    ])
    def test_compute_json_on_bad_json(self, text, message):
        assert json.loads(compute_json("projection", text)) == {"ok": False, "errors": [
            {"field": "", "message": message}]}

    def test_compute_json_success(self):
        answer = json.loads(compute_json("projection", json.dumps(BEDFORDSHIRE_PROJECTION)))
        assert answer["ok"] is True and answer["result"]["totals"]["value"] == "135990076.86"

    def test_cli_style_field_names(self):
        assert str(InvalidInput("measures.2.weight_pct", "must be between 0 and 100, got 140")) == \
            "measures[2].weight_pct: must be between 0 and 100, got 140"


def test_rows_left_empty_say_how_many_are_needed():
    """Every row of a calculator that needs rows removed (the form then sends none): the
    message says how many to add, not that a list is wanted."""
    from calculators import CALCULATORS
    for spec in CALCULATORS.values():
        for f in spec.inputs:
            if f.kind in ("rows", "list") and f.required and f.min_items:
                with pytest.raises(ValidationError) as caught:
                    compute(spec.name, {})
                assert f"{f.name}: is required: give at least {f.min_items} entr" in str(caught.value), str(caught.value)
