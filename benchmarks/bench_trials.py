"""Measure the loss-probability trials in the browser: 2,000 trials of a five-year contract.

    .venv/bin/python benchmarks/bench_trials.py [SITE_DIR]     (default: site/, from `make build`)

Opens the multi-year calculator (its default preset runs 2,000 trials over five years),
then changes the seed RUNS times and times each recompute in the page's worker, from the
edit to the new figures on the page (debounce excluded, rendering included). The same is
then timed with the trials switched off, so the difference is what the trials cost.
Target: the recompute with trials within 1 s on a 2-core machine (median and p95).
"""

from __future__ import annotations

import statistics
import sys
import time

from playwright.sync_api import sync_playwright

from bench_site import ARGS, CHROMIUM, EDIT, built_site, print_rows, serve

PAGE = "calculators/multi-year/"
RUNS = 5
DEBOUNCE_MS = 200
UNCERTAINTY = ("uncertainty.trials", "uncertainty.seed", "uncertainty.actual_cost.low_pct",
               "uncertainty.actual_cost.mode_pct", "uncertainty.actual_cost.high_pct",
               "uncertainty.outcome_score.low", "uncertainty.outcome_score.mode", "uncertainty.outcome_score.high")



def timings(page, name: str, values) -> list[float]:
    return sorted(max(0.0, page.evaluate(EDIT, [name, v]) - DEBOUNCE_MS) for v in values)


def p95(values: list[float]) -> float:
    return values[max(0, -(-95 * len(values) // 100) - 1)]  # nearest rank


def main(argv: list[str]) -> int:
    site = built_site(argv, PAGE)
    if site is None:
        return 2
    server, base = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            started = time.time()
            page = browser.new_page()
            page.goto(base + PAGE)
            page.wait_for_selector('[data-calculator][data-state="ready"]', timeout=120_000)
            trials = page.input_value('[data-form] [name="uncertainty.trials"]')
            years = page.input_value('[data-form] [name="years"]')
            with_trials = timings(page, "uncertainty.seed", [str(seed) for seed in range(2, 2 + RUNS)])
            for name in UNCERTAINTY[:-1]:
                page.fill(f'[data-form] [name="{name}"]', "")
            page.wait_for_function("() => !document.querySelector('[data-result]').hasAttribute('aria-busy')")
            without = timings(page, UNCERTAINTY[-1], [""] * RUNS)
            browser.close()
    finally:
        server.shutdown()
    rows = [
        (f"Recompute with {trials} trials over {years} years, median ({RUNS} runs)",
         f"{statistics.median(with_trials):.0f} ms", "target <= 1000 ms"),
        (f"Recompute with {trials} trials over {years} years, p95 ({RUNS} runs)", f"{p95(with_trials):.0f} ms",
         "target <= 1000 ms"),
        (f"Recompute without trials, median ({RUNS} runs)", f"{statistics.median(without):.0f} ms",
         "the rest of the calculation and the page"),
    ]
    print_rows(rows, f"(measured in {time.time() - started:.0f} s, Chromium {CHROMIUM}; debounce excluded, rendering included)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
