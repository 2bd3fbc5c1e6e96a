"""A calculator page holds still while it starts, and draws its charts only when seen.

From the first paint to "ready" the page must not move under the reader: what only
the script uses is laid out from the start (overrides/main.html marks the page "js"),
the status line has room for its messages, the download progress floats, and the
charts keep their size. Layout shifts are read from the browser's own record
(PerformanceObserver "layout-shift", as Lighthouse's Cumulative Layout Shift is).
Chart.js is fetched, and the charts drawn, only once a reader scrolls near them.
"""

from __future__ import annotations

import pytest

from tests.browser.helpers import CALCULATORS, LAPTOP, PHONE, WAIT_READY

pytestmark = pytest.mark.browser


RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__shifts.push(entry.value);
  }
}).observe({type: 'layout-shift', buffered: true});
"""


@pytest.fixture
def fresh_page(fresh_tabs):
    """A new tab with an empty cache (a first visit), made at the viewport asked for."""
    return lambda viewport: fresh_tabs(RECORD_SHIFTS, viewport=viewport, service_workers="block")[0]


@pytest.mark.parametrize(
    ("calc", "viewport"),
    [(calc, PHONE) for calc in CALCULATORS] + [(CALCULATORS[0], LAPTOP)],
    ids=[f"{calc}-phone" for calc in CALCULATORS] + [f"{CALCULATORS[0]}-desktop"],
)
def test_the_page_does_not_move_while_the_calculator_starts(fresh_page, served_site, calc, viewport):
    page = fresh_page(viewport)
    page.goto(f"{served_site}calculators/{calc}/")
    page.wait_for_function(WAIT_READY, arg=None)
    shifts = page.evaluate("() => window.__shifts")
    # Lighthouse counts up to 0.1 as good; a page that holds still scores about 0.
    assert sum(shifts) < 0.01, f"layout shifts from first paint to ready: {shifts}"


#: Where the page's "Inputs" section and its footer start, from the top of the document.
BELOW_THE_CALCULATOR = """() => ['h2#inputs', 'footer.md-footer'].map((selector) =>
  document.querySelector(selector).getBoundingClientRect().top + scrollY)"""


@pytest.mark.parametrize("calc", CALCULATORS)
def test_what_follows_the_calculator_stays_where_it_is_when_python_is_ready(fresh_page, served_site, calc):
    """The tools row (pin, downloads, print) is laid out from the first paint, its buttons
    disabled until Python is ready: on a phone it would otherwise push the page down by
    several lines, off screen, where the layout-shift record does not see it."""
    page = fresh_page(PHONE)
    held = []
    page.route("**/vendor/calculators.whl", lambda route: held.append(route))  # Python held back
    with page.expect_request("**/vendor/calculators.whl"):
        page.goto(f"{served_site}calculators/{calc}/")
    page.wait_for_selector("[data-calculator][data-state=loading]")
    before = page.evaluate(BELOW_THE_CALCULATOR)
    waiting = page.locator("[data-tools] button:visible:disabled").count()
    held[0].continue_()
    page.wait_for_function(WAIT_READY, arg=None)
    assert page.evaluate(BELOW_THE_CALCULATOR) == before, "the Inputs section and the footer moved"
    assert waiting == page.locator("[data-tools] button").count(), "the tools were shown working before Python was"
    assert page.locator("[data-tools] button:disabled").count() == 0, "the tools are still disabled"

def test_the_charts_are_drawn_only_when_scrolled_to(fresh_page, served_site):
    calc = CALCULATORS[0]
    page = fresh_page(PHONE)
    chart_requests = []
    page.on("request", lambda r: chart_requests.append(r.url) if "chart.umd" in r.url else None)
    page.goto(f"{served_site}calculators/{calc}/")
    page.wait_for_function(WAIT_READY, arg=None)
    assert chart_requests == [], "Chart.js was fetched before the charts were near the screen"
    assert page.locator("[data-chart][data-drawn]").count() == 0
    page.locator("[data-charts]").scroll_into_view_if_needed()
    page.wait_for_selector("[data-chart][data-drawn]")
    assert len(chart_requests) == 1
    drawn = page.evaluate("() => [...document.querySelectorAll('[data-chart] canvas')].every(c => c.width > 0)")
    assert drawn


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "desktop"])
def test_a_focused_field_is_kept_clear_of_the_progress_panel(fresh_page, served_site, viewport):
    """While the download's panel floats over the page, the page keeps scroll-padding on
    the side it floats on (so a field scrolled to by the keyboard is not hidden under it),
    and gives it back once Python is ready."""
    page = fresh_page(viewport)
    held = []
    page.route("**/vendor/calculators.whl", lambda route: held.append(route))  # the last file, held back
    with page.expect_request("**/vendor/calculators.whl"):
        page.goto(f"{served_site}calculators/{CALCULATORS[0]}/")
    page.wait_for_selector("[data-progress]")
    side = 0 if viewport is PHONE else 1  # under the header on a phone, at the foot on a wide screen
    assert page.evaluate(SCROLL_PADDING)[side] not in ("auto", "0px")
    assert held, "the wheel's request is held (its route was called before the panel showed)"
    held[0].continue_()
    page.wait_for_function(WAIT_READY, arg=None)
    assert page.evaluate(SCROLL_PADDING) == ["auto", "auto"]


SCROLL_PADDING = "() => { const s = getComputedStyle(document.documentElement); return [s.scrollPaddingTop, s.scrollPaddingBottom]; }"
