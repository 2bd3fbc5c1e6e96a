"""The five case-study pages: fact box, outcome lists and figures agree with data/.

Reads the strictly built site (`built_site`, tests/conftest.py) once and each case's
YAML file once; every check compares what a reader sees with the data it came from.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

REPO_ROOT = Path(__file__).resolve().parents[2]
CASES = ["staffordshire", "bedfordshire", "cambridgeshire", "lambeth", "salford"]

# Sections every case page has, in this order (the report's own order for each case).
SECTIONS = [
    "History",
    "The problem",
    "Why",
    "Stage of development",
    "Payment model",
    "Terms of the contract",
    "Challenges and features of success",
    "Key dates",
    "Try the numbers",
]

# Figures a page may state that are not in its case-study file, each matched to the
# exact source figure it restates: {case: {figure as read from the page: where it is}}.
SOURCE_ONLY_FIGURES = {
    "cambridgeshire": {("money", Decimal("1000000")): "Addicott 2014, p. 44: 'in the region of £1 million per year'"},
}

MONEY = re.compile(r"£\s?(\d[\d,]*(?:\.\d+)?)\s*(billion|million|bn|m)?\b", re.I)
PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:per cent|%)")
SCALE = {None: 1, "million": 10**6, "m": 10**6, "billion": 10**9, "bn": 10**9}


def read_case(case_id: str) -> dict:
    with open(REPO_ROOT / "data" / "case-studies" / f"{case_id}.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def numbers_under(value, keys: set[str]) -> set[Decimal]:
    """Every number stored under one of `keys`, anywhere in a YAML document."""
    found: set[Decimal] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key in keys and isinstance(item, (int, float)) and not isinstance(item, bool):
                found.add(Decimal(str(item)).normalize())
            elif key in keys and isinstance(item, list):
                found.update(Decimal(str(x)).normalize() for x in item if isinstance(x, (int, float)))
            else:
                found |= numbers_under(item, keys)
    elif isinstance(value, list):
        for item in value:
            found |= numbers_under(item, keys)
    return found


def page_figures(text: str) -> set[tuple[str, Decimal]]:
    figures = set()
    for number, scale in MONEY.findall(text):
        amount = Decimal(number.replace(",", "")) * SCALE[scale.lower() if scale else None]
        figures.add(("money", amount.normalize()))
    for number in PERCENT.findall(text):
        figures.add(("percent", Decimal(number).normalize()))
    return figures


@pytest.fixture(scope="module")
def case_pages(article) -> dict[str, BeautifulSoup]:
    return {case_id: article(f"case-studies/{case_id}/index.html") for case_id in CASES}


@pytest.mark.parametrize("case_id", CASES)
def test_page_opens_with_a_summary_then_the_fact_box(case_pages, case_id):
    article = case_pages[case_id]
    h1 = article.find("h1")
    assert h1 is not None, f"{case_id}: no title"
    # the summary is the page's first element after the title: an "In brief" box
    summary = h1.find_next_sibling()
    assert summary is not None and "abstract" in summary.get("class", []), (
        f"{case_id}: the page should open with an 'In brief' summary box"
    )
    words = summary.get_text(" ").split()
    assert words[:2] == ["In", "brief"] and 20 <= len(words) - 2 <= 80, (
        f"{case_id}: the summary should be two or three lines, got {len(words) - 2} words"
    )
    first_h2 = article.find("h2")
    box = article.find(class_="data-facts")
    assert box is not None, f"{case_id}: no fact box (case_study_facts) on the page"
    assert first_h2 is not None and box in first_h2.find_all_previous(), (
        f"{case_id}: the fact box should come before the first section heading"
    )
    data = read_case(case_id)
    box_text = " ".join(box.get_text().split())
    contract = data["contract"]
    years = contract["term"]["years"]
    length = f"{int(years)}½" if years % 1 == 0.5 else f"{years:g}"
    assert f"{length} years" in box_text, f"{case_id}: fact box lacks the contract length"
    for partner in data["partners"]:
        shown = partner.get("short_name") or partner["name"]
        assert shown in box_text or partner["name"] in box_text, (
            f"{case_id}: fact box does not name partner {partner['name']!r}"
        )


@pytest.mark.parametrize("case_id", CASES)
def test_page_has_every_section_in_order(case_pages, case_id):
    headings = [" ".join(h.get_text(" ").replace("¶", "").split()) for h in case_pages[case_id].find_all("h2")]
    positions = []
    for wanted in SECTIONS:
        matches = [i for i, text in enumerate(headings) if text.startswith(wanted)]
        assert matches, f"{case_id}: no section {wanted!r}; sections are {headings}"
        positions.append(matches[0])
    assert positions == sorted(positions), f"{case_id}: sections out of order: {headings}"


@pytest.mark.parametrize("case_id", CASES)
def test_outcome_list_shows_exactly_the_measures_in_the_data(case_pages, case_id):
    outcomes = read_case(case_id)["outcomes"]
    block = case_pages[case_id].find(id=f"outcomes-{case_id}")
    assert block is not None, f"{case_id}: no outcome framework (case_study_outcomes) on the page"
    shown = [" ".join(li.get_text().split()) for li in block.find_all("li")]
    assert shown == [" ".join(m["name"].split()) for m in outcomes["measures"]], (
        f"{case_id}: the outcome list on the page differs from the data"
    )
    assert " ".join(outcomes["summary"].split()) in " ".join(block.get_text().split())


def report_part(article: BeautifulSoup) -> BeautifulSoup:
    """A copy of a case page without its closing "What happened next" section.

    That section is about events after the report, cited to later sources, not to the
    case-study file (tests/content/test_since_2014.py checks it).
    """
    copy = BeautifulSoup(str(article), "html.parser")
    heading = copy.find("h2", id="what-happened-next")
    if heading is not None:
        for tag in heading.find_next_siblings():
            tag.decompose()
        heading.decompose()
    return copy


@pytest.mark.parametrize("case_id", CASES)
def test_every_figure_on_the_page_is_in_the_data(case_pages, case_id):
    data = read_case(case_id)
    allowed = {("money", n) for n in numbers_under(data, {"amount"})}
    allowed |= {("percent", n) for n in numbers_under(data, {"percent", "weight_pct", "by_year"})}
    allowed |= set(SOURCE_ONLY_FIGURES.get(case_id, {}))
    article = report_part(case_pages[case_id])
    for links in article.select(".calculator-links, nav"):  # link labels are not figures
        links.decompose()
    shown = page_figures(article.get_text(" "))
    stray = sorted(f"{kind} {value}" for kind, value in shown - allowed)
    assert not stray, (
        f"{case_id}: the page states figures that are not in data/case-studies/{case_id}.yaml "
        f"(put them in the data and use fact(), or correct them): {stray}"
    )


def test_index_shows_table_1_and_links_every_case(article):
    article = article("case-studies/index.html")
    tables = article.find_all("table")
    assert tables, "case-studies index: Table 1 is missing"
    table_text = " ".join(tables[0].get_text(" ").split())
    for case_id in CASES:
        assert read_case(case_id)["name"] in table_text, f"Table 1 has no column for {case_id}"
    hrefs = {a.get("href", "") for a in article.find_all("a")}
    for case_id in CASES:
        assert any(h.rstrip("/").endswith(case_id) or f"{case_id}/" in h for h in hrefs), (
            f"case-studies index does not link to {case_id}"
        )


@pytest.mark.parametrize("case_id", CASES)
def test_each_line_of_the_timeline_starts_with_a_capital(case_pages, case_id):
    """A date opens each line of Key dates: "Early 2013", not "early 2013"."""
    dates = [t.get_text() for t in case_pages[case_id].select("li > time")]
    assert dates, f"{case_id}: no timeline"
    assert all(d[:1].isupper() or d[:1].isdigit() for d in dates), f"{case_id}: {dates}"
