"""Search with its index fetched on demand (overrides/search-on-demand.js).

A page loads without Material's search index; going to search (a key, a click) fetches
it, and a query typed while it downloads is answered once it has arrived. A page opened
from a search result, which highlights the words searched for, fetches it at once.
"""

from __future__ import annotations

import pytest

from macros import data as site_data
from tests.browser.conftest import new_context

pytestmark = pytest.mark.browser

INDEX = "**/search/search_index.json"
QUERY_BOX = "input[data-md-component=search-query]"
RESULT = ".md-search-result__item"


@pytest.fixture
def fresh_tab(browser):
    """A tab with an empty cache and no service worker, so every fetch is seen."""
    context, watch = new_context(browser, service_workers="block")
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url) if r.url.endswith("/search/search_index.json") else None)
    yield page, requested
    watch.assert_clean()
    context.close()


def a_case_study_name() -> str:
    return next(iter(site_data.load().case_studies.values())).name


def test_no_page_loads_the_search_index(fresh_tab, served_site, built_site):
    """The home page and the first page of each section (a calculator page among them)."""
    page, requested = fresh_tab
    sections = {html.relative_to(built_site).parts[0]: html for html in sorted(built_site.glob("*/**/index.html"))}
    for html in [built_site / "index.html", *sections.values()]:
        path = html.parent.relative_to(built_site).as_posix()
        page.goto(served_site + ("" if path == "." else path + "/"), wait_until="networkidle")
        assert requested == [], path


@pytest.mark.parametrize("how", ["key /", "key s", "click the box", "tap the search button on a phone"])
def test_going_to_search_fetches_the_index_and_finds_results(fresh_tab, served_site, how):
    page, requested = fresh_tab
    if "phone" in how:
        page.set_viewport_size({"width": 390, "height": 844})
    page.goto(served_site, wait_until="networkidle")
    with page.expect_request(INDEX):
        if how == "click the box":
            page.click(QUERY_BOX)
        elif "phone" in how:
            page.click("label.md-header__button[for=__search]")
        else:
            page.keyboard.press(how.removeprefix("key "))
    page.keyboard.type(a_case_study_name().split()[0])
    page.wait_for_selector(RESULT)
    assert len(requested) == 1


def test_a_query_typed_while_the_index_downloads_is_answered(fresh_tab, served_site):
    page, _ = fresh_tab
    held = []
    page.route(INDEX, lambda route: held.append(route))  # held until the query has been typed
    page.goto(served_site, wait_until="networkidle")
    with page.expect_request(INDEX):
        page.fill(QUERY_BOX, a_case_study_name().split()[0])
    for _ in range(1000):  # until Playwright has handed the held request over (round trips, no sleeping)
        if held:
            break
        page.evaluate("0")
    assert len(held) == 1 and page.locator(RESULT).count() == 0
    held[0].continue_()
    page.wait_for_selector(RESULT)


def test_a_page_opened_from_a_search_result_fetches_the_index_at_once(fresh_tab, served_site):
    page, requested = fresh_tab
    word = a_case_study_name().split()[0]
    with page.expect_request(INDEX):
        page.goto(f"{served_site}?h={word}")
    assert len(requested) == 1
