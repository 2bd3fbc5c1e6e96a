"""hooks/held_html.py: the HTML a calculator's macro held back from Markdown is back in its page.

The macro writes a placeholder into the Markdown (macros/render/held.py) and the hook puts
the form and result back after Markdown has run; a placeholder left in a page would be a
calculator page with no calculator.
"""

from __future__ import annotations

import calculators


def test_no_page_keeps_a_placeholder(built_site):
    for page in built_site.rglob("*.html"):
        assert "<!-- held:" not in page.read_text(encoding="utf-8"), page


def test_every_calculator_page_has_its_form_and_result(article):
    for name in calculators.CALCULATORS:
        page = article(f"calculators/{name}/index.html")
        root = page.select_one(f'[data-calculator="{name}"]')
        assert root is not None, name
        assert root.select_one("form[data-form]") and root.select_one("[data-result]").get_text(strip=True)

