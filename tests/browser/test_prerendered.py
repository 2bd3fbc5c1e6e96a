"""The result written into each calculator page at build time (no browser needed).

With JavaScript off, or before Python has loaded in the browser, a reader sees this
result; it must be exactly what the command line gives for the page's default preset,
and the form must show that preset's inputs.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from macros import calculator_pages
from tests.browser.helpers import load_presets, CALCULATORS, assert_figures_match

HEADLINE = {
    "projection": ("totals.value", "rows.0.value", "totals.present_value"),
    "risk-share": ("provider_share", "commissioner_share", "commissioner_net_cost"),
    "alliance": ("pool", "variance"),
    "multi-year": ("totals.commissioner_net_cost", "rows.0.provider_margin", "uncertainty.provider_margin.p50"),
}


def _page(built_site, calc: str) -> BeautifulSoup:
    return BeautifulSoup((built_site / "calculators" / calc / "index.html").read_text(encoding="utf-8"), "html.parser")


def _cli(calc: str, preset: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "calculators", calc, "--preset", preset, "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


@pytest.mark.parametrize("calc", CALCULATORS)
def test_prerendered_figures_equal_the_command_line(built_site, calc):
    soup = _page(built_site, calc)
    root = soup.select_one(f'[data-calculator="{calc}"]')
    assert root is not None and root["data-state"] == "static"
    preset = root["data-preset"]
    assert preset == calculator_pages.default_preset(calc, load_presets())
    shown = {el["data-field"]: el["data-value"] for el in root.select("[data-result] [data-field]")}
    assert_figures_match(shown, _cli(calc, preset), HEADLINE[calc])


def _objects_field_by_field(inputs: dict, prefix: str = ""):
    """An object input (``uncertainty``) as the form shows it: one field per dotted path."""
    for key, value in inputs.items():
        if isinstance(value, dict):
            yield from _objects_field_by_field(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


@pytest.mark.parametrize("calc", CALCULATORS)
def test_form_shows_the_default_presets_inputs(built_site, calc):
    root = _page(built_site, calc).select_one("[data-calculator]")
    inputs = load_presets()[root["data-preset"]]["inputs"]
    values = {}
    for el in root.select("[data-form] input[name]"):
        if el.get("type") == "radio" and not el.has_attr("checked"):
            continue
        values[el["name"]] = el.get("value", "")
    inputs = dict(_objects_field_by_field(inputs))
    for key, value in inputs.items():
        items = value if isinstance(value, list) else None
        if items is None:
            assert values[key] == (json.dumps(value) if isinstance(value, bool) else str(value)), key
            continue
        for i, item in enumerate(items):
            if isinstance(item, dict):
                for sub, v in item.items():
                    assert values[f"{key}.{i}.{sub}"] == ("" if v is None else str(v)), f"{key}.{i}.{sub}"
            else:
                assert values[f"{key}.{i}"] == str(item), f"{key}.{i}"


@pytest.mark.parametrize("calc", CALCULATORS)
def test_every_input_is_labelled_and_follows_the_form_pattern(built_site, calc):
    root = _page(built_site, calc).select_one("[data-calculator]")
    for el in root.select("[data-form] input[name]"):
        if el.get("type") == "radio":
            assert root.select_one(f'label[for="{el["id"]}"]'), el["name"]
            continue
        label = root.select_one(f'label[for="{el["id"]}"]')
        assert label and label.get_text(strip=True), f"{el['name']} has no visible label"
        assert el.get("type") == "text" and el.get("inputmode") in ("decimal", "numeric", "text"), el["name"]
    for described in root.select("[aria-describedby]"):
        for ref in described["aria-describedby"].split():
            assert root.select_one(f"#{ref}"), f"aria-describedby points at missing #{ref}"


def test_every_preset_has_inputs_the_form_can_show():
    presets = load_presets()
    for preset_id, preset in presets.items():
        calculator_pages.check_preset_fields(preset["calculator"], preset_id, preset["inputs"])


def test_presets_are_embedded_for_the_presets_menu(built_site):
    presets = load_presets()
    for calc in CALCULATORS:
        root = _page(built_site, calc).select_one("[data-calculator]")
        embedded = json.loads(root["data-presets"])
        mine = {pid for pid, p in presets.items() if p["calculator"] == calc}
        assert set(embedded) == mine
        for pid in mine:
            assert embedded[pid]["inputs"] == presets[pid]["inputs"]
            assert embedded[pid]["marks"] == presets[pid].get("marks")
