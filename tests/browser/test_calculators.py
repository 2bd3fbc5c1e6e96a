"""The calculators in a real browser: the same figures as the engine, edits, links, errors.

One tab visits every calculator and preset by Material's instant navigation (as a
reader following links), so Python starts once; permalinks open in fresh tabs.
"""

from __future__ import annotations

import contextlib
import copy
import json
from urllib.parse import parse_qsl, urlsplit

import pytest
import zstandard

from calculators import compute
from calculators import CALCULATORS as REGISTRY
from tests.browser.helpers import (
    CALCULATORS,
    HEADLINE,
    default_preset,
    assert_figures_match,
    figures,
    load_presets,
    navigate_instantly,
    open_calculator,
    settle,
    WAIT_READY,
)

pytestmark = pytest.mark.browser

PRESETS = load_presets()

#: Edits a reader might make, per calculator: (input name, typed text), declared with each calculator.
EDITS = {name: spec.examples.edits for name, spec in REGISTRY.items()}


def with_edits(inputs: dict, edits) -> dict:
    """The inputs after typing ``edits`` into the form (the engine reads the text)."""
    out = copy.deepcopy(inputs)
    for name, text in edits:
        node, parts = out, name.split(".")
        for part in parts[:-1]:
            node = node[int(part)] if isinstance(node, list) else node[part]
        last = parts[-1]
        if isinstance(node, list):
            node[int(last)] = text
        else:
            node[last] = text
    return out


def url_for(served_site: str, calc: str, query: str = "") -> str:
    return f"{served_site}calculators/{calc}/" + (f"?{query}" if query else "")


ASKED = """() => {
  if (window.__asked) return;
  window.__asked = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type) window.__asked.push(message.type);
    return post.call(this, message, ...rest);
  };
}"""


def _download_json(page) -> dict:
    """The calculator's "Download everything (JSON)", read."""
    with page.expect_download() as info:
        page.click('[data-download="json"]')
    return json.loads(open(info.value.path(), encoding="utf-8").read())


@pytest.mark.parametrize("calc", CALCULATORS)
def test_python_is_not_asked_again_for_the_figures_the_build_worked_out(tab, watch, served_site, calc):
    """With the form as the page came, the build's answer stands in for Python's first
    one; it is the same answer: what the downloads hold before and after asking Python
    for the same form is identical, and so are the figures."""
    tab.goto(f"{served_site}calculators/")
    tab.evaluate(ASKED)  # the document stays across instant navigation
    open_calculator(tab, url_for(served_site, calc))
    assert "compute" not in tab.evaluate("() => window.__asked"), "Python was asked for figures the page already had"
    shown, built = figures(tab), _download_json(tab)
    tab.click("[data-form] button[type=submit]")
    settle(tab)
    assert "compute" in tab.evaluate("() => window.__asked")
    assert figures(tab) == shown
    assert _download_json(tab) == built


@pytest.mark.parametrize("calc", CALCULATORS)
def test_every_preset_computes_in_the_browser_as_in_python(tab, watch, served_site, calc):
    """Each preset, picked from the presets menu, gives the engine's figures and marks."""
    open_calculator(tab, url_for(served_site, calc))
    mine = [pid for pid, p in PRESETS.items() if p["calculator"] == calc]
    assert mine
    for preset_id in mine:
        tab.select_option("[data-presets-menu] select", preset_id)
        tab.click("[data-load-preset]")
        settle(tab)
        assert tab.get_attribute("[data-calculator]", "data-preset") == preset_id
        assert_figures_match(figures(tab), compute(calc, PRESETS[preset_id]["inputs"]), HEADLINE[calc])
        for field, mark in (PRESETS[preset_id].get("marks") or {}).items():
            shown = tab.locator(f'[data-form] [data-mark-for="{field}"]')
            if shown.count():
                assert shown.first.inner_text().startswith(mark["basis"].capitalize()), field


def test_a_preset_link_opens_that_preset(tab, watch, served_site):
    preset_id = next(p for p, v in PRESETS.items() if p != default_preset(v["calculator"], PRESETS))
    calc = PRESETS[preset_id]["calculator"]
    open_calculator(tab, url_for(served_site, calc, f"preset={preset_id}"))
    assert tab.get_attribute("[data-calculator]", "data-preset") == preset_id
    assert_figures_match(figures(tab), compute(calc, PRESETS[preset_id]["inputs"]), HEADLINE[calc])


def test_a_link_with_unknown_names_says_so(tab, watch, served_site):
    open_calculator(tab, url_for(served_site, "alliance", "preset=no-such-case&colour=blue"))
    status = tab.inner_text("[data-status]")
    assert "no-such-case" in status and "colour" in status
    open_calculator(tab, url_for(served_site, "alliance", "utm_source=newsletter"))
    assert "utm_source" in tab.inner_text("[data-status]")
    preset_id = default_preset("alliance", PRESETS)
    assert_figures_match(figures(tab), compute("alliance", PRESETS[preset_id]["inputs"]), HEADLINE["alliance"])


def test_python_is_kept_across_instant_navigation(tab, watch, served_site):
    tab.goto(url_for(served_site, "projection"))
    for calc in ("alliance", "risk-share"):
        navigate_instantly(tab, url_for(served_site, calc))
        preset_id = default_preset(calc, PRESETS)
        assert_figures_match(figures(tab), compute(calc, PRESETS[preset_id]["inputs"]), HEADLINE[calc])
    calculator_workers = [w.url for w in tab.workers if w.url.endswith("/calculator/worker.js")]
    assert len(calculator_workers) == 1, calculator_workers


@pytest.mark.parametrize("calc", CALCULATORS)
def test_edits_recompute_and_the_permalink_reproduces_them(tab, watch, context_and_watch, served_site, calc):
    preset_id = default_preset(calc, PRESETS)
    open_calculator(tab, url_for(served_site, calc))
    for name, text in EDITS[calc]:
        tab.fill(f'[data-form] [name="{name}"]', text)
    settle(tab)
    expected = compute(calc, with_edits(PRESETS[preset_id]["inputs"], EDITS[calc]))
    shown = figures(tab)
    assert_figures_match(shown, expected, HEADLINE[calc])
    assert shown != figures_of_preset(calc, preset_id), "the edits changed nothing"

    # The address bar now holds every input; opening it elsewhere gives the same figures.
    query = dict(parse_qsl(urlsplit(tab.url).query))
    for name, text in EDITS[calc]:
        assert query[name] == text
    context, _ = context_and_watch
    fresh = context.new_page()
    try:
        open_calculator(fresh, tab.url)
        assert_figures_match(figures(fresh), expected, HEADLINE[calc])
        for name, text in EDITS[calc]:
            assert fresh.input_value(f'[data-form] [name="{name}"]') == text
    finally:
        fresh.close()


def test_an_edit_made_while_an_answer_is_on_its_way_is_not_lost(tab, watch, served_site):
    # The first edit's recompute starts after the 200 ms typing pause; 5 ms later, while the
    # worker is answering it, comes a second edit. The first answer must not be shown as final.
    preset_id = default_preset("risk-share", PRESETS)
    open_calculator(tab, url_for(served_site, "risk-share"))
    settle(tab)
    edits = [("actual_cost", "26000000"), ("measures.1.achievement_pct", "45")]
    tab.evaluate(
        """([[first, one], [second, two]]) => {
             const type = (name, value) => {
               const input = document.querySelector(`[data-form] [name="${name}"]`);
               input.value = value;
               input.dispatchEvent(new Event('input', {bubbles: true}));
             };
             type(first, one);
             // Resolves once the second edit is typed, so the test waits on the page, not a clock.
             return new Promise((done) => setTimeout(() => { type(second, two); done(); }, 205));
           }""",
        edits,
    )
    settle(tab)
    expected = compute("risk-share", with_edits(PRESETS[preset_id]["inputs"], edits))
    assert_figures_match(figures(tab), expected, HEADLINE["risk-share"])


def figures_of_preset(calc, preset_id):
    from tests.browser.helpers import flatten

    return flatten(compute(calc, PRESETS[preset_id]["inputs"]))


def test_groups_add_and_remove_items(tab, watch, served_site):
    calc = "risk-share"
    preset_id = default_preset(calc, PRESETS)
    open_calculator(tab, url_for(served_site, calc, f"preset={preset_id}"))
    count = len(PRESETS[preset_id]["inputs"]["measures"])
    tab.click('[data-group="measures"] [data-add-item]')
    new = f"measures.{count}"
    assert tab.evaluate("() => document.activeElement.name") == f"{new}.name"
    tab.fill(f'[name="{new}.name"]', "Extra measure")
    tab.fill(f'[name="{new}.weight_pct"]', "0")
    tab.fill(f'[name="{new}.achievement_pct"]', "100")
    settle(tab)
    inputs = copy.deepcopy(PRESETS[preset_id]["inputs"])
    inputs["measures"].append({"name": "Extra measure", "weight_pct": "0", "achievement_pct": "100"})
    assert_figures_match(figures(tab), compute(calc, inputs), HEADLINE[calc])
    # Remove the first measure: the others move up, names stay in order.
    tab.click('[data-group="measures"] [data-item]:first-child [data-remove-item]')
    settle(tab)
    del inputs["measures"][0]
    names = tab.eval_on_selector_all('[data-group="measures"] [data-items] input[name$=".name"]', "els => els.map(e => e.name)")
    assert names == [f"measures.{i}.name" for i in range(count)]
    problems = tab.locator("[data-error-summary]:not([hidden]) li").all_inner_texts()
    # Weights no longer add up to 100: the engine says so, and the page shows it.
    assert problems, "removing a weighted measure should be reported"


BAD_INPUTS = [(name, path, text) for name, spec in REGISTRY.items() for path, text in spec.examples.bad]


@pytest.mark.parametrize("calc", CALCULATORS)
def test_bad_inputs_are_explained_and_the_page_recovers(tab, watch, served_site, calc):
    preset_id = default_preset(calc, PRESETS)
    open_calculator(tab, url_for(served_site, calc, f"preset={preset_id}"))
    before = figures(tab)
    bad = [(name, text) for c, name, text in BAD_INPUTS if c == calc]
    originals = {name: tab.input_value(f'[data-form] [name="{name}"]') for name, _ in bad}
    for name, text in bad:
        tab.fill(f'[data-form] [name="{name}"]', text)
    settle(tab)

    summary = tab.locator("[data-error-summary]")
    assert summary.is_visible()
    assert "There is a problem" in summary.inner_text()
    links = summary.locator("a")
    assert links.count() >= len(bad)
    for name, _ in bad:
        field = tab.locator(f'[data-form] [name="{name}"]')
        described = field.get_attribute("aria-describedby") or ""
        invalid_here = field.get_attribute("aria-invalid") == "true"
        if not invalid_here:
            # A rule about a whole list (weights summing to 100) or a group of fields (the
            # lowest cost no higher than the highest) marks that list or group, linked from the summary.
            owner = field.evaluate("""el => el.parentElement.closest(
                '[data-group][aria-invalid="true"], [data-object][aria-invalid="true"]')?.id""")
            assert owner, f"{name}: no field, list or group is marked as having the problem"
            assert tab.locator(f'[data-error-summary] a[href="#{owner}"]').count() == 1, name
            continue
        message = tab.locator(f"#{described.split()[-1]}")
        assert message.is_visible() and message.inner_text().startswith("Error:"), name
        # The summary links to the field.
        field_id = field.get_attribute("id")
        assert tab.locator(f'[data-error-summary] a[href="#{field_id}"]').count() == 1
    assert figures(tab) == before, "the last good figures stay while the form has a problem"

    # Submitting (Enter) moves focus to the summary, as in GOV.UK forms.
    tab.press(f'[data-form] [name="{bad[0][0]}"]', "Enter")
    settle(tab)
    assert tab.evaluate("() => document.activeElement.matches('[data-error-summary]')")

    # Following a link in the summary puts the cursor in the field.
    tab.locator("[data-error-summary] a").first.click()
    assert tab.evaluate("() => document.activeElement.matches('[data-form] input')")

    for name, original in originals.items():
        tab.fill(f'[data-form] [name="{name}"]', original)
    settle(tab)
    assert tab.locator("[data-error-summary]").is_hidden()
    assert tab.locator("[aria-invalid]").count() == 0
    assert_figures_match(figures(tab), compute(calc, PRESETS[preset_id]["inputs"]), HEADLINE[calc])


def test_comparison_and_downloads(tab, watch, served_site):
    calc = "projection"
    open_calculator(tab, url_for(served_site, calc))
    pinned = figures(tab)
    tab.click("[data-pin]")
    tab.wait_for_selector("[data-comparison]:not([hidden]) table")
    tab.fill('[data-form] [name="years"]', "8")
    settle(tab)
    tab.wait_for_function(
        """() => document.querySelector('[data-comparison] [data-scenario="1"][data-field="totals.value"]')
                 ?.dataset.value === document.querySelector('[data-result] [data-field="totals.value"]').dataset.value"""
    )
    table = tab.locator("[data-comparison] table")
    assert table.locator('[data-scenario="0"][data-field="totals.value"]').get_attribute("data-value") == pinned["totals.value"]

    import csv
    import io

    with tab.expect_download() as info:
        tab.click('[data-download="csv"]')
    csv_text = open(info.value.path(), encoding="utf-8").read()
    assert csv_text.startswith("Year,Base value (£),")
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    shown = figures(tab)
    # One row per year, then the totals, in the documented columns (headings in words, with units).
    assert [r["Year"] for r in rows] == [str(y) for y in range(1, 9)] + ["Total"]
    assert rows[-1]["Contract value (£)"] == shown["totals.value"] and rows[0]["Contract value (£)"] == shown["rows.0.value"]

    with tab.expect_download() as info:
        tab.click('[data-download="inputs-csv"]')
    inputs = {r["Field"]: r for r in csv.DictReader(io.StringIO(open(info.value.path(), encoding="utf-8").read()))}
    assert inputs["years"]["Value"] == "8" and inputs["years"]["Input"] == "Core contract term"
    assert inputs["years"]["Source"].startswith("Changed")  # typed here, not the preset's
    assert inputs["first_year_value"]["Unit"] == "£" and inputs["first_year_value"]["Source"].startswith("Reported")

    document = _download_json(tab)
    assert document["result"]["totals"]["value"] == shown["totals.value"]
    assert document["inputs"]["years"] == "8"
    assert document["sources"]["years"].startswith("Changed") and document["marks"]["years"]["basis"] == "changed"


@contextlib.contextmanager
def fresh_tab(browser, pattern: str | None = None, handler=None):
    """A fresh tab (own context, so its own Python worker), whose requests for
    ``pattern``, if given, go to ``handler``; yields (page, watch)."""
    from tests.browser.conftest import new_context

    context, watch = new_context(browser)
    if pattern:
        context.route(pattern, handler)
    try:
        yield context.new_page(), watch
    finally:
        context.close()


def assert_default_alliance_figures(page) -> None:
    preset_id = default_preset("alliance", PRESETS)
    assert_figures_match(figures(page), compute("alliance", PRESETS[preset_id]["inputs"]), HEADLINE["alliance"])


def test_runtime_failure_keeps_the_prerendered_result(browser, served_site):
    with fresh_tab(browser, "**/pyodide.asm.wasm", lambda route: route.abort()) as (page, watch):
        page.goto(url_for(served_site, "alliance"))
        page.wait_for_selector('[data-calculator][data-state="error"]')
        status = page.inner_text("[data-status]")
        assert "could not start" in status and "Reload" in status
        assert_default_alliance_figures(page)
        assert not watch.foreign_requests


@pytest.mark.parametrize("calc", CALCULATORS)
def test_the_builds_figures_stay_put_when_python_takes_over(browser, served_site, calc):
    """Python's first answer is the build's own result (the same renderer): the page keeps
    the nodes it shows, so nothing is redrawn and a reader's selection in them survives."""
    with fresh_tab(browser) as (page, watch):
        page.goto(url_for(served_site, calc))
        page.evaluate("""() => {
          const first = document.querySelector('[data-result]').firstElementChild;
          window.__shown = first;
          const range = document.createRange();
          range.selectNodeContents(first);
          getSelection().addRange(range);
          window.__selected = getSelection().toString();
        }""")
        page.wait_for_function(WAIT_READY, arg=None)
        assert page.evaluate("() => document.querySelector('[data-result]').firstElementChild === window.__shown")
        assert page.evaluate("() => getSelection().toString() === window.__selected && window.__selected.length > 0")
        assert not watch.foreign_requests


@pytest.mark.parametrize(
    ("pattern", "body", "named"),
    [
        # Zstandard's magic number, then nonsense
        ("**/python_stdlib.zip.zst", b"\x28\xb5\x2f\xfd" + b"not a zip" * 10, "standard library could not be decompressed"),
        # WebAssembly's magic number, then nonsense: it fails as it is compiled on arrival
        ("**/pyodide.asm.wasm", b"\0asm\1\0\0\0" + b"not a runtime" * 10, "Python runtime could not be compiled"),
    ],
    ids=["standard-library", "runtime"],
)
def test_a_damaged_runtime_file_is_named_and_the_prerendered_result_kept(browser, served_site, pattern, body, named):
    damaged = {"status": 200, "body": body, "content_type": "application/wasm" if pattern.endswith(".wasm") else None}
    with fresh_tab(browser, pattern, lambda route: route.fulfill(**damaged)) as (page, watch):
        page.goto(url_for(served_site, "alliance"))
        page.wait_for_selector('[data-calculator][data-state="error"]')
        status = page.inner_text("[data-status]")
        assert named in status and "Reload" in status, status
        assert_default_alliance_figures(page)
        assert not watch.foreign_requests


def test_a_damaged_package_is_named_at_the_first_request(browser, served_site):
    """From the snapshot the calculators are already imported, so Python is ready before
    their files are unpacked; if the package is damaged, the first request says so."""
    damaged = {"status": 200, "body": b"PK\x03\x04 not a wheel" * 10}
    with fresh_tab(browser, "**/calculators.whl", lambda route: route.fulfill(**damaged)) as (page, watch):
        open_calculator(page, url_for(served_site, "projection"))
        page.fill('[data-form] [name="years"]', "3")
        page.wait_for_selector('[data-calculator][data-state="error"]')
        status = page.inner_text("[data-status]")
        assert "calculators package could not be unpacked" in status and "Reload" in status, status
        assert not watch.foreign_requests


def test_python_starts_from_the_build_snapshot(tab, watch, served_site):
    open_calculator(tab, url_for(served_site, "projection"))
    assert tab.get_attribute("[data-calculator]", "data-python-start") == "snapshot"


@pytest.mark.parametrize(
    "snapshot",
    [
        {"status": 404, "body": "not here"},
        # Zstandard's magic number, then nonsense: decompression fails
        {"status": 200, "body": b"\x28\xb5\x2f\xfd" + b"not a snapshot" * 10},
        # well-formed Zstandard of nonsense: Pyodide rejects it
        {"status": 200, "body": zstandard.ZstdCompressor().compress(b"not a snapshot" * 1000)},
    ],
    ids=["missing", "corrupt", "wrong-content"],
)
def test_without_a_usable_snapshot_python_starts_from_scratch(browser, served_site, snapshot):
    with fresh_tab(browser, "**/python-snapshot.zst", lambda route: route.fulfill(**snapshot)) as (page, watch):
        open_calculator(page, url_for(served_site, "alliance"))
        assert page.get_attribute("[data-calculator]", "data-python-start") == "fresh"
        assert_default_alliance_figures(page)
        assert not watch.foreign_requests


def test_phone_width_keyboard_and_target_size(tab, watch, served_site):
    """At 360px nothing but the tables scrolls sideways; every control is at least 24px
    (WCAG 2.2 2.5.8) and reachable with the Tab key, with a visible focus outline."""
    open_calculator(tab, url_for(served_site, "risk-share"))
    original = tab.viewport_size
    tab.set_viewport_size({"width": 360, "height": 740})
    try:
        overflow = tab.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 360px wide"
        small = tab.evaluate(
            """() => [...document.querySelectorAll('[data-calculator] button, [data-calculator] input, [data-calculator] select')]
                 .filter(el => el.offsetParent !== null)
                 .map(el => [el.name || el.textContent.trim(), el.getBoundingClientRect()])
                 .filter(([, r]) => r.width < 24 || r.height < 24)
                 .map(([name, r]) => `${name}: ${Math.round(r.width)}x${Math.round(r.height)}`)"""
        )
        assert not small, f"controls smaller than 24px: {small}"
    finally:
        tab.set_viewport_size(original)
    tab.focus('[data-form] [name="contract_value"]')
    tab.keyboard.press("Tab")
    focused = tab.evaluate(
        """() => { const el = document.activeElement; const s = getComputedStyle(el);
                   return [el.name, s.outlineStyle, parseFloat(s.outlineWidth)]; }"""
    )
    assert focused[0] == "upfront_pct", focused
    assert focused[1] != "none" and focused[2] >= 2, f"no visible focus outline: {focused}"


def test_print_layout_shows_results_without_controls(tab, watch, served_site):
    open_calculator(tab, url_for(served_site, "projection"))
    tab.emulate_media(media="print")
    try:
        assert tab.locator("[data-result] table").first.is_visible()
        for control in ("[data-tools]", "[data-presets-menu]", "[data-actions]", "[data-add-item]"):
            assert not tab.locator(control).first.is_visible(), control
    finally:
        tab.emulate_media(media="screen")


def test_without_javascript_the_prerendered_result_is_there(browser, served_site):
    from tests.browser.conftest import new_context

    context, watch = new_context(browser, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(url_for(served_site, "risk-share"))
        assert page.get_attribute("[data-calculator]", "data-state") == "static"
        preset_id = default_preset("risk-share", PRESETS)
        assert_figures_match(figures(page), compute("risk-share", PRESETS[preset_id]["inputs"]), HEADLINE["risk-share"])
        assert "needs JavaScript" in page.inner_text("[data-status]")
        # Controls that need the script stay hidden rather than doing nothing.
        assert not page.locator("[data-add-item]").first.is_visible()
        assert not page.locator("[data-tools]").is_visible()
        watch.assert_clean()
    finally:
        context.close()
