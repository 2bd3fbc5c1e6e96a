"""The result renderer shared by the build and the browser's worker, and the worker's bridge."""

from __future__ import annotations

from decimal import Decimal

import json

from calculators import CALCULATORS, bridge, compute, render
from tests.browser.helpers import flatten


def test_money_and_percentages_are_formatted_for_reading():
    assert render.format_figure("totals.value", "26844500.00") == "£26,844,500.00"
    assert render.format_figure("provider_share", "-1466875.5") == "\u2212£1,466,875.50"
    assert render.format_figure("outcome_score_pct", "88.5") == "88.5%"
    assert render.format_figure("rows.0.year", 3) == "3"


def test_every_figure_keeps_its_exact_value_and_path():
    result = compute("projection", {"first_year_value": "26500000", "years": 5, "uplift_pct": 1.3, "stated_total": "130000000"})
    html = render.render_result(CALCULATORS["projection"], result)
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
    html = render.render_result(CALCULATORS["alliance"], result)
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "A &amp; B" in html


def test_comparison_shows_each_scenario_and_the_exact_change():
    first = compute("projection", {"first_year_value": "1000", "years": 2})
    second = compute("projection", {"first_year_value": "1000", "years": 3})
    html = render.render_comparison(CALCULATORS["projection"], [{"label": "Scenario 1", "result": first}, {"label": "Current", "result": second}])
    assert 'data-scenario="0" data-field="totals.value" data-value="2000.00"' in html
    assert 'data-scenario="1" data-field="totals.value" data-value="3000.00"' in html
    change = Decimal(second["totals"]["value"]) - Decimal(first["totals"]["value"])
    assert f"+£{change:,.2f}" in html
    assert render.render_comparison(CALCULATORS["projection"], [{"label": "only", "result": first}]) == ""


def test_chart_data_follows_the_result():
    result = compute("risk-share", {
        "contract_value": "1000", "upfront_pct": 95, "management_fee_pct": 2.5, "at_risk_pct": 2.5,
        "measures": [{"name": "m", "weight_pct": 100, "achievement_pct": 50}], "actual_cost": "900",
    })
    chart = next(c for c in render.chart_data(CALCULATORS["risk-share"], result) if "commissioner pays" in c["title"])
    assert chart["unit"] == "£" and len(chart["labels"]) == len(chart["datasets"][0]["data"])
    # A waterfall: from the contract value, less what is withheld and what comes back, to the net cost.
    bars = chart["datasets"][0]["data"]
    assert bars[0] == [0.0, float(flatten(result)["contract_value"])]
    assert bars[-1] == [0.0, float(flatten(result)["commissioner_net_cost"])]
    assert min(bars[-2]) == float(flatten(result)["commissioner_net_cost"])


def test_projection_chart_splits_guaranteed_and_at_risk_with_the_running_total():
    result = compute("projection", {"first_year_value": "1000", "years": 3, "incentive_pct_by_year": [10]})
    [chart] = render.chart_data(CALCULATORS["projection"], result)
    assert chart["stacked"] and [d["label"] for d in chart["datasets"]][:2] == ["Guaranteed", "At risk on outcomes"]
    assert chart["datasets"][-1]["type"] == "line" and chart["datasets"][-1]["data"] == [1000.0, 2000.0, 3000.0]


def test_the_bridge_answers_every_request_the_page_makes():
    for name, spec in CALCULATORS.items():
        for _, inputs in spec.examples.worked:
            answer = json.loads(bridge.handle(json.dumps({"type": "compute", "name": name, "inputs": inputs})))
            assert answer["ok"] and answer["html"] == render.render_result(spec, answer["result"]), name
            assert answer["summary"].startswith("Results updated.")
            csv = json.loads(bridge.handle(json.dumps({"type": "download", "name": name, "format": "csv",
                                                       "inputs": inputs, "result": answer["result"]})))
            assert csv["ok"] and csv["text"].splitlines()[0].startswith(("Year,", "Figure,", "Partner,"))
            sources = json.loads(bridge.handle(json.dumps({"type": "download", "name": name, "format": "inputs-csv",
                                                           "inputs": inputs, "result": answer["result"]})))
            assert sources["ok"] and sources["text"].startswith("Input,Value,Unit,Source,Field\n")


def test_the_bridge_names_each_bad_field_in_words_and_never_raises():
    answer = json.loads(bridge.handle(json.dumps({"type": "compute", "name": "risk-share", "inputs": {
        "contract_value": 100, "upfront_pct": 100, "at_risk_pct": 0, "actual_cost": 1,
        "measures": [{"name": "a", "weight_pct": "x", "achievement_pct": 1}]}})))
    assert not answer["ok"]
    assert {e["field"]: e["label"] for e in answer["errors"]}["measures.0.weight_pct"] == "Outcome measures, measure 1: weight"
    for nonsense in ("", "[]", '{"type": "compute", "name": "payback"}', '{"type": "explode", "name": "alliance"}'):
        assert json.loads(bridge.handle(nonsense))["ok"] is False


def test_no_table_is_drawn_without_rows():
    """A table with nothing to show is left out (the risk share's chance of a loss, when no
    range of costs is given), for every calculator's worked examples."""
    for spec in CALCULATORS.values():
        for name, inputs in spec.examples.worked:
            html = render.render_result(spec, compute(spec.name, inputs))
            assert "<tbody></tbody>" not in html, f"{spec.name} {name}: a table with no rows"
