"""A calculator page opened directly starts Python's worker before its own modules load.

loader.js starts the worker at once and keeps what it says until worker-client.js
takes it over. Holding the calculator's modules back until the worker has said it is
ready checks that nothing said in between is lost: the page still reaches ready, from
the one worker, and its figures are Python's.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import new_context
from tests.browser.helpers import CALCULATORS, WAIT_READY

pytestmark = pytest.mark.browser


def test_what_the_early_worker_says_before_the_page_listens_is_not_lost(browser, served_site):
    context, watch = new_context(browser, service_workers="block")
    try:
        page = context.new_page()
        held = []
        page.route("**/assets/calculator/calculator.js", lambda route: held.append(route))
        workers = []
        page.on("worker", lambda worker: workers.append(worker) if worker.url.endswith("/calculator/worker.js") else None)
        page.goto(f"{served_site}calculators/{CALCULATORS[0]}/")
        page.wait_for_function("() => window.calculatorEarlyWorker !== undefined")
        page.evaluate("""() => new Promise((resolve) => window.calculatorEarlyWorker.worker.addEventListener(
            'message', (event) => { if (event.data.type === 'ready') resolve(); }))""")  # Python is ready; nobody listened
        for _ in range(1000):  # until Playwright has handed the held request over (round trips, no sleeping)
            if held:
                break
            page.evaluate("0")
        assert held, "calculator.js was never requested"
        held[0].continue_()
        page.wait_for_function(WAIT_READY, arg=None)
        assert page.evaluate("() => window.calculatorEarlyWorker") is None, "worker-client.js took the worker over"
        assert len(workers) == 1, "one Python worker for the tab"
        watch.assert_clean()
    finally:
        context.close()
