"""Fixtures for the in-browser calculator tests: one headless Chromium per session.

Uses `served_site` (tests/conftest.py): the strict build served on 127.0.0.1. Every
request the pages make is routed through `_only_local`: anything not for 127.0.0.1
is aborted and recorded, and the test that caused it fails; so does any console
error or uncaught exception. Pages wait for `data-state="ready"` and for the result
region to stop being `aria-busy`, never for a fixed time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import READY_TIMEOUT_MS

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Watch:
    """What went wrong in the pages of one context."""

    foreign_requests: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)

    def assert_clean(self) -> None:
        assert not self.foreign_requests, f"requests to other hosts: {self.foreign_requests}"
        assert not self.console_errors, f"console errors: {self.console_errors}"


def new_context(browser, **options):
    """A context whose every request must go to 127.0.0.1; returns (context, watch)."""
    watch = Watch()
    context = browser.new_context(**options)
    context.set_default_timeout(READY_TIMEOUT_MS)

    def _only_local(route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            watch.foreign_requests.append(route.request.url)
            route.abort()

    context.route("**/*", _only_local)

    def _on_page(page):
        page.on(
            "console",
            lambda m: watch.console_errors.append(f"{page.url}: {m.text}") if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: watch.console_errors.append(f"{page.url}: uncaught {e}"))

    context.on("page", _on_page)
    return context, watch


@pytest.fixture
def fresh_tabs(browser):
    """Makes fresh tabs, each in its own context (an empty cache, its own Python worker):
    ``make(init_script=None, **context_options)`` returns (page, watch). At the end of the
    test every context is closed, then each must be clean."""
    made = []

    def make(init_script: str | None = None, **options):
        context, watch = new_context(browser, **options)
        if init_script:
            context.add_init_script(init_script)
        made.append((context, watch))
        return context.new_page(), watch

    yield make
    for context, _ in made:
        context.close()
    for _, watch in made:
        watch.assert_clean()


@pytest.fixture(scope="module")
def context_and_watch(browser):
    context, watch = new_context(browser)
    yield context, watch
    context.close()


@pytest.fixture
def watch(context_and_watch) -> Iterator[Watch]:
    """The module's context watch; each test must leave it clean."""
    _, watch = context_and_watch
    watch.foreign_requests.clear()
    watch.console_errors.clear()
    yield watch
    watch.assert_clean()


@pytest.fixture(scope="module")
def tab(context_and_watch):
    """One tab for the module: calculators are visited by instant navigation, so the
    Python worker started on the first calculator page is reused by the others."""
    context, _ = context_and_watch
    page = context.new_page()
    yield page
    page.close()
