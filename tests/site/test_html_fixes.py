"""What hooks/html_fixes.py adds to Material's pages."""

from __future__ import annotations


def test_the_search_dialog_has_a_name_on_every_page(built_site):
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert 'role="dialog" aria-label="Search the site"' in html, page
