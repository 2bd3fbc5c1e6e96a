"""axe-core (from npm) finds no WCAG 2.x A/AA or 2.2 AA violation on any page of the site.

Every HTML file of the build is checked in Material's light and dark palettes, on a
laptop's screen and, where the layout differs (tables, the calculators), on a phone's;
the calculator pages are also checked once Python has computed (ready) and while the
form shows errors.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import new_context
from tests.browser.helpers import CALCULATORS, SCREENS, open_calculator, settle

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page) -> list[str]:
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async (tags) => {
             const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
             return r.violations.map(v => `${v.id} (${v.impact}): ${v.help} at ` +
               v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
           }""",
        TAGS,
    )
    return found


@pytest.fixture(scope="module")
def context_and_watch(browser):
    """As conftest's, but past the site's Content-Security-Policy: these tests put axe
    and a style without transitions into the pages, which the policy rightly refuses
    (tests/browser/test_csp.py checks the site under it)."""
    context, watch = new_context(browser, bypass_csp=True)
    yield context, watch
    context.close()


NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def check_both_palettes(page) -> dict:
    """Violations in the light palette, then in the dark one (switched in place; colour
    transitions are turned off so axe sees the settled colours)."""
    page.add_style_tag(content=NO_TRANSITIONS)
    out = {}
    for scheme in ("default", "slate"):
        page.evaluate("(s) => document.body.setAttribute('data-md-color-scheme', s)", scheme)
        problems = axe_violations(page)
        if problems:
            out[scheme] = problems
    return out


#: Pages lay out differently on a phone: wide tables scroll sideways, and a calculator's
#: key figures become a bar at the foot of the screen.


def _pages(built_site: Path) -> list[str]:
    """Every page except the calculators, which the next test checks once Python is ready."""
    return sorted(
        str(p.relative_to(built_site))
        for p in built_site.rglob("*.html")
        if "data-calculator=" not in p.read_text(encoding="utf-8")
    )


@pytest.mark.parametrize("screen", SCREENS)
def test_axe_finds_nothing_on_any_content_page(built_site, served_site, context_and_watch, watch, screen):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make setup` (npm ci)")
    context, _ = context_and_watch
    page = context.new_page()
    page.set_viewport_size(SCREENS[screen])
    failures = {}
    try:
        pages = _pages(built_site)
        assert len(pages) > 10, pages
        if screen == "phone":
            # What a phone lays out differently on a content page is its tables (they
            # scroll sideways); Material's header and menus are the same on every page.
            pages = [rel for rel in pages if "<table" in (built_site / rel).read_text(encoding="utf-8")]
            assert pages, "no content page has a table"
        for rel in pages:
            url = served_site + rel.removesuffix("index.html")
            page.goto(url)
            problems = check_both_palettes(page)
            if problems:
                failures[rel] = problems
    finally:
        page.close()
    assert not failures, "axe-core violations:\n" + "\n".join(
        f"{rel} [{scheme}]: {p}" for rel, by in failures.items() for scheme, ps in by.items() for p in ps
    )


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("calc", CALCULATORS)
def test_axe_on_calculators_when_ready_and_when_showing_errors(tab, watch, served_site, calc, screen):
    tab.set_viewport_size(SCREENS[screen])
    open_calculator(tab, f"{served_site}calculators/{calc}/")
    tab.click("[data-pin]")  # the comparison table too
    tab.wait_for_selector("[data-comparison]:not([hidden]) table")
    assert check_both_palettes(tab) == {}, "ready state"
    first = tab.locator("[data-form] input[inputmode=decimal]").first
    first.fill("not a number")
    settle(tab)
    assert tab.locator("[data-error-summary]").is_visible()
    assert check_both_palettes(tab) == {}, "error state"


@pytest.mark.parametrize("screen", SCREENS)
def test_axe_while_python_downloads(browser, served_site, screen):
    """The loading state: the download's floating panel (progress bar, text, Hide button)
    over the page, in both palettes."""
    context, _ = new_context(browser, viewport=SCREENS[screen], service_workers="block", bypass_csp=True)
    try:
        page = context.new_page()
        held = []
        page.route("**/vendor/calculators.whl", lambda route: held.append(route))  # the last file, held
        page.goto(f"{served_site}calculators/{next(iter(CALCULATORS))}/")
        page.wait_for_selector("[data-progress] progress")
        problems = check_both_palettes(page)
        assert not problems, f"axe-core violations while downloading on a {screen}: {problems}"
        for route in held:
            route.continue_()
    finally:
        context.close()
