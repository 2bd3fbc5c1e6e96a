"""No input can crash, stall or fool the engine or the command line: each known reproducer, then fuzzing.

The limits are the package's (calculators.inputs, calculators.spec): at most 60 entries
in a per-year list, 50 measures, 20 bands a side, 50 partners, 100 characters in a name,
15 digits before the decimal point and 10 after, 1 MB of JSON nested at most 10 deep.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators import CALCULATORS, ValidationError, compute, compute_json

from .conftest import BEDFORDSHIRE_PROJECTION, BEDFORDSHIRE_RISK_SHARE, SALFORD_ALLIANCE

#: Each calculator's first declared worked example: the inputs the fuzzing and message tests start from.
BASE = {name: spec.examples.worked[0][1] for name, spec in CALCULATORS.items()}


def problems(name: str, inputs) -> dict:
    with pytest.raises(ValidationError) as caught:
        compute(name, inputs)
    return {p.field: p.message for p in caught.value.problems}


def answer(name: str, text: str) -> dict:
    out = json.loads(compute_json(name, text))
    for error in out.get("errors", []):
        assert "internal error" not in error["message"], error
    return out


class TestRoundingIsExact:
    def test_a_half_penny_from_a_ratio_that_never_ends_rounds_up(self):
        # Year 2's adjustment ("excess", no tolerance) is base × (A/P − 1), with base =
        # 26,500,000 × 1.49 × P, so exactly 26,500,000 × 1.49 × (A − P) = 39,485,000 ×
        # (1.158438 − 0.974695) = 39,485,000 × 0.183743 = 7,255,092.355 (worked by hand and
        # with fractions.Fraction below): half a penny, so half-up gives .36.
        exact = Fraction(26500000) * Fraction("1.49") * (Fraction("1.158438") - Fraction("0.974695"))
        assert exact == Fraction("7255092.355")
        result = compute("projection", {"first_year_value": "26500000", "years": 2, "uplift_pct": 49,
                                        "population_growth_pct": "-2.5305", "actual_population_growth_pct": [15.8438]})
        assert result["rows"][1]["population_adjustment"] == "7255092.36"


class TestNumbersWithinLimits:
    @pytest.mark.parametrize("years", ["1e5000", "1e999999", "1e4000", 10 ** 5000], ids=["1e5000", "1e999999", "1e4000", "5001-digit int"])
    def test_absurd_whole_numbers_are_refused_naming_the_field(self, years):
        found = problems("projection", {**BEDFORDSHIRE_PROJECTION, "years": years})
        assert set(found) == {"years"}
        assert found["years"].startswith("must be a whole number from 1 to 30, got")
        assert len(found["years"]) < 100, "the value is quoted in at most 40 characters"

    def test_json_integers_too_long_for_python_are_refused_at_the_field(self):
        out = answer("projection", '{"first_year_value": ' + "9" * 5000 + ', "years": 1}')
        assert out["errors"] == [{"field": "first_year_value",
                                  "message": "must have at most 15 digits before the decimal point, got "
                                             "9999999999999999999999999999999999999..."}]

    def test_sums_of_100_are_checked_exactly(self):
        tiny = problems("risk-share", {**BEDFORDSHIRE_RISK_SHARE, "upfront_pct": 95, "management_fee_pct": 5,
                                       "at_risk_pct": "1e-30"})
        assert tiny == {"at_risk_pct": 'must have at most 10 digits after the decimal point, got "1e-30"'}
        # Within the limits, one part in ten billion too many is still too many.
        over = problems("risk-share", {**BEDFORDSHIRE_RISK_SHARE, "measures": [
            {"name": "a", "weight_pct": 100, "achievement_pct": 50},
            {"name": "b", "weight_pct": "0.0000000001", "achievement_pct": 50}]})
        assert over == {"measures": "the measures' weights must add up to 100, got 100.0000000001"}

    def test_tiny_percentages_in_many_bands_are_refused_fast_and_small(self):
        bands = [{"up_to_pct": f"1e-{999990 + i}", "provider_share_pct": 50} for i in range(9)]
        out = answer("risk-share", json.dumps({**BEDFORDSHIRE_RISK_SHARE, "gain_bands": bands + [
            {"up_to_pct": None, "provider_share_pct": 50}]}))
        assert not out["ok"] and len(json.dumps(out)) < 5_000
        assert {e["field"] for e in out["errors"]} == {f"gain_bands.{i}.up_to_pct" for i in range(9)}

    def test_lists_beyond_their_limit_are_refused_not_expanded(self):
        longest = {**BEDFORDSHIRE_PROJECTION, "years": 30, "extension_years": 30}
        for name, base, key, limit in (
                ("risk-share", BEDFORDSHIRE_RISK_SHARE, "measures", 50),
                ("risk-share", BEDFORDSHIRE_RISK_SHARE, "gain_bands", 20),
                ("alliance", SALFORD_ALLIANCE, "partners", 50),
                ("projection", longest, "incentive_pct_by_year", 60)):
            entry = base[key][0] if base.get(key) else 0
            found = problems(name, {**base, key: [entry] * (limit + 1)})
            assert found[key].startswith("must have from") and f"to {limit} entries" in found[key], (name, key)

    def test_names_have_a_length_limit(self):
        found = problems("risk-share", {**BEDFORDSHIRE_RISK_SHARE, "measures": [
            {"name": "x" * 101, "weight_pct": 100, "achievement_pct": 50}]})
        assert found == {"measures.0.name": "must be at most 100 characters long, got 101"}

    def test_fixed_split_names_are_trimmed_like_partner_names(self):
        inputs = {**SALFORD_ALLIANCE, "provider_split": {"fixed": {"Acute ": 60, " Community": 40}}}
        result = compute("alliance", inputs)
        assert sum(D(p["share_of_variance"]) for p in result["partners"]) == D(result["variance"])


class TestDocumentsWithinLimits:
    def test_deep_nesting_is_refused_without_recursion_errors(self):
        for depth in (11, 1000, 100_000):
            out = answer("projection", "[" * depth + "]" * depth)
            assert out["errors"] == [{"field": "", "message": "the inputs are nested more than 10 levels deep;"
                                                              " no calculator needs that"}], depth

    def test_more_than_a_megabyte_is_refused_before_parsing(self):
        out = answer("projection", json.dumps({"first_year_value": 1, "years": 1, "pad": " " * 1_000_001}))
        assert out["errors"][0]["message"].startswith("the inputs are larger than 1 MB")


def cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "calculators", *args], input=stdin, capture_output=True,
                          text=True, timeout=60)


class TestCommandLineProblemsAreOneLine:
    @pytest.mark.parametrize("args, line", [
        (["projection", "--format", "xml"], "options: argument --format: invalid choice: 'xml'"),
        (["projection", "--input", "x.json", "--preset", "y"], "options: argument --preset: not allowed with argument --input"),
        (["projection", "--input", "/dev/zero"], "input: the inputs in /dev/zero are larger than 1 MB"),
    ])
    def test_one_line_and_exit_2(self, args, line):
        done = cli(*args)
        assert done.returncode == 2 and done.stdout == ""
        assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith(line), done.stderr
        assert "Traceback" not in done.stderr and "usage:" not in done.stderr

    def test_absurd_years_on_the_command_line(self):
        done = cli("projection", "--input", "-", stdin='{"first_year_value": 1, "years": "1e999999"}')
        assert done.returncode == 2 and done.stderr == 'years: must be a whole number from 1 to 30, got "1e999999"\n'


# -- Fuzzing: every declared field, every list, with values of every kind ---------------------------

JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-10 ** 20, 10 ** 20), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=60), st.sampled_from(["1e999999", "-1e-999999", "£26.5m", "26,500,000", " 7 ", "NaN", "0x10"]),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


@st.composite
def fuzzed(draw, name):
    """The calculator's base inputs with some declared fields (or row fields) replaced by junk."""
    spec = CALCULATORS[name]
    inputs = json.loads(json.dumps(BASE[name]))
    for f in spec.inputs:
        if not draw(st.integers(0, 3)) == 0:
            continue
        if f.kind == "rows" and isinstance(inputs.get(f.name), list) and inputs[f.name] and draw(st.booleans()):
            row = draw(st.integers(0, len(inputs[f.name]) - 1))
            inner = draw(st.sampled_from([g.name for g in f.fields]))
            if isinstance(inputs[f.name][row], dict):
                inputs[f.name][row][inner] = draw(JUNK)
        else:
            inputs[f.name] = draw(JUNK)
    return inputs


def money_identities(name: str, result: dict) -> None:
    if name in ("projection", "multi-year"):
        for key, total in result["totals"].items():
            assert D(total) == sum(D(row[key]) for row in result["rows"]), key
    elif name == "risk-share":
        assert D(result["provider_share"]) + D(result["commissioner_share"]) == D(result["surplus"])
        assert D(result["upfront"]) + D(result["management_fee"]) + D(result["at_risk"]) == D(result["contract_value"])
    else:
        assert sum(D(p["share_of_variance"]) for p in result["partners"]) == D(result["variance"])


@pytest.mark.parametrize("name", CALCULATORS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fuzzed_inputs_always_get_a_clear_answer(name, data):
    inputs = data.draw(fuzzed(name))
    out = json.loads(compute_json(name, json.dumps(inputs, allow_nan=True)))
    if out["ok"]:
        money_identities(name, out["result"])
        return
    declared = set(CALCULATORS[name].input_names)
    for error in out["errors"]:
        assert "internal error" not in error["message"], error
        assert len(error["message"]) < 300, error
        top = error["field"].split(".")[0]
        assert error["field"] == "" or top in declared or top in inputs, error


SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")


@pytest.mark.parametrize("name", CALCULATORS)
@pytest.mark.parametrize("typed", ["abc", "-5", "1e999", "£26.5x", "\u00a3 12,34", "101", ""])
def test_messages_a_reader_sees_name_no_json_field_and_show_what_was_typed(name, typed):
    """What the form can send (every typed field, row fields included) gets words, not internal names.

    Choices and yes/no questions are radio buttons on the page, so only a hand-made link
    or JSON can give them something else; their messages name the JSON values."""
    spec = CALCULATORS[name]
    for f in (i for i in spec.inputs if i.kind not in ("choice", "bool") and i.form):
        inputs = json.loads(json.dumps(BASE[name]))
        if f.kind == "rows" and inputs.get(f.name):
            inner = next(g for g in f.fields if g.kind != "choice")
            inputs[f.name][0][inner.name] = typed
            path = f"{f.name}.0.{inner.name}"
        elif f.kind == "list":
            inputs[f.name], path = [typed], f"{f.name}.0"
        else:
            inputs[f.name], path = typed, f.name
        out = json.loads(compute_json(name, json.dumps(inputs)))
        for error in out.get("errors", []):
            assert not SNAKE.search(error["message"]), error
            assert "\\u" not in error["message"], error
            if typed == "£26.5x" and error["field"] == path and "got" in error["message"]:
                assert "£26.5x" in error["message"], error
