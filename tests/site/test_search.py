"""The search index exists and finds the report's key terms on the right pages."""

from __future__ import annotations

import json

import pytest

# term -> the page (URL under the site root) where a reader searching for it must land.
KEY_TERMS = {
    "prime contractor": "report/prime-contractor/",
    "prime provider": "report/prime-provider/",
    "alliance": "report/alliance/",
    "outcomes": "report/designing-the-contract/",
    "Staffordshire": "case-studies/staffordshire/",
    "Bedfordshire": "case-studies/bedfordshire/",
    "Cambridgeshire": "case-studies/cambridgeshire/",
    "Lambeth": "case-studies/lambeth/",
    "Salford": "case-studies/salford/",
    "integrated care": "",
    "commissioners": "report/lessons/",
    "risk share": "calculators/risk-share/",
    "gain": "calculators/alliance/",
}


@pytest.fixture(scope="module")
def search_index(built_site):
    path = built_site / "search" / "search_index.json"
    assert path.is_file(), "the build wrote no search index"
    return json.loads(path.read_text("utf-8"))


def test_search_index_covers_every_nav_page(search_index, nav_pages):
    indexed = {doc["location"].split("#")[0] for doc in search_index["docs"]}
    missing = [p.url for p in nav_pages if p.url not in indexed]
    assert not missing, f"pages missing from the search index: {missing}"


@pytest.mark.parametrize(("term", "page"), KEY_TERMS.items())
def test_key_term_is_found_on_its_page(search_index, term, page):
    entries = [d for d in search_index["docs"] if d["location"].split("#")[0] == page]
    assert entries, f"{page or 'home page'} is not in the search index"
    found = any(term.lower() in (d["title"] + " " + d["text"]).lower() for d in entries)
    assert found, f"searching for {term!r} does not find {page or 'the home page'}"
