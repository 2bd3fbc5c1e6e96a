"""Main-thread work as the site's pages load, at Lighthouse's 4× CPU slowdown, and the
same for an earlier revision in the same run, for a ratio.

    .venv/bin/python benchmarks/bench_main_thread.py [SITE_DIR] [--base REV] [--runs N]

Lighthouse's performance score on this shared machine moves by ten points from one run
to the next; these figures, medians over several loads, move far less, so they show
what a change did. Each of Lighthouse's pages (bench_site.LIGHTHOUSE_PAGES) is opened
with an empty cache in a phone-sized window, with Chromium's CPU slowed four times, and
measured once it has loaded (a calculator page: once Python is ready) and its main
thread has had no long task for a second:
- the main thread's busy time, and within it the time in scripts and in style and
  layout (Chromium's own Performance metrics);
- the blocking time after the first paint (each long task's part over 50 ms, as
  Lighthouse counts it).
With ``--base`` (or ``BENCH_BASE``) the earlier revision is built in a git worktree
(benchmarks/bench_build.py) and the two sites are measured in turn, ``--runs`` times
each; the ratio is base / this tree (above 1: this tree does less).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

import bench_build
import bench_site

METRICS = {"busy": ("TaskDuration",), "scripts": ("ScriptDuration",), "style and layout": ("RecalcStyleDuration", "LayoutDuration")}
LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
}).observe({ type: 'longtask', buffered: true });
"""
#: Resolves once a second has passed with no new long task.
QUIET = """() => new Promise((resolve) => {
  let seen = window.__longTasks.length;
  const timer = setInterval(() => {
    if (window.__longTasks.length === seen) { clearInterval(timer); resolve(); }
    seen = window.__longTasks.length;
  }, 1000);
})"""


def measure(browser, url: str) -> dict:
    context = browser.new_context(service_workers="block", viewport={"width": 412, "height": 823},
                                  is_mobile=True, has_touch=True)
    context.add_init_script(LONG_TASKS)
    page = context.new_page()
    bench_site.settled()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.goto(url, wait_until="load")
    if page.query_selector("[data-calculator]"):
        page.wait_for_selector('[data-calculator][data-state="ready"]', state="attached", timeout=120_000)
    page.evaluate(QUIET)
    values = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    paint = page.evaluate("() => performance.getEntriesByName('first-contentful-paint')[0].startTime")
    tasks = page.evaluate("() => window.__longTasks")
    context.close()
    out = {name: sum(values[key] for key in keys) * 1000 for name, keys in METRICS.items()}
    out["blocking"] = sum(max(0.0, duration - 50) for start, duration in tasks if start + duration > paint)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", default=str(bench_site.ROOT / "site"))
    parser.add_argument("--base", default=os.environ.get("BENCH_BASE"), help="an earlier revision to compare with")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    site = Path(args.site)
    if not (site / "index.html").exists():
        print(f"{site} has no built site: run `make build`", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        sites = {"this tree": site}
        if args.base:
            base = stack.enter_context(bench_build.worktree(args.base, Path(tmp)))
            bench_build.prepare(base)
            bench_build.build_seconds(base, Path(tmp) / "base-site")
            sites = {f"base {args.base}": Path(tmp) / "base-site", **sites}
        servers = {name: bench_site.serve(path) for name, path in sites.items()}
        results: dict[tuple[str, str], list[dict]] = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=bench_site.CHROMIUM, args=bench_site.ARGS)
            for _ in range(args.runs):
                for page in bench_site.LIGHTHOUSE_PAGES:
                    for name, (_, base_url) in servers.items():
                        results.setdefault((page, name), []).append(measure(browser, base_url + page))
            browser.close()
        for server, _ in servers.values():
            server.shutdown()
    print(f"Main thread at 4x CPU slowdown, ms, medians of {args.runs} loads:")
    for page in bench_site.LIGHTHOUSE_PAGES:
        medians = {name: {key: statistics.median(r[key] for r in results[(page, name)]) for key in (*METRICS, "blocking")}
                   for name in sites}
        for name, figures in medians.items():
            print(f"  {page or 'home':<24} {name:<18} " + ", ".join(f"{key} {value:.0f}" for key, value in figures.items()))
        if args.base:
            base_figures, ours = medians[f"base {args.base}"], medians["this tree"]
            print(f"  {'':<24} {'ratio base/this':<18} " + ", ".join(
                f"{key} {base_figures[key] / ours[key]:.2f}" if ours[key] else f"{key} -" for key in ours))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
