"""The site under its own strict Content-Security-Policy, sent both ways at once: as the
HTTP header a host can send (hooks/csp.py, README) and as the meta tag in every page.

Every page opens without a single violation, search finds results, the palette toggle
switches colours and every calculator reaches ready.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from hooks.csp import header_policy
from tests.browser.conftest import new_context
from tests.browser.helpers import CALCULATORS, open_calculator, page_address
from tests.conftest import REPO_ROOT, _SiteHandler

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) =>
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
"""


@pytest.fixture(scope="module")
def strict_site(built_site: Path, mkdocs_config: dict) -> Iterator[str]:
    """The build served with the policy as an HTTP header on every response."""
    prefix = urlsplit(mkdocs_config.get("site_url") or "/").path or "/"
    value = header_policy(built_site)

    class Handler(_SiteHandler):
        def end_headers(self) -> None:
            self.send_header("Content-Security-Policy", value)
            super().end_headers()

    Handler.prefix = prefix if prefix.endswith("/") else prefix + "/"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(built_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{Handler.prefix}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def strict_tab(browser):
    context, watch = new_context(browser)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    yield page, watch
    context.close()


def violations(page) -> list[str]:
    return page.evaluate("() => window.__cspViolations")


def test_every_page_carries_the_policy_as_a_meta_tag(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert pages
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        assert '<meta http-equiv="Content-Security-Policy"' in head, page
        assert head.index("Content-Security-Policy") < head.find("<script") or "<script" not in head, (
            f"{page}: the policy must come before the first script"
        )


def test_the_readme_gives_the_header_the_build_computes(built_site):
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert header_policy(built_site) in readme, "README's Content-Security-Policy header is out of date"


def test_every_page_opens_without_a_violation(strict_tab, strict_site, built_site):
    page, watch = strict_tab
    for html in sorted(built_site.rglob("index.html")):
        url = strict_site + page_address(built_site, html)
        page.goto(url)
        page.wait_for_load_state("load")
        assert violations(page) == [], url
    watch.assert_clean()


def test_search_and_palette_work_under_the_policy(strict_tab, strict_site):
    page, watch = strict_tab
    page.goto(strict_site)
    page.fill("input[data-md-component=search-query]", "alliance")
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("Escape")
    scheme = page.get_attribute("body", "data-md-color-scheme")
    page.click("form[data-palette] label:visible")
    page.wait_for_function("(old) => document.body.getAttribute('data-md-color-scheme') !== old", arg=scheme)
    assert violations(page) == []
    watch.assert_clean()


@pytest.mark.parametrize("calc", CALCULATORS)
def test_every_calculator_reaches_ready_under_the_policy(strict_tab, strict_site, calc):
    page, watch = strict_tab
    open_calculator(page, f"{strict_site}calculators/{calc}/")
    assert violations(page) == []
    watch.assert_clean()
