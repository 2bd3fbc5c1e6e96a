"""The calculator on a slow or broken connection: the runtime's download shows its
progress, waits as long as bytes keep coming, and when nothing comes says so and
offers to try again; the figures worked out at build time stay on the page throughout."""

from __future__ import annotations

import threading
import time

import pytest

from tests.browser.conftest import new_context
from tests.browser.helpers import WAIT_READY

pytestmark = pytest.mark.browser

#: Every progress report the page showed: [received, total, stalled] (progress.js sets
#: them), and every text of the calculator's status line.
RECORD_PROGRESS = """
window.__progress = [];
new MutationObserver(() => {
  const el = document.querySelector('[data-progress]');
  if (!el) return;
  const last = window.__progress[window.__progress.length - 1];
  const now = [Number(el.dataset.received), Number(el.dataset.total), el.dataset.stalled];
  if (!last || last.join() !== now.join()) window.__progress.push(now);
}).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
window.__statuses = [];
new MutationObserver(() => {
  const text = document.querySelector('[data-status]')?.textContent;
  if (text && window.__statuses[window.__statuses.length - 1] !== text) window.__statuses.push(text);
}).observe(document, {subtree: true, childList: true, characterData: true});
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push(entry.value);
}).observe({type: 'layout-shift', buffered: true});
"""


def prerendered_figures(page) -> dict:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[data-result] [data-field]')]
                             .map(el => [el.dataset.field, el.dataset.value]))""")


def delay_runtime_files(context) -> None:
    """Each runtime file arrives only after a delay (0.8 s), one after another."""

    def late(route):
        time.sleep(0.8)
        route.continue_()

    context.route("**/assets/calculator/vendor/**", late)


@pytest.fixture
def slow_tab(browser):
    context, watch = new_context(browser)
    context.add_init_script(RECORD_PROGRESS)
    yield context, watch
    context.close()


def test_a_slow_connection_shows_progress_until_ready(slow_tab, served_site):
    """Each runtime file arrives only after a delay, one after another."""
    context, watch = slow_tab
    delay_runtime_files(context)
    page = context.new_page()
    page.goto(f"{served_site}calculators/risk-share/")
    before = prerendered_figures(page)
    assert before, "the pre-rendered figures are in the page"
    page.wait_for_selector("[data-progress]")
    assert "Downloading Python" in page.inner_text("[data-progress]")
    retry = page.get_by_role("button", name="Try the download again")
    assert retry.count() == 0, "no offer to try again while bytes keep coming"
    page.wait_for_function(WAIT_READY, arg=None)
    seen = page.evaluate("() => window.__progress")
    received = [r for r, _, _ in seen]
    assert len(set(received)) >= 3 and received == sorted(received), f"progress as it was shown: {seen}"
    assert all(total >= 1_000_000 for _, total, _ in seen), "a total from the build's runtime-files.json"
    assert page.query_selector("[data-progress]") is None, "the progress box goes once Python is ready"
    shifts = page.evaluate("() => window.__shifts")
    assert sum(shifts) < 0.01, f"the page moved while the progress was shown: {shifts}"
    watch.assert_clean()


def test_a_stalled_download_says_so_and_can_be_retried(slow_tab, served_site):
    """The standard library never comes on the first try; the second try works."""
    context, watch = slow_tab
    held = []
    release = threading.Event()

    def stall_once(route):
        if not release.is_set():
            held.append(route)  # never answered: the connection has gone quiet
        else:
            route.continue_()

    context.route("**/vendor/python_stdlib.zip.zst", stall_once)
    page = context.new_page()
    page.goto(f"{served_site}calculators/alliance/")
    before = prerendered_figures(page)
    page.wait_for_selector('[data-progress][data-stalled="true"]')
    box = page.inner_text("[data-progress]")
    assert "Nothing has arrived" in box and "still correct" in box, box
    assert page.get_by_role("button", name="Try the download again").is_visible()
    assert page.get_attribute("[data-calculator]", "data-state") == "loading"
    assert prerendered_figures(page) == before, "the build's figures stay usable while it waits"
    status = page.inner_text("[data-status]")
    assert "has stopped" in status and "still correct" in status and "Loading Python" not in status, status
    release.set()
    page.get_by_role("button", name="Try the download again").click()
    page.wait_for_function(WAIT_READY, arg=None)
    # Once bytes came again the status line went back to the loading text, then to ready's.
    statuses = page.evaluate("() => window.__statuses")
    stopped = next(i for i, text in enumerate(statuses) if "has stopped" in text)
    assert any("Loading Python" in text for text in statuses[stopped + 1:]), statuses
    assert "update as you change the form" in statuses[-1], statuses
    assert held, "the first request for the standard library was held"
    # Console errors from the abandoned request are the browser's, not the page's.
    watch.console_errors[:] = [e for e in watch.console_errors if "python_stdlib.zip" not in e]
    watch.assert_clean()


def test_the_progress_panel_can_be_hidden_and_the_status_line_goes_on(slow_tab, served_site):
    """On a phone the panel floats over the page's opening: a reader may hide it and read
    on. It stays hidden while bytes arrive, focus goes to the status line, and the
    calculator still becomes ready."""
    context, watch = slow_tab
    delay_runtime_files(context)
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{served_site}calculators/projection/")
    page.get_by_role("button", name="Hide the download's progress").click()
    assert page.query_selector("[data-progress]") is None
    assert page.evaluate("() => document.activeElement.matches('[data-status]')"), "focus is left nowhere"
    seen = len(page.evaluate("() => window.__progress"))
    page.wait_for_function(WAIT_READY, arg=None)
    assert len(page.evaluate("() => window.__progress")) == seen, "the hidden panel came back"
    watch.assert_clean()
