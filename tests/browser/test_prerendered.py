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

from calculators import CALCULATORS as REGISTRY, render
from macros.render import calculator_pages
from tests.browser.helpers import CALCULATORS, HEADLINE, assert_figures_match, default_preset, load_presets


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
    assert preset == default_preset(calc, load_presets())
    shown = {el["data-field"]: el["data-value"] for el in root.select("[data-result] [data-field]")}
    assert_figures_match(shown, _cli(calc, preset), HEADLINE[calc])


@pytest.mark.parametrize("calc", CALCULATORS)
def test_form_shows_the_default_presets_inputs(built_site, calc):
    root = _page(built_site, calc).select_one("[data-calculator]")
    inputs = load_presets()[root["data-preset"]]["inputs"]
    values = {}
    for el in root.select("[data-form] input[name]"):
        if el.get("type") == "radio" and not el.has_attr("checked"):
            continue
        values[el["name"]] = el.get("value", "")
    # Every value the preset gives, lists and objects included, is in the box named by its path.
    for path, value in flatten(inputs).items():
        shown = values[path]
        assert shown == ("" if value is None else json.dumps(value) if isinstance(value, bool) else str(value)), path


def flatten(value, path=""):
    """``{"a": [{"b": 1}]}`` → ``{"a.0.b": 1}``: the inputs by the form's field names."""
    if isinstance(value, dict):
        return {k: v for key, item in value.items() for k, v in flatten(item, f"{path}.{key}" if path else key).items()}
    if isinstance(value, list):
        return {k: v for i, item in enumerate(value) for k, v in flatten(item, f"{path}.{i}").items()}
    return {path: value}


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
            # The preset's own marks, plus "assumed" for each declared default it leaves in place.
            spec = REGISTRY[calc]
            assumed = spec.assumed_marks(presets[pid]["inputs"])
            assert embedded[pid]["marks"] == render.with_text({**assumed, **presets[pid].get("marks")})
            assert all(embedded[pid]["marks"][name]["text"].startswith("Assumed: ") for name in assumed)
