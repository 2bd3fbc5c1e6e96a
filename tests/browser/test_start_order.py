"""A calculator page puts the page first: the calculator's code loads once the page has
loaded, and Python's worker starts once the calculators are mounted.

The figures are in the HTML from the first paint, so nothing is lost meanwhile; what is
gained is a page that is not held up while it starts, and Python is ready no later
(README, Benchmarks). Read from the browser's own timings of the page.
"""

from __future__ import annotations

import pytest

from tests.browser.helpers import CALCULATORS, WAIT_READY

pytestmark = pytest.mark.browser

# Notes when the calculator's Python worker is made, and whether the calculators were
# mounted by then (calculator.js measures "calculator-mount").
RECORD_WORKERS = """
window.__workers = [];
const NativeWorker = window.Worker;
window.Worker = class extends NativeWorker {
  constructor(url, options) {
    super(url, options);
    if (String(url).endsWith("/assets/calculator/worker.js")) {
      window.__workers.push({ mounted: performance.getEntriesByName("calculator-mount").length > 0 });
    }
  }
};
"""

TIMINGS = """() => {
  const navigation = performance.getEntriesByType("navigation")[0];
  const module = performance.getEntriesByType("resource").find((e) => e.name.endsWith("/assets/calculator/calculator.js"));
  return { loadEnd: navigation.loadEventEnd, moduleStart: module ? module.startTime : null, workers: window.__workers };
}"""


def test_the_calculator_starts_after_the_page_and_python_after_the_calculator(fresh_tabs, served_site):
    page, _ = fresh_tabs(RECORD_WORKERS, service_workers="block")
    page.goto(f"{served_site}calculators/{CALCULATORS[0]}/")
    page.wait_for_function(WAIT_READY, arg=None)
    timings = page.evaluate(TIMINGS)
    assert timings["moduleStart"] is not None, "calculator.js was never requested"
    assert timings["moduleStart"] >= timings["loadEnd"] > 0, f"calculator.js was requested before the page had loaded: {timings}"
    assert timings["workers"] == [{"mounted": True}], f"one Python worker, made once the calculators were mounted: {timings}"


# A picture that never arrives holds the page's load event back for good.
HELD_PICTURE = """
document.addEventListener("DOMContentLoaded", () => {
  const picture = Object.assign(document.createElement("img"), { src: "/never-arrives.png", alt: "" });
  document.body.append(picture);
});
"""


def test_a_page_whose_load_never_ends_still_gets_its_calculator(fresh_tabs, served_site):
    page, _ = fresh_tabs(HELD_PICTURE, service_workers="block")
    held = []
    page.route("**/never-arrives.png", lambda route: held.append(route))
    page.goto(f"{served_site}calculators/{CALCULATORS[0]}/", wait_until="domcontentloaded")
    page.wait_for_function(WAIT_READY, arg=None)
    assert held, "the picture was requested"
    assert page.evaluate("() => document.readyState") != "complete", "the page's load event was held back"
