"""Offline after one visit (hooks/offline.py writes the service worker): the site is
served from a sub-path, as on GitHub Pages, by a server this test can stop."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from hooks import offline
from tests.browser.conftest import new_context
from tests.browser.helpers import CALCULATORS, WAIT_READY, page_address
from tests.conftest import _SiteHandler

pytestmark = pytest.mark.browser

PREFIX = "/some/sub-path/"


class Server:
    """The site in ``directory`` at http://127.0.0.1:<port>/some/sub-path/; stop and start again."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.port = 0
        self.httpd = None

    def start(self) -> None:
        handler = type("Handler", (_SiteHandler,), {"prefix": PREFIX})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), functools.partial(handler, directory=str(self.directory)))
        self.port = self.httpd.server_port
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{PREFIX}"


def nav_pages(site: Path) -> list[str]:
    return sorted(page_address(site, p) for p in site.rglob("index.html"))


CACHED = """async (url) => Boolean(await caches.match(url))"""


def test_offline_after_one_visit_and_a_new_build_replaces_it(browser, built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    server = Server(site)
    server.start()
    context, watch = new_context(browser)
    page = context.new_page()
    try:
        # One visit to the home page, then one to a calculator.
        page.goto(server.url)
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        page.goto(f"{server.url}calculators/projection/")
        page.wait_for_function(WAIT_READY, arg=None)
        page.wait_for_function(CACHED, arg=f"{server.url}assets/calculator/vendor/pyodide/pyodide.asm.wasm")
        page.wait_for_function(CACHED, arg=f"{server.url}assets/calculator/vendor/runtime-files.json")

        server.stop()  # the network is gone
        for path in nav_pages(site):
            response = page.goto(server.url + path)
            assert response.ok, f"{path} did not open offline"
            assert page.title(), path
        for calc in CALCULATORS:
            page.goto(f"{server.url}calculators/{calc}/")
            page.wait_for_function(WAIT_READY, arg=None)
        page.goto(f"{server.url}report/")
        page.fill("input[data-md-component=search-query]", "alliance")
        page.wait_for_selector(".md-search-result__item")

        # A new build with a changed page: served as soon as the reader is online again.
        changed = site / "report" / "alliance" / "index.html"
        changed.write_text(changed.read_text(encoding="utf-8").replace("</h1>", " (revised)</h1>", 1), encoding="utf-8")
        old_caches = page.evaluate("() => caches.keys()")
        (site / "sw.js").write_text(offline.service_worker(site), encoding="utf-8")
        server.start()
        page.goto(f"{server.url}report/alliance/")
        assert "(revised)" in page.inner_text("h1")
        page.wait_for_function(
            "(old) => caches.keys().then(now => now.some(n => n.includes('-pages-') && !old.includes(n))"
            " && !now.some(n => n.includes('-pages-') && old.includes(n)))",
            arg=old_caches,
        )
        runtime_kept = page.evaluate("() => caches.keys()")
        assert [n for n in old_caches if "-runtime-" in n] == [n for n in runtime_kept if "-runtime-" in n], (
            "an unchanged runtime stays cached across builds"
        )
    finally:
        context.close()
        if server.httpd is not None:
            try:
                server.stop()
            except Exception:
                pass
    # Offline, the browser itself logs the requests that could not be made (the
    # service worker answers them from its cache); the pages log nothing else.
    assert not watch.foreign_requests, watch.foreign_requests
    errors = [e for e in watch.console_errors if "ERR_CONNECTION_REFUSED" not in e and "Failed to fetch" not in e]
    assert not errors, errors
