"""Provenance travels with the link; alliance rows follow their role; scenarios are
named, compared input by input, kept across reloads and shared by link.

Presets and calculators come from the presets file and the registry, so a new
preset or calculator is covered without editing these tests.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from calculators import CALCULATORS, compute, render
from macros.render.calculator_pages import source_entries
from tests.browser.helpers import default_preset
from tests.browser.conftest import new_context
from tests.browser.helpers import assert_figures_match, figures, load_presets, open_calculator, settle

pytestmark = pytest.mark.browser

PRESETS = load_presets()

#: A field each calculator's default preset sets, and a new value for it.
def one_edit(calc: str) -> tuple[str, str]:
    inputs = PRESETS[default_preset(calc, PRESETS)]["inputs"]
    name = next(k for k, v in inputs.items() if isinstance(v, (int, float, str)) and not isinstance(v, bool)
                and str(v).replace(".", "", 1).isdigit())
    value = str(inputs[name])
    return name, ("3" if value != "3" else "4")


def url_for(served_site: str, calc: str, query: str = "") -> str:
    return f"{served_site}calculators/{calc}/" + (f"?{query}" if query else "")


def shown_marks(page) -> dict:
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('[data-form] [data-mark-for]:not([hidden])')]
             .map(el => [el.dataset.markFor, [el.dataset.basis, el.textContent]]))"""
    )


@pytest.mark.parametrize("preset_id", list(PRESETS))
def test_a_preset_link_reproduces_its_figures_and_marks(tab, watch, served_site, preset_id):
    preset = PRESETS[preset_id]
    calc = preset["calculator"]
    open_calculator(tab, url_for(served_site, calc, f"preset={preset_id}"))
    settle(tab)
    assert_figures_match(figures(tab), compute(calc, preset["inputs"]))
    marks = shown_marks(tab)
    for path, mark in (preset.get("marks") or {}).items():
        if tab.locator(f'[data-form] [data-mark-for="{path}"]').count():
            assert marks[path][0] == mark["basis"], path
    assert not [p for p, (basis, _) in marks.items() if basis == "changed"]
    assert tab.get_attribute("[data-permalink]", "href") == f"?preset={preset_id}"
    if preset.get("marks"):
        assert "come from" in tab.text_content("[data-sources] summary")
        assert preset["title"] in tab.text_content("[data-sources] summary")
    # The sources list as the page's script writes it is the one the build writes (so a
    # reader without JavaScript sees the same names, and nothing is redrawn as it starts).
    listed = tab.eval_on_selector_all(
        "[data-sources-list] li", "els => els.map(e => [e.dataset.sourceFor, e.dataset.basis, e.textContent])")
    built = [[path, mark.get("basis", ""), f"{label}: {render.mark_text(mark)}"]
             for path, label, mark in source_entries(CALCULATORS[calc], preset)]
    assert listed == built


@pytest.mark.parametrize("calc", list(CALCULATORS))
def test_a_permalink_with_one_change_marks_exactly_that_field(tab, watch, context_and_watch, served_site, calc):
    preset_id = default_preset(calc, PRESETS)
    preset = PRESETS[preset_id]
    name, text = one_edit(calc)
    open_calculator(tab, url_for(served_site, calc, f"preset={preset_id}"))
    tab.fill(f'[data-form] [name="{name}"]', text)
    settle(tab)
    permalink = tab.get_attribute("[data-permalink]", "href")
    assert parse_qsl(urlsplit(permalink).query) == [("preset", preset_id), (name, text)]
    assert "with the changes marked" in tab.text_content("[data-sources] summary")

    context, _ = context_and_watch
    fresh = context.new_page()
    try:
        open_calculator(fresh, url_for(served_site, calc, urlsplit(permalink).query))
        expected = compute(calc, {**preset["inputs"], name: text})
        assert_figures_match(figures(fresh), expected)
        marks = shown_marks(fresh)
        assert [p for p, (basis, _) in marks.items() if basis == "changed"] == [name], marks
        for path, mark in (preset.get("marks") or {}).items():
            if path != name and path in marks:
                assert marks[path][0] == mark["basis"], path
        sources = fresh.text_content("[data-sources-list]")
        assert "Changed" in sources
    finally:
        fresh.close()


def test_alliance_rows_show_the_fields_of_their_role(tab, watch, served_site):
    calc = "alliance"
    open_calculator(tab, url_for(served_site, calc))
    count = tab.locator('[data-group="partners"] [data-items] > [data-item]').count()
    tab.click('[data-group="partners"] > [data-add-item]')
    settle(tab)
    row = f"partners.{count}"
    # A new row raises no error before the reader types in it.
    assert tab.locator("[data-error-summary]").is_hidden()
    assert tab.locator("[data-form] [aria-invalid]").count() == 0
    visible = lambda field: tab.locator(f'[data-field-for="{row}.{field}"]').is_visible()  # noqa: E731
    assert tab.is_checked(f'[name="{row}.role"][value="provider"]')
    assert visible("budget") and visible("actual_spend") and not visible("contribution")
    tab.fill(f'[name="{row}.name"]', "New trust")
    tab.fill(f'[name="{row}.budget"]', "1000000")
    tab.fill(f'[name="{row}.actual_spend"]', "900000")
    settle(tab)
    assert tab.locator("[data-error-summary]").is_hidden()
    tab.check(f'[name="{row}.role"][value="commissioner"]')
    assert visible("contribution") and not visible("budget") and not visible("actual_spend")
    tab.fill(f'[name="{row}.contribution"]', "500000")
    settle(tab)
    problems = tab.locator("[data-error-summary]:not([hidden]) li").all_inner_texts()
    assert not any("unknown field" in p for p in problems), problems
    query = dict(parse_qsl(urlsplit(tab.url).query))
    assert f"{row}.contribution" in query and f"{row}.budget" not in query
    # What was typed for the other role is kept for when the role is switched back.
    tab.check(f'[name="{row}.role"][value="provider"]')
    assert tab.input_value(f'[name="{row}.budget"]') == "1000000"
    assert visible("budget") and not visible("contribution")
    settle(tab)


def test_scenarios_are_named_compared_kept_and_shared(browser, served_site):
    calc = "projection"
    preset_id = default_preset(calc, PRESETS)
    name, text = one_edit(calc)
    context, watch = new_context(browser)
    try:
        page = context.new_page()
        open_calculator(page, url_for(served_site, calc, f"preset={preset_id}"))
        page.click("[data-pin]")
        page.wait_for_selector("[data-comparison]:not([hidden]) [data-scenario-name]")
        page.fill("[data-scenario-name]", "As the case study")
        page.fill(f'[data-form] [name="{name}"]', text)
        settle(page)
        page.wait_for_function(
            "() => document.querySelector('[data-comparison] th[scope=col]:nth-child(2)')?.textContent === 'As the case study'"
        )
        label = page.evaluate(
            "(n) => document.querySelector(`[data-form] [name=\"${n}\"]`).closest('[data-field-for]').querySelector('label').firstChild.textContent.trim()",
            name,
        )
        differences = page.text_content("[data-scenario-differences]")
        assert label in differences and text in differences, differences

        # Kept across a reload.
        page.reload()
        page.wait_for_function("() => document.querySelector('[data-calculator]').dataset.scenarios === '1'")
        assert page.input_value("[data-scenario-name]") == "As the case study"

        # And in a link that opens them elsewhere (a browser with nothing stored).
        link = page.get_attribute("[data-scenarios-link]", "href")
        other, other_watch = new_context(browser)
        try:
            elsewhere = other.new_page()
            open_calculator(elsewhere, url_for(served_site, calc, link.lstrip("?")))
            elsewhere.wait_for_function("() => document.querySelector('[data-calculator]').dataset.scenarios === '1'")
            assert elsewhere.input_value("[data-scenario-name]") == "As the case study"
            assert elsewhere.input_value(f'[data-form] [name="{name}"]') == text
            other_watch.assert_clean()
        finally:
            other.close()
        watch.assert_clean()
    finally:
        context.close()


def test_the_sources_box_lists_only_what_is_on_screen(tab, watch, served_site):
    """After the last row of a list is removed, its values' sources are no longer listed."""
    in_last_rows = [
        (pid, path.split(".")[0])
        for pid, p in PRESETS.items()
        for path in (p.get("marks") or {})
        if path.count(".") == 2 and path.split(".")[1] == str(len(p["inputs"][path.split(".")[0]]) - 1)
    ]
    if not in_last_rows:
        pytest.skip("no preset marks a field in the last row of a list")
    preset_id, group = in_last_rows[0]
    calc = PRESETS[preset_id]["calculator"]
    open_calculator(tab, url_for(served_site, calc, f"preset={preset_id}"))
    tab.click(f'[data-group="{group}"] [data-items] > [data-item]:last-child [data-remove-item]')
    settle(tab)
    listed = tab.eval_on_selector_all("[data-sources-list] li", "els => els.map(e => e.dataset.sourceFor)")
    last = len(PRESETS[preset_id]["inputs"][group]) - 1
    assert listed and not [p for p in listed if p.startswith(f"{group}.{last}.")], listed
    assert "with the changes marked" in tab.text_content("[data-sources] summary")


def test_an_unreadable_scenarios_link_is_reported(tab, watch, served_site):
    preset_id = default_preset("projection", PRESETS)
    open_calculator(tab, url_for(served_site, "projection", f"preset={preset_id}&scenarios=not-a-scenario-list"))
    tab.wait_for_function("() => document.querySelector('[data-status]').textContent.includes('could not be read')")
    assert_figures_match(figures(tab), compute("projection", PRESETS[preset_id]["inputs"]))
