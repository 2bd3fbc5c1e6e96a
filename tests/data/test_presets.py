"""Presets: every required one exists, facts resolve, money stays exact, marks say what is assumed."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from macros import data as site_data
from macros import export_presets
from macros.data import presets

REQUIRED = {
    "bedfordshire-projection": "projection",
    "bedfordshire-risk-share": "risk-share",
    "cambridgeshire-projection": "projection",
    "staffordshire-projection": "projection",
    "salford-alliance": "alliance",
    "lambeth-alliance": "alliance",
}


@pytest.fixture(scope="module")
def exported():
    return json.loads(export_presets.render())


def test_every_required_preset_is_exported_in_the_agreed_shape(exported):
    assert {pid: p["calculator"] for pid, p in exported.items() if pid in REQUIRED} == REQUIRED
    for preset_id, preset in exported.items():
        assert set(preset) == {"calculator", "case_study", "title", "inputs", "marks"}, preset_id
        assert preset_id.startswith(preset["case_study"] + "-")


def test_every_input_is_marked_reported_with_a_source_or_illustrative_with_a_reason(exported):
    for preset_id, preset in exported.items():
        for field in preset["inputs"]:
            assert field in preset["marks"], f"{preset_id}: input {field} has no mark"
        for field, mark in preset["marks"].items():
            if mark["basis"] == "reported":
                assert mark["source"].startswith("Addicott 2014, p"), (preset_id, field, mark)
            else:
                assert mark["basis"] == "illustrative" and len(mark["note"]) > 20, (preset_id, field, mark)


def test_money_is_written_as_decimal_strings(exported):
    bedfordshire = exported["bedfordshire-projection"]["inputs"]
    assert bedfordshire["first_year_value"] == "26500000"
    assert bedfordshire["stated_total"] == "130000000"
    assert exported["bedfordshire-risk-share"]["inputs"]["actual_cost"] == "23500000"
    for partner in exported["lambeth-alliance"]["inputs"]["partners"]:
        for key in ("contribution", "budget", "actual_spend"):
            assert key not in partner or isinstance(partner[key], str)


def test_reported_values_come_from_the_case_study_files(exported):
    data = site_data.load()
    bedfordshire = data.case_studies["bedfordshire"]
    assert exported["bedfordshire-projection"]["inputs"]["uplift_pct"] == bedfordshire.payment.terms["annual-uplift"].percent
    cambridgeshire = exported["cambridgeshire-projection"]["inputs"]
    assert cambridgeshire["incentive_pct_by_year"] == [0, 10, 10, 15, 15]
    # the £800m is stated for the five-year core term; the two-year option is not projected
    assert (cambridgeshire["years"], cambridgeshire.get("extension_years", 0)) == (5, 0)
    assert cambridgeshire["stated_total"] == "800000000"
    names = [m["name"] for m in exported["bedfordshire-risk-share"]["inputs"]["measures"]]
    assert names == [m.name for m in bedfordshire.outcomes.measures]


def test_salford_contributions_are_two_thirds_and_one_third_of_the_pool_to_the_penny(exported):
    partners = exported["salford-alliance"]["inputs"]["partners"]
    contributions = [p["contribution"] for p in partners if p["role"] == "commissioner"]
    assert contributions == ["65333333.33", "32666666.67"]  # the method page's worked example
    assert sum(Decimal(c) for c in contributions) == Decimal("98000000")


def test_bedfordshire_risk_share_reproduces_the_specs_worked_example(exported):
    calculators = pytest.importorskip("calculators")
    result = calculators.compute("risk-share", exported["bedfordshire-risk-share"]["inputs"])
    # The method page: provider keeps 1,258,750 + 208,125; the CCG gets 208,125.
    assert result["provider_share"] == "1466875.00"
    assert result["commissioner_share"] == "208125.00"


def test_export_writes_the_file_the_engine_reads(tmp_path):
    output = export_presets.write(tmp_path / "presets.json")
    assert json.loads(output.read_text(encoding="utf-8")) == presets.export(site_data.load())
