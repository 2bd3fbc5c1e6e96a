"""The data tables (case-study sites, model comparison, payment terms...) on every screen:
on a phone a wide table scrolls sideways but its caption stays readable in view; on a
laptop the model comparison fits its column; on paper every column is printed."""

from __future__ import annotations

import pytest

from tests.browser.helpers import LAPTOP, PHONE

pytestmark = pytest.mark.browser

#: Each data table's caption and scroll box, as laid out: [caption left, right, box width].
CAPTIONS = """() => [...document.querySelectorAll('.data-table')].map(box => {
  const caption = box.querySelector('caption').getBoundingClientRect();
  return {left: caption.left, right: caption.right, scrolls: box.scrollWidth > box.clientWidth};
})"""


def pages_with_data_tables(built_site) -> list[str]:
    return sorted(
        str(p.relative_to(built_site)).removesuffix("index.html")
        for p in built_site.rglob("*.html")
        if 'class="data-table' in p.read_text(encoding="utf-8")
    )


def test_a_wide_tables_caption_stays_in_view_on_a_phone(tab, watch, built_site, served_site):
    pages = pages_with_data_tables(built_site)
    assert pages, "no page has a data table"
    tab.set_viewport_size(PHONE)
    cut = []
    try:
        for rel in pages:
            tab.goto(served_site + rel)
            for i, caption in enumerate(tab.evaluate(CAPTIONS)):
                if caption["left"] < 0 or caption["right"] > PHONE["width"]:
                    cut.append(f"{rel or 'home'} table {i + 1}")
            # Scrolled sideways, the caption keeps its place.
            tab.evaluate("() => document.querySelectorAll('.data-table').forEach(box => box.scrollLeft = box.scrollWidth)")
            for i, caption in enumerate(tab.evaluate(CAPTIONS)):
                if caption["scrolls"] and caption["left"] < 0:
                    cut.append(f"{rel or 'home'} table {i + 1}, scrolled")
    finally:
        tab.set_viewport_size(LAPTOP)
    assert not cut, f"captions cut off on a phone: {cut}"
    watch.assert_clean()


def test_the_model_comparison_fits_a_laptop_and_every_column_prints(tab, watch, built_site, served_site):
    tab.set_viewport_size(LAPTOP)
    tab.goto(f"{served_site}report/comparison/")
    assert not any(c["scrolls"] for c in tab.evaluate(CAPTIONS)), "the comparison table scrolls on a laptop"
    tab.emulate_media(media="print")
    try:
        for rel in pages_with_data_tables(built_site):
            tab.goto(served_site + rel)
            clipped = tab.evaluate("() => [...document.querySelectorAll('.data-table')].some(b => b.scrollWidth > b.clientWidth + 1)")
            assert not clipped, f"{rel or 'home'}: a table's columns are cut off on paper"
    finally:
        tab.emulate_media(media="screen")
    watch.assert_clean()
