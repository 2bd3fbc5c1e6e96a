"""The result renderer shared by the build and the browser's worker (no browser needed)."""

from __future__ import annotations

from decimal import Decimal

from calculators import compute
from macros import calculator_render as render
from tests.browser.helpers import flatten


def test_money_and_percentages_are_formatted_for_reading():
    assert render.format_figure("totals.value", "26844500.00") == "£26,844,500.00"
    assert render.format_figure("provider_share", "-1466875.5") == "\u2212£1,466,875.50"
    assert render.format_figure("outcome_score_pct", "88.5") == "88.5%"
    assert render.format_figure("rows.0.year", 3) == "3"


def test_every_figure_keeps_its_exact_value_and_path():
    result = compute("projection", {"first_year_value": "26500000", "years": 5, "uplift_pct": 1.3, "stated_total": "130000000"})
    html = render.render_result("projection", result)
    assert 'data-field="totals.value" data-value="135990076.86"' in html
    assert 'data-field="rows.4.value" data-value="27905104.64"' in html
    assert 'data-field="reconciliation.difference" data-value="5990076.86"' in html


def test_text_typed_by_a_reader_is_escaped():
    result = compute(
        "alliance",
        {
            "partners": [
                {"name": "<img src=x onerror=alert(1)>", "role": "commissioner", "contribution": "100"},
                {"name": "A & B", "role": "provider", "budget": "100", "actual_spend": "90"},
            ]
        },
    )
    html = render.render_result("alliance", result)
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "A &amp; B" in html


def test_comparison_shows_each_scenario_and_the_exact_change():
    first = compute("projection", {"first_year_value": "1000", "years": 2})
    second = compute("projection", {"first_year_value": "1000", "years": 3})
    html = render.render_comparison("projection", [{"label": "Scenario 1", "result": first}, {"label": "Current", "result": second}])
    assert 'data-scenario="0" data-field="totals.value" data-value="2000.00"' in html
    assert 'data-scenario="1" data-field="totals.value" data-value="3000.00"' in html
    change = Decimal(second["totals"]["value"]) - Decimal(first["totals"]["value"])
    assert f"+£{change:,.2f}" in html
    assert render.render_comparison("projection", [{"label": "only", "result": first}]) == ""


def test_chart_data_follows_the_result():
    result = compute("risk-share", {
        "contract_value": "1000", "upfront_pct": 95, "management_fee_pct": 2.5, "at_risk_pct": 2.5,
        "measures": [{"name": "m", "weight_pct": 100, "achievement_pct": 50}], "actual_cost": "900",
    })
    chart = render.chart_data("risk-share", result)
    assert len(chart["labels"]) == len(chart["datasets"][0]["data"]) == 21
    # The payoff curve: the contract-holder's margin at 80% of the up-front sum first.
    assert chart["type"] == "line"
    assert chart["datasets"][0]["data"][0] == float(flatten(result)["payoff.0.provider_margin"])
    assert "break-even £987.50" in chart["title"] and "this year's cost £900.00" in chart["title"]


def test_multi_year_chart_is_by_year():
    from tests.calculators.test_multi_year import FIVE_YEARS

    result = compute("multi-year", FIVE_YEARS)
    chart = render.chart_data("multi-year", result)
    assert chart["labels"] == [f"Year {y}" for y in range(1, 6)]
    assert chart["datasets"][1]["data"] == [float(row["provider_margin"]) for row in result["rows"]]
