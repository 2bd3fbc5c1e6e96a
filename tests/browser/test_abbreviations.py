"""Abbreviations explained on a tap (overrides/abbreviations.js).

A phone has no hover, so the browser's title tooltip never shows there: a tap on an
abbreviation shows its expansion next to it, inside the screen (under the site's
Content-Security-Policy), with nothing for axe to report in either palette; the next
tap, or Escape, takes it away. The page used is the first in the build with an
abbreviation that is not part of a link (a tap on a link follows it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.browser.helpers import PHONE
from tests.browser.test_accessibility import check_both_palettes

pytestmark = pytest.mark.browser

TIP = "[role=tooltip]"


def page_with_a_plain_abbreviation(built_site: Path) -> str:
    for path in sorted(built_site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if "data-calculator=" in html:
            continue  # test_accessibility.py checks the calculators, in each of their states
        article = BeautifulSoup(html, "html.parser").find("article")
        if article and any(abbr.find_parent("a") is None for abbr in article.find_all("abbr", title=True)):
            return path.relative_to(built_site).as_posix().removesuffix("index.html")
    pytest.fail("no page has an abbreviation outside a link")


def on_a_phone(fresh_tabs, served_site, built_site, **options):
    """A phone-sized tab on the page, and its first abbreviation outside a link, tapped."""
    page, _ = fresh_tabs(viewport=PHONE, is_mobile=True, has_touch=True, service_workers="block", **options)
    page.goto(served_site + page_with_a_plain_abbreviation(built_site))
    abbr = page.locator("article abbr[title]:not(a abbr)").first
    abbr.scroll_into_view_if_needed()
    assert page.locator(TIP).count() == 0
    abbr.tap()
    return page, abbr


def test_axe_finds_nothing_with_an_expansion_shown(fresh_tabs, served_site, built_site):
    # Past the policy, which rightly refuses axe's script (test_accessibility.py).
    page, _ = on_a_phone(fresh_tabs, served_site, built_site, bypass_csp=True)
    assert check_both_palettes(page) == {}


def test_a_tap_shows_the_expansion_beside_the_abbreviation(fresh_tabs, served_site, built_site):
    phone, abbr = on_a_phone(fresh_tabs, served_site, built_site)
    tip = phone.locator(TIP)
    assert tip.count() == 1
    assert tip.text_content() == abbr.get_attribute("title")
    word, box = abbr.bounding_box(), tip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    assert abs(box["x"] - word["x"]) < PHONE["width"] / 2 and abs(box["y"] - word["y"]) <= box["height"] + word["height"] + 8, (word, box)

    phone.locator("h1").tap()
    assert tip.count() == 0, "a tap elsewhere did not take the expansion away"
    abbr.tap()
    phone.keyboard.press("Escape")
    assert tip.count() == 0, "Escape did not take the expansion away"
    abbr.tap()
    abbr.tap()
    assert tip.count() == 0, "a second tap on the same abbreviation did not take it away"
