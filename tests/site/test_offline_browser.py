"""In a real browser, no page of the site contacts another host.

The static check (test_self_contained.py) reads the HTML; this one also catches what
scripts fetch at run time (search worker, instant navigation, the calculators' Python
runtime). Every request not for 127.0.0.1 is aborted and recorded.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_no_page_contacts_another_host(served_site, nav_pages):
    if not CHROMIUM.exists():
        # CI installs Chromium (.ci/run, ci.yml): there, its absence is a failure.
        (pytest.fail if os.environ.get("CI") else pytest.skip)(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    foreign: list[str] = []

    def only_local(route):
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            context.route("**/*", only_local)
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
            for nav_page in nav_pages:
                page.goto(served_site + nav_page.url, wait_until="networkidle", timeout=60_000)
            # Type once the search worker has loaded the index (before, Material drops the query).
            page.wait_for_function(
                "() => document.querySelector('.md-search-result__meta').textContent.trim()"
                " !== 'Initializing search'"
            )
            page.fill("input.md-search__input", "alliance")
            try:
                page.wait_for_selector(".md-search-result__item", timeout=30_000)
            except Exception as error:
                meta = page.inner_text(".md-search-result__meta")
                pytest.fail(f"search showed no result ({meta!r}); page errors: {errors}; {error}")
        finally:
            browser.close()
    assert not foreign, "requests to other hosts:\n" + "\n".join(foreign)
