"""Glossary, references and the Nuffield Trust pages, read from the built site.

- every glossary term has an anchor on the glossary page, and every abbreviation gets its
  tooltip (<abbr title=...>) on the pages that use it;
- every in-text citation links to an entry that exists on the references page;
- the Nuffield pages show every option and every question of the data, the questions as
  boxes a reader can tick.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from macros import data as site_data

REPO_ROOT = Path(__file__).resolve().parents[2]


def load(name: str) -> dict:
    with open(REPO_ROOT / "data" / name, encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module")
def site_pages(built_site: Path) -> dict[str, BeautifulSoup]:
    """Every content page of the built site (not 404), keyed by its path in the site."""
    pages = {}
    for path in sorted(built_site.rglob("index.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("article")
        if soup is not None:
            pages[path.relative_to(built_site).as_posix()] = soup
    assert "glossary/index.html" in pages and "references/index.html" in pages
    return pages


def ids_in(article: BeautifulSoup) -> set[str]:
    return {tag["id"] for tag in article.find_all(id=True)}


# -- Glossary ---------------------------------------------------------------------


def test_every_glossary_term_has_an_anchor_and_its_definition(site_pages):
    glossary = site_pages["glossary/index.html"]
    text = " ".join(glossary.get_text().split())
    anchors = ids_in(glossary)
    for entry in load("glossary.yaml")["terms"]:
        # The anchor is where the term's text is: find the element with an id that
        # holds the term, so a link like glossary/#ccg lands on it.
        holders = [tag for tag in glossary.find_all(id=True)
                   if entry["term"] in " ".join(tag.get_text().split())]
        assert holders, f"glossary page: no anchor (id) on the entry for {entry['term']!r}"
        definition_start = " ".join(entry["definition"].split())[:60]
        assert definition_start in text, f"glossary page: definition of {entry['term']!r} missing"
    assert len(anchors) >= len(load("glossary.yaml")["terms"])


def test_links_into_the_glossary_land_on_an_entry(site_pages):
    anchors = ids_in(site_pages["glossary/index.html"])
    broken = []
    for page, article in site_pages.items():
        for a in article.find_all("a", href=True):
            target = urlsplit(urljoin("/" + page, a["href"]))
            if target.path.rstrip("/").endswith("/glossary") and target.fragment:
                if target.fragment not in anchors:
                    broken.append(f"{page}: {a['href']}")
    assert not broken, f"links to glossary entries that do not exist: {broken}"


def abbreviations() -> list[dict]:
    return [t for t in load("glossary.yaml")["terms"] if t.get("expansion")]


def visible_text(article: BeautifulSoup) -> str:
    return " ".join(t for t in article.find_all(string=True) if t.parent.name not in {"script", "style"})


def has_tooltip(article: BeautifulSoup, term: str, expansion: str) -> bool:
    return any(abbr.get_text() == term and abbr.get("title", "").lower() == expansion.lower()
               for abbr in article.find_all("abbr"))


OWN_PAGES = ("case-studies/", "nuffield/")


@pytest.mark.parametrize("entry", abbreviations(), ids=lambda t: t["term"])
def test_abbreviation_has_its_tooltip_where_it_is_used(site_pages, entry):
    term, expansion = entry["term"], entry["expansion"]
    word = re.compile(rf"(?<![\w&-]){re.escape(term)}(?![\w&-])")
    # The glossary spells every term out itself; the references page reproduces
    # bibliographic entries as published, without added markup. The calculator pages
    # build their forms and results as HTML outside Markdown and are checked by their
    # own tests (tests/browser/).
    using = [page for page, article in site_pages.items()
             if page not in {"glossary/index.html", "references/index.html"}
             and not page.startswith("calculators/")
             and word.search(visible_text(article))]
    tooltips = [page for page in using if has_tooltip(site_pages[page], term, expansion)]
    assert not using or tooltips, (
        f"{term!r} is used on {using[:5]} but never shown with <abbr title=\"{expansion}\">"
    )
    # On the case-study and Nuffield pages, every page that uses it has the tooltip.
    missing = [page for page in using if page.startswith(OWN_PAGES) and page not in tooltips]
    assert not missing, f"{term!r} appears without its tooltip on {missing}"
    # On the glossary itself the expansion is written out beside the term.
    entry_tag = site_pages["glossary/index.html"].find(id=slug(term))
    assert entry_tag is not None and expansion in entry_tag.get_text(), (
        f"glossary page: {term!r} is not spelled out as {expansion!r}"
    )


def test_abbreviations_get_tooltips_on_the_case_and_nuffield_pages(site_pages):
    pages = [p for p in site_pages if p.startswith(("case-studies/", "nuffield/"))]
    titled = {abbr.get_text() for p in pages for abbr in site_pages[p].find_all("abbr", title=True)}
    assert {"CCG", "CQUIN", "QIPP", "MSK", "NHS"} <= titled, f"tooltips found only for {sorted(titled)}"


def slug(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


# -- References and citations -----------------------------------------------------


def test_references_page_lists_every_reference_with_its_link(site_pages):
    references = site_pages["references/index.html"]
    anchors = ids_in(references)
    text = " ".join(references.get_text(" ").split())
    hrefs = {a["href"] for a in references.find_all("a", href=True)}
    for ref in site_data.load(REPO_ROOT / "data", check_presets=False).references.values():
        assert ref.id in anchors, f"references page: no anchor for {ref.id}"
        assert " ".join(ref.title.split()) in text, f"references page: title of {ref.id} missing"
        if ref.url:
            assert ref.url in hrefs, f"references page: {ref.id} has no link to {ref.url}"


def test_every_citation_links_to_an_existing_reference(site_pages):
    anchors = ids_in(site_pages["references/index.html"])
    citations, broken = 0, []
    for page, article in site_pages.items():
        for a in article.find_all("a", href=True):
            target = urlsplit(urljoin("/" + page, a["href"]))
            if target.path.rstrip("/").endswith("/references") and target.fragment:
                citations += 1
                if target.fragment not in anchors:
                    broken.append(f"{page}: {a['href']}")
    assert citations > 50, f"only {citations} citations link to the references page"
    assert not broken, f"citations pointing at no reference: {broken}"


@pytest.mark.parametrize("page", [
    "case-studies/staffordshire/index.html", "case-studies/bedfordshire/index.html",
    "case-studies/cambridgeshire/index.html", "case-studies/lambeth/index.html",
    "case-studies/salford/index.html", "nuffield/index.html", "nuffield/options/index.html",
    "nuffield/questions/index.html",
])
def test_case_and_nuffield_pages_cite_their_sources(site_pages, page):
    cites = [a for a in site_pages[page].find_all("a", href=True) if "references/#" in a["href"]]
    assert len(cites) >= 3, f"{page}: cites its sources only {len(cites)} times"


# -- Nuffield Trust ----------------------------------------------------------------


def test_options_page_shows_every_option_with_its_trade_offs(site_pages):
    text = " ".join(site_pages["nuffield/options/index.html"].get_text(" ").split())
    options = load("nuffield.yaml")["options"]
    assert len(options) == 5
    for option in options:
        assert option["name"] in text, f"options page: {option['name']!r} missing"
        for point in option["strengths"] + option["weaknesses"]:
            assert " ".join(point.split()) in text, f"options page: {point!r} missing"


def test_questions_page_is_a_checklist_of_every_question(site_pages):
    article = site_pages["nuffield/questions/index.html"]
    questions = load("nuffield.yaml")["questions"]
    assert len(questions) == 10
    boxes = article.find_all("input", attrs={"type": "checkbox"})
    assert len(boxes) == len(questions), f"expected {len(questions)} tick boxes, found {len(boxes)}"
    text = " ".join(article.get_text(" ").split())
    for question in questions:
        assert question["question"] in text, f"questions page: {question['question']!r} missing"
        # its full stop follows the citation of a fact it uses, if any
        assert " ".join(question["why_it_matters"].split()).rstrip(".") in text, (
            f"questions page: why {question['id']!r} matters is missing"
        )
