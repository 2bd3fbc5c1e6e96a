"""Pages start without restyling the whole of themselves.

Two things Material's script does as it starts used to make the browser work out the
style of every element again, after the page had been drawn: the focus-visible
polyfill's marks on <html>, and instant navigation making the stylesheet's address
absolute (the sheet read again). overrides/early-marks.js makes both at the top of
the page, when there is nothing to restyle. On a calculator's page, the download's
panel, put in after the status line, restyled the whole calculator below it, and so
did each change of the calculator's state while its phone layout was keyed on it.
Read from the browser's own trace of a first visit: the style recalculations, and how
many elements each one covered.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser.conftest import new_context
from tests.browser.helpers import WAIT_READY, page_address

pytestmark = pytest.mark.browser

TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing"]


#: The kinds of page checked, each found in the built site.
KINDS = ("home", "largest content page", "first calculator")


def _pages(built_site: Path) -> dict[str, str]:
    """The home page, the content page with the most markup, and the first calculator."""
    pages = {p: p.read_text(encoding="utf-8") for p in built_site.rglob("index.html")}
    content = [p for p, html in pages.items() if "data-calculator=" not in html and p.parent != built_site]
    calculators = sorted(p for p, html in pages.items() if "data-calculator=" in html)
    largest = max(content, key=lambda p: pages[p].count("<"))
    return dict(zip(KINDS, ["", page_address(built_site, largest), page_address(built_site, calculators[0])]))


def recalculations(events: list[dict], tid: int, start: float, end: float) -> list[int]:
    """How many elements each style recalculation on thread ``tid`` in [start, end] covered."""
    return [
        e["args"].get("elementCount") or 0
        for e in events
        if e.get("name") == "UpdateLayoutTree" and e.get("ph") == "X" and e["tid"] == tid and start <= e["ts"] <= end
    ]


def restyled_by_materials_start(events: list[dict]) -> list[int]:
    """How many elements each style recalculation inside Material's script's run covered."""
    runs = [
        e for e in events
        if e.get("name") == "EvaluateScript" and e.get("ph") == "X"
        and "/assets/javascripts/bundle." in (e.get("args", {}).get("data", {}).get("url") or "")
    ]
    assert runs, "Material's script was not seen running"
    run = runs[0]
    return recalculations(events, run["tid"], run["ts"], run["ts"] + run["dur"])


@pytest.fixture(scope="module")
def pages(built_site) -> dict[str, str]:
    return _pages(built_site)


def traced_first_visit(browser, url: str, until_ready: bool = False) -> tuple[list[dict], int]:
    """The trace events of a first visit to ``url`` (to its load event, or until the
    calculator is ready) and how many elements the page then has."""
    context, watch = new_context(browser, service_workers="block")
    try:
        page = context.new_page()
        browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
        if until_ready:
            page.goto(url)
            page.wait_for_function(WAIT_READY, arg=None)
        else:
            page.goto(url, wait_until="load")
        trace = json.loads(browser.stop_tracing())
        elements = page.evaluate("() => document.getElementsByTagName('*').length")
    finally:
        context.close()
    watch.assert_clean()
    return trace["traceEvents"], elements


@pytest.mark.parametrize("kind", KINDS)
def test_materials_script_does_not_restyle_the_whole_page_as_it_starts(browser, served_site, pages, kind):
    url = served_site + pages[kind]
    events, elements = traced_first_visit(browser, url)
    restyled = restyled_by_materials_start(events)
    # Before early-marks.js: two recalculations of every element (about 550 each on a
    # content page); since, a few of the header's and search's parts.
    assert sum(restyled) < elements / 2, f"{url}: Material's start restyled {restyled} of {elements} elements"


def test_a_calculator_starts_without_restyling_the_whole_calculator(browser, served_site, pages):
    """From the calculator's mounting (after the page has loaded and been drawn) to
    ready: the download's panel comes and goes, the state changes twice, the first
    answer is shown; none of it restyles more than a small part of the page."""
    events, elements = traced_first_visit(browser, served_site + pages["first calculator"], until_ready=True)
    mounted = [e for e in events if e.get("name") == "calculator-mount" and e.get("ph") in ("b", "X", "R", "I")]
    assert mounted, "the calculator's mounting was not seen (performance.measure 'calculator-mount')"
    restyled = recalculations(events, mounted[0]["tid"], mounted[0]["ts"], float("inf"))
    # Before: about 350 elements (the calculator under the status line) each time.
    assert max(restyled, default=0) < elements / 4, f"restyled after mounting: {restyled} of {elements} elements"
