"""The report's own pages (home and docs/report/): present, summarised, cited, linked.

Reads the strictly built site (`built_site`, tests/conftest.py) once; each test looks at
what a reader sees in the rendered page, not at the Markdown.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

# Every page on the report, by its place in the built site (from mkdocs.yml's nav).
REPORT_PAGES = [
    "index.html",
    "report/index.html",
    *(
        f"report/{name}/index.html"
        for name in (
            "executive-summary",
            "introduction",
            "emergence",
            "prime-contractor",
            "prime-provider",
            "alliance",
            "comparison",
            "contract-principles",
            "designing-the-contract",
            "procurement-and-resources",
            "lessons",
            "conclusions",
        )
    ),
]

MODEL_PAGES = ["prime-contractor", "prime-provider", "alliance"]


@pytest.fixture(scope="module")
def pages(article) -> dict[str, BeautifulSoup]:
    """Each report page's main content (the <article>)."""
    return {page: article(page) for page in REPORT_PAGES}


@pytest.mark.parametrize("page", REPORT_PAGES)
def test_page_has_a_title_and_opens_with_a_short_summary(pages, page):
    article = pages[page]
    h1 = article.find("h1")
    assert h1 is not None and h1.get_text(strip=True), f"{page}: no page title (h1)"
    first_block = h1.find_next_sibling(lambda tag: tag.name in {"p", "div", "ul", "table", "h2"})
    assert first_block is not None and "admonition" in first_block.get("class", []), (
        f"{page}: the page should open, under its title, with a summary box "
        f"(!!! abstract); found {first_block.name if first_block else 'nothing'}"
    )
    words = len(first_block.get_text(" ", strip=True).split())
    assert 15 <= words <= 90, f"{page}: the opening summary has {words} words; keep it to 2-3 lines"


@pytest.mark.parametrize("page", REPORT_PAGES)
def test_page_cites_its_source_with_a_link_to_the_references(pages, page):
    links = [
        a["href"] for a in pages[page].find_all("a", href=True)
        if "references/" in a["href"] and "#" in a["href"]
    ]
    assert links, (
        f"{page}: no citation linking to an entry on the references page; "
        'add {{ cite("addicott-2014", "p. N") }} after the facts it supports'
    )


@pytest.mark.parametrize("page", REPORT_PAGES)
def test_no_macro_placeholder_or_unrendered_template_left(pages, page):
    text = pages[page].get_text(" ", strip=True)
    assert "{{" not in text and "{%" not in text, f"{page}: an unrendered macro is showing"
    assert not pages[page].select(".data-placeholder"), f"{page}: a macro still shows its placeholder"


def _internal_links(article: BeautifulSoup) -> set[str]:
    return {a["href"] for a in article.find_all("a", href=True) if not a["href"].startswith(("http", "#"))}


@pytest.mark.parametrize("model", MODEL_PAGES)
def test_model_page_links_to_its_case_studies_principles_and_comparison(pages, model):
    links = " ".join(_internal_links(pages[f"report/{model}/index.html"]))
    expected_cases = {
        "prime-contractor": ["staffordshire", "bedfordshire"],
        "prime-provider": ["cambridgeshire", "salford"],
        "alliance": ["lambeth", "salford"],
    }[model]
    for case in expected_cases:
        assert f"case-studies/{case}/" in links, f"{model}: no link to the {case} case study"
    assert "comparison/" in links, f"{model}: no link to the comparison page"
    assert "contract-principles/" in links or "lessons/" in links, (
        f"{model}: no link to the contract principles or lessons"
    )


def test_home_links_to_every_section_a_reader_needs(pages):
    links = " ".join(_internal_links(pages["index.html"]))
    for target in (
        "report/", "case-studies/", "nuffield/", "calculators/", "glossary/", "references/",
        "report/prime-contractor/", "report/prime-provider/", "report/alliance/",
    ):
        assert target in links, f"home page: no link to {target}"
    for case in ("staffordshire", "bedfordshire", "cambridgeshire", "lambeth", "salford"):
        assert f"case-studies/{case}/" in links, f"home page: no link to the {case} case study"


def test_report_overview_maps_every_report_page(pages):
    links = " ".join(_internal_links(pages["report/index.html"]))
    for page in REPORT_PAGES[2:]:
        name = page.split("/")[1]
        assert f"{name}/" in links, f"report overview: no link to {name}"


def test_emergence_page_carries_the_health_warning(pages):
    text = pages["report/emergence/index.html"].get_text(" ", strip=True).lower()
    assert "health warning" in text
    assert "scaffolding" in text


def test_principles_page_gives_the_48_hour_follow_up_example(pages):
    text = pages["report/contract-principles/index.html"].get_text(" ", strip=True)
    assert "48 hours" in text and "diabetes" in text
    for heading in ("Contracting to deliver outcomes", "Contracting for service integration",
                    "Contracting to shift costs"):
        assert heading in text, f"contract principles: no section '{heading}'"


def test_lessons_page_has_the_four_lessons(pages):
    headings = [h.get_text(" ", strip=True) for h in pages["report/lessons/index.html"].find_all("h2")]
    numbered = [h for h in headings if h[:2] in {"1.", "2.", "3.", "4."}]
    assert len(numbered) == 4, f"lessons: expected four numbered lessons, found {headings}"


def test_comparison_page_renders_the_three_models_side_by_side(pages):
    tables = pages["report/comparison/index.html"].find_all("table")
    side_by_side = [
        t for t in tables
        if all(name in t.get_text(" ", strip=True) for name in ("Prime contractor", "Prime provider", "Alliance"))
    ]
    assert side_by_side, "comparison: no table that sets the three models side by side"


def test_comparison_reading_guide_names_rows_the_table_has(pages):
    """The guide explains the data table's rows by name; a renamed row must not leave it stale."""
    article = pages["report/comparison/index.html"]
    table = next(
        t for t in article.find_all("table")
        if all(name in t.get_text(" ", strip=True) for name in ("Prime contractor", "Prime provider", "Alliance"))
    )
    row_labels = {th.get_text(" ", strip=True) for th in table.find_all("th")}
    heading = article.find(id="how-to-read-the-comparison")
    assert heading is not None, "comparison: no reading guide"
    guide = []  # the guide's own text, up to the next section
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        guide.append(sibling)
    named = [strong.get_text(" ", strip=True) for part in guide for strong in part.find_all("strong")]
    stale = [label for label in named if label not in row_labels]
    assert not stale, f"comparison: the guide explains rows the table does not have: {stale} (rows: {sorted(row_labels)})"


def test_comparison_is_short_not_a_repeat_of_the_model_pages(pages):
    # A copy: the parsed page is shared with the other tests of the session.
    article = BeautifulSoup(str(pages["report/comparison/index.html"]), "html.parser")
    for table in article.find_all("table"):
        table.decompose()
    words = len(article.get_text(" ").split())
    assert words < 700, f"comparison: {words} words of prose outside the tables; keep it to the side-by-side view"


def test_calculator_links_load_presets_that_exist(pages):
    """A `?preset=` link from the report must name a preset some case-study file defines,
    or the calculator opens empty."""
    data = Path(__file__).resolve().parents[2] / "data" / "case-studies"
    presets = {
        preset["id"]
        for path in data.glob("*.yaml")
        for preset in (yaml.safe_load(path.read_text(encoding="utf-8")).get("presets") or [])
    }
    linked = {
        (page, match.group(1))
        for page, article in pages.items()
        for a in article.find_all("a", href=True)
        if (match := re.search(r"[?&]preset=([\w-]+)", a["href"]))
    }
    assert linked, "no report page links to a calculator with a case study's preset"
    unknown = sorted((page, preset) for page, preset in linked if preset not in presets)
    assert not unknown, f"links to presets no case study defines: {unknown}; known: {sorted(presets)}"
