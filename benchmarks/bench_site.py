"""Measure the built site in headless Chromium: what a reader waits for, and how much is sent.

    .venv/bin/python benchmarks/bench_site.py [SITE_DIR]     (default: site/, from `make build`)

The site is served on 127.0.0.1 with gzip, as a static host sends it. Prints, for a
calculator page opened with an empty cache (service worker off, so nothing is
counted twice), each time in a new browser context once Chromium has finished opening
its window (``settled``):
- time to the first pre-rendered result (the figures are in the HTML: first paint of them);
- time until Python is ready (`data-state="ready"`: Pyodide started in its worker,
  the calculators imported and the page's first answer shown: the build's, while the
  form is as the page came, otherwise Python's), and
  the same with the start-up snapshot withheld (a plain Pyodide start), with the ratio:
  medians of READY_RUNS loads of each, alternating;
- the same on a throttled connection (1.6 Mbit/s, 150 ms latency): time to ready and
  how many progress reports the page showed on the way;
- recompute latency after an edit, median and 95th percentile over EDITS edits
  (from the keystroke to the new figures on the page, debounce excluded);
- bytes transferred (gzip) for a content page and for a calculator page, and what
  the service worker keeps after a first visit;
- Lighthouse's four scores (mobile, its defaults) for content pages and a calculator
  page, from the npm `lighthouse` package driving the same Chromium: medians of
  LIGHTHOUSE_RUNS runs, with the range of the performance score.
Targets: README, Benchmarks.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from hooks import offline  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
EDITS = 50
#: Loads per measure where one load says little on a shared machine: Python's start
#: (with and without the snapshot, alternating, for a fair ratio) and Lighthouse.
READY_RUNS = 5
LIGHTHOUSE_RUNS = 3
CONTENT_PAGE = "report/alliance/"
CALCULATOR_PAGE = "calculators/projection/"
LIGHTHOUSE_PAGES = ["", "report/alliance/", "case-studies/lambeth/", "calculators/projection/"]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
#: Chromium's throttling, as DevTools sets it: bytes per second and milliseconds.
SLOW = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 0.75e6 / 8}
#: Types a static host compresses (GitHub Pages does these and more).
COMPRESSED = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".wasm", ".py", ".txt", ".map")
GZIP_LEVEL = 6


class _Handler(http.server.SimpleHTTPRequestHandler):
    """A static host: gzip for text and WebAssembly when the browser accepts it."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript"}
    _gzipped: dict = {}

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file() or path.suffix not in COMPRESSED:
            return super().send_head()
        key = (str(path), path.stat().st_mtime)
        body = self._gzipped.get(key)
        if body is None:
            body = self._gzipped[key] = gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A download the page stopped on purpose (the snapshot on a slow connection).
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


#: Type ``value`` into the input ``name`` and wait until the result region is no longer busy;
#: the time it took, in ms (the page's debounce included).
EDIT = """async ([name, value]) => {
  const input = document.querySelector(`[data-form] [name="${name}"]`);
  const region = document.querySelector('[data-result]');
  const start = performance.now();
  input.value = value;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  await new Promise(resolve => {
    const check = () => region.hasAttribute('aria-busy') ? requestAnimationFrame(check) : resolve();
    requestAnimationFrame(check);
  });
  return performance.now() - start;
}"""


def _chromium_cpu_seconds() -> float | None:
    """CPU time used so far by this machine's Chromium processes (None without /proc)."""
    total, found = 0, False
    try:
        pids = [pid for pid in os.listdir("/proc") if pid.isdigit()]
    except OSError:
        return None
    for pid in pids:
        try:
            if "chromium" not in Path(f"/proc/{pid}/cmdline").read_text(errors="replace"):
                continue
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        total += int(fields[11]) + int(fields[12])  # user and system time, in clock ticks
        found = True
    return total / os.sysconf("SC_CLK_TCK") if found else None


def settled(limit: float = 0.05, window: float = 0.2, most: float = 5.0) -> None:
    """Wait until Chromium is idle before a navigation is timed.

    A fresh browser context (an empty cache) opens a new window, and Chromium then
    builds that window's own interface in a renderer of its own: about a second of CPU
    on this 2-core machine, in the background, for the next second and a half.
    Navigating at once would count that work against the page, which a reader opening
    the site in a browser that is already running does not pay. Idle here: Chromium's
    processes used under ``limit`` of a core over ``window`` seconds (read from /proc;
    no wait where there is no /proc), waiting ``most`` seconds at most."""
    end = time.monotonic() + most
    while time.monotonic() < end:
        before, start = _chromium_cpu_seconds(), time.monotonic()
        if before is None:
            return
        time.sleep(window)
        after = _chromium_cpu_seconds()
        if after is None or (after - before) / (time.monotonic() - start) < limit:
            return


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = _Server(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def transferred(browser, url: str, settle_selector: str | None = None) -> int:
    """Bytes on the wire (bodies as sent, gzip included) that a fresh tab receives for ``url``,
    workers included, with the service worker off."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    sizes: dict[str, int] = {}

    def on_finished(request):
        try:
            sizes[request.url] = request.sizes()["responseBodySize"]
        except Exception:  # aborted requests have no sizes
            pass

    context.on("requestfinished", on_finished)
    page.goto(url, wait_until="networkidle")
    if settle_selector:
        page.wait_for_selector(settle_selector, timeout=300_000)
        page.wait_for_load_state("networkidle")
    context.close()
    return sum(sizes.values())


def sent_bytes(path: Path) -> int:
    """Bytes a static host sends for the file ``path``: gzipped as the server above does
    for the types it compresses, the rest as stored."""
    return len(gzip.compress(path.read_bytes(), GZIP_LEVEL)) if path.suffix in COMPRESSED else path.stat().st_size


def offline_cache_bytes(site: Path) -> int:
    """What the service worker fetches after a first visit to any page (gzip)."""
    pages, _ = offline.site_files(site)
    return sum(sent_bytes(site / rel) for rel in pages)


#: When the calculator said it was ready, by the page's own clock (ms from navigation):
#: read after Playwright has seen it, which can be a few hundred ms later.
RECORD_READY = """
window.__readyAt = null;
new MutationObserver(() => {
  if (window.__readyAt === null && document.querySelector('[data-calculator][data-state="ready"]')) window.__readyAt = performance.now();
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-state']});
"""


RECORD_PROGRESS = """
window.__progress = [];
new MutationObserver(() => {
  const el = document.querySelector('[data-progress]');
  if (el && window.__progress[window.__progress.length - 1] !== el.dataset.received) window.__progress.push(el.dataset.received);
}).observe(document, {subtree: true, childList: true, attributes: true});
"""


def ready_time(browser, url: str, *, snapshot: bool = True, throttle: dict | None = None) -> dict:
    """Seconds from navigation to ready in a fresh tab; with ``snapshot=False`` the
    snapshot is withheld (404), so Python boots from scratch."""
    context = browser.new_context(service_workers="block")
    context.add_init_script(RECORD_READY)
    context.add_init_script(RECORD_PROGRESS)
    if not snapshot:
        context.route("**/python-snapshot.zst", lambda route: route.fulfill(status=404, body="withheld"))
    page = context.new_page()
    settled()
    if throttle:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", throttle)
    page.goto(url)
    page.wait_for_selector('[data-calculator][data-state="ready"]', timeout=600_000)
    out = {
        "ready_s": page.evaluate("() => window.__readyAt") / 1000,
        "start": page.get_attribute("[data-calculator]", "data-python-start"),
        "progress_reports": len(page.evaluate("() => window.__progress")),
    }
    context.close()
    return out


def lighthouse(url: str) -> dict:
    """Lighthouse's scores (0-100) and largest contentful paint for ``url``, mobile."""
    if not LIGHTHOUSE.exists():
        return {"error": "node_modules/.bin/lighthouse is missing: run `make setup`"}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        done = subprocess.run(
            [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
             "--only-categories=performance,accessibility,best-practices,seo",
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
            capture_output=True, text=True, timeout=600,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
        )
        if done.returncode != 0 or not out.exists():
            return {"error": (done.stderr or done.stdout)[-300:]}
        report = json.loads(out.read_text())
    scores = {key: round(cat["score"] * 100) for key, cat in report["categories"].items() if cat["score"] is not None}
    failing = sorted(
        audit_id for audit_id, audit in report["audits"].items()
        if audit.get("score") is not None and audit["score"] < 0.9 and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    )
    scores["lcp_s"] = report["audits"]["largest-contentful-paint"]["numericValue"] / 1000
    scores["below_0.9"] = failing
    return scores


def median_run(runs: list[dict]) -> dict:
    """The run with the median time to ready."""
    return sorted(runs, key=lambda run: run["ready_s"])[len(runs) // 2]


def summary(reports: list[dict]) -> dict:
    """Lighthouse's runs of one page: median scores, the range of performance, every audit below 0.9."""
    good = [r for r in reports if "error" not in r]
    if not good:
        return reports[0]
    out = {key: statistics.median(r[key] for r in good if key in r)
           for key in ("performance", "accessibility", "best-practices", "seo", "lcp_s") if any(key in r for r in good)}
    out["performance_range"] = (min(r["performance"] for r in good), max(r["performance"] for r in good))
    out["runs"] = len(good)
    out["below_0.9"] = sorted({audit for r in good for audit in r["below_0.9"]})
    return out


def calculator_timings(browser, url: str) -> dict:
    context = browser.new_context(service_workers="block")
    context.add_init_script(RECORD_READY)
    page = context.new_page()
    settled()
    page.goto(url)
    first_result_ms = page.evaluate(
        """() => new Promise(resolve => {
             const fcp = performance.getEntriesByName('first-contentful-paint')[0];
             if (fcp) return resolve(fcp.startTime);
             new PerformanceObserver(list => resolve(list.getEntries()[0].startTime))
               .observe({type: 'paint', buffered: true});
           })"""
    )
    page.wait_for_selector('[data-calculator][data-state="ready"]', timeout=120_000)
    ready_ms = page.evaluate("() => window.__readyAt")
    runtime = page.get_attribute("[data-calculator]", "data-runtime-seconds")
    # A second visit in the same browser: files come from the HTTP cache, and Chromium
    # reuses the compiled WebAssembly.
    page.reload()
    page.wait_for_selector('[data-calculator][data-state="ready"]', timeout=120_000)
    warm_ready_ms = page.evaluate("() => window.__readyAt")

    # Recompute latency: type a new value, time until the result region is no longer busy.
    # The page's debounce (waiting for typing to pause) is subtracted: it is a choice, not work.
    debounce_ms = 200
    latencies = []
    for i in range(EDITS):
        value = str(5 + i % 20)
        elapsed = page.evaluate(EDIT, ["years", value])
        latencies.append(max(0.0, elapsed - debounce_ms))
    context.close()
    latencies.sort()
    return {
        "first_result_ms": first_result_ms,
        "ready_ms": ready_ms,
        "warm_ready_ms": warm_ready_ms,
        "runtime": runtime,
        "median_ms": statistics.median(latencies),
        "p95_ms": latencies[int(round(0.95 * (len(latencies) - 1)))],
    }


def built_site(argv: list[str], page: str) -> Path | None:
    """The built site the benchmark measures (argv[1], or site/ from `make build`), if it has ``page``."""
    site = Path(argv[1]) if len(argv) > 1 else ROOT / "site"
    if not (site / page / "index.html").exists():
        print(f"{site} has no built {page}: run `make build` first", file=sys.stderr)
        return None
    return site


def print_rows(rows: list[tuple[str, str, str]], footer: str) -> None:
    """The figures as an aligned table: what, the figure, a note."""
    width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>{value_width}}  {note}")
    print(footer)


def main(argv: list[str]) -> int:
    site = built_site(argv, CALCULATOR_PAGE)
    if site is None:
        return 2
    server, base = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            started = time.time()
            load_before = os.getloadavg()[0]  # the machine is shared: the figures move with its load
            timings = calculator_timings(browser, base + CALCULATOR_PAGE)
            # Alternating in the same run, so the ratio compares like with like.
            starts = [(ready_time(browser, base + CALCULATOR_PAGE), ready_time(browser, base + CALCULATOR_PAGE, snapshot=False))
                      for _ in range(READY_RUNS)]
            with_snapshot = median_run([run for run, _ in starts])
            plain = median_run([run for _, run in starts])
            slow = ready_time(browser, base + CALCULATOR_PAGE, throttle=SLOW)
            content_bytes = transferred(browser, base + CONTENT_PAGE)
            calculator_bytes = transferred(browser, base + CALCULATOR_PAGE, '[data-calculator][data-state="ready"]')
            browser.close()
        scores = {page or "home": summary([lighthouse(base + page) for _ in range(LIGHTHOUSE_RUNS)]) for page in LIGHTHOUSE_PAGES}
    finally:
        server.shutdown()
    kb = lambda n: f"{n / 1024:,.0f} KB"  # noqa: E731
    mb = lambda n: f"{n / 1e6:,.1f} MB"  # noqa: E731
    rows = [
        ("Time to first pre-rendered result", f"{timings['first_result_ms'] / 1000:.2f} s", "(first contentful paint)"),
        ("Time until Python is ready, first visit", f"{with_snapshot['ready_s']:.2f} s",
         f"target <= 1.0 s; median of {READY_RUNS}, started from {with_snapshot['start']}; worker {timings['runtime']} s (earlier tab)"),
        ("The same, plain Pyodide start (no snapshot)", f"{plain['ready_s']:.2f} s",
         f"median of {READY_RUNS}, alternating; ratio {with_snapshot['ready_s'] / plain['ready_s']:.2f}"),
        ("The same at 1.6 Mbit/s, 150 ms", f"{slow['ready_s']:.1f} s",
         f"started from {slow['start']}; {slow['progress_reports']} progress reports shown"),
        ("Time until Python is ready, next visit", f"{timings['warm_ready_ms'] / 1000:.2f} s", "files cached"),
        (f"Recompute after an edit, median ({EDITS} edits)", f"{timings['median_ms']:.0f} ms", "debounce excluded"),
        (f"Recompute after an edit, p95 ({EDITS} edits)", f"{timings['p95_ms']:.0f} ms", "target <= 100 ms"),
        (f"Transferred, content page ({CONTENT_PAGE})", kb(content_bytes), "gzip; target <= 120 KB"),
        ("Search index, fetched when a reader first searches", kb(len(gzip.compress((site / "search" / "search_index.json").read_bytes(), 6))),
         "gzip; not part of a page's load"),
        (f"Transferred, calculator page ({CALCULATOR_PAGE})", mb(calculator_bytes), "gzip, Python included; target <= 9 MB"),
        ("Kept for offline after a first visit", kb(offline_cache_bytes(site)), "gzip, fetched after the page has loaded"),
    ]
    for page, result in scores.items():
        if "error" in result:
            rows.append((f"Lighthouse, {page}", "error", result["error"]))
            continue
        text = " / ".join(f"{result[k]:.0f}" if k in result else "-" for k in ("performance", "accessibility", "best-practices", "seo"))
        low, high = result["performance_range"]
        rows.append((f"Lighthouse, {page}", text, f"median of {result['runs']}, performance {low}-{high}; LCP {result['lcp_s']:.1f} s; "
                                                  f"below 0.9 in a run: {', '.join(result['below_0.9']) or 'none'}"))
    print_rows(rows, f"(measured in {time.time() - started:.0f} s, Chromium {CHROMIUM}, load average {load_before:.1f} at the "
                     f"start and {os.getloadavg()[0]:.1f} at the end; Lighthouse mobile, performance / accessibility / best practices / SEO)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
