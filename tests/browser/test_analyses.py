"""The contract-design analyses on the page: the break-even and the payoff curve are there before
Python starts, and follow every edit."""

from __future__ import annotations

import copy

import pytest
from bs4 import BeautifulSoup

from calculators import compute, render
from tests.browser.helpers import default_preset, figures, load_presets, open_calculator, settle

pytestmark = pytest.mark.browser

PRESETS = load_presets()
CALC = "risk-share"


def curve_label(page) -> str:
    labels = page.eval_on_selector_all("[data-charts] canvas", "els => els.map(e => e.getAttribute('aria-label'))")
    return next(label for label in labels if label.startswith("Line chart: What each party gets"))


def test_break_even_and_payoff_are_prerendered(built_site):
    soup = BeautifulSoup((built_site / "calculators" / CALC / "index.html").read_text("utf-8"), "html.parser")
    root = soup.select_one("[data-calculator]")
    result = compute(CALC, PRESETS[root["data-preset"]]["inputs"])
    key = root.select_one('[data-result] .calc-key-figures [data-field="break_even_cost"]')
    assert key is not None and key["data-value"] == (result["break_even_cost"] or "")
    rows = root.select('[data-result] [data-field^="payoff."][data-field$=".provider_margin"]')
    assert [r["data-value"] for r in rows] == [row["provider_margin"] for row in result["payoff"]]
    assert any("What each party gets" in c.get("aria-label", "") for c in root.select("[data-charts] canvas"))


def test_break_even_and_payoff_follow_an_edit(tab, watch, served_site):
    preset_id = default_preset(CALC, PRESETS)
    open_calculator(tab, f"{served_site}calculators/{CALC}/?preset={preset_id}")
    inputs = copy.deepcopy(PRESETS[preset_id]["inputs"])
    before = compute(CALC, inputs)
    typed = "27000000" if str(inputs["contract_value"]) != "27000000" else "28000000"
    tab.fill('[data-form] [name="contract_value"]', typed)
    settle(tab)
    inputs["contract_value"] = typed
    expected = compute(CALC, inputs)
    # A larger contract moves the break-even and the whole curve, so the page must have redrawn both.
    assert expected["break_even_cost"] != before["break_even_cost"] and expected["payoff"] != before["payoff"]
    shown = figures(tab)
    assert shown["break_even_cost"] == (expected["break_even_cost"] or "")
    assert [shown[f"payoff.{i}.provider_margin"] for i in range(21)] == [r["provider_margin"] for r in expected["payoff"]]
    even = render.format_figure("break_even_cost", expected["break_even_cost"])
    tab.wait_for_function("(text) => [...document.querySelectorAll('[data-charts] canvas')]"
                          ".some(c => (c.getAttribute('aria-label') || '').includes(text))", arg=even)
    assert even in curve_label(tab)
    watch.assert_clean()
