"""The built site shows what data/ says: Table 1, the model comparison, fact boxes.

Uses the session's strict build (`built_site`, tests/conftest.py). Expected values are
read from the data files and formatted by hand-checked rules (see the literal spot
checks), so a page that drifts from data/ fails here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros import data as site_data
from macros import formatting
from macros.render import case_studies
from macros.render.page import Page

REPO_ROOT = Path(__file__).resolve().parents[2]


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


@pytest.fixture(scope="module")
def data():
    return site_data.load()


@pytest.fixture(scope="module")
def table1(built_site):
    page = soup(built_site, "case-studies")
    caption = page.find("caption", string=lambda s: s and s.startswith("The five case-study sites at a glance"))
    assert caption is not None, "case-studies/ has no overview table of the five sites"
    return caption.find_parent("table")


def test_table1_has_a_column_per_site_linking_to_its_page(table1, data):
    headers = table1.find("thead").find_all("th")
    assert all(th.get("scope") == "col" for th in headers)
    sites = headers[1:]
    assert [text(th) for th in sites] == [c.name for c in data.case_studies.values()]
    assert [th.a["href"] for th in sites] == [f"{c.id}/" for c in data.case_studies.values()]


def test_table1_shows_every_sites_values_from_the_data(table1, data):
    rows = {text(tr.th): [text(td) for td in tr.find_all("td")] for tr in table1.find("tbody").find_all("tr")}
    assert all(tr.th.get("scope") == "row" for tr in table1.find("tbody").find_all("tr"))
    for column, case in enumerate(data.case_studies.values()):
        c = case.contract
        assert rows["Focus of contract"][column] == case.focus.summary
        assert formatting.money(c.total_value.amount) in rows["Estimated contract value"][column]
        assert formatting.money(c.first_year_value.amount) in rows["Estimated contract value"][column]
        assert formatting.years(c.term.years) in rows["Length of contract"][column]
        for model in c.type.models:
            assert data.models[model].name in rows["Contract type"][column]
        for partner in case.partners:
            assert (partner.short_name or partner.name) in rows["Main partners"][column]
        for motive in case.motivation:
            assert motive.text in rows["Motivation for change"][column]


def test_table1_spot_checks_against_the_report(table1):
    """The report's own Table 1 figures, typed in by hand (Addicott 2014, p. 9)."""
    values = next(tr for tr in table1.find("tbody").find_all("tr") if text(tr.th) == "Estimated contract value")
    cells = [text(td) for td in values.find_all("td")]
    assert cells == [
        "£1.2 billion (approx. £120 million a year)",
        "£130 million (approx. £26.5 million in the first year)",
        "£800 million (approx. £160 million in the first year)",
        "£24 million (£8 million a year)",
        "approx. £700 million (approx. £98 million in the first year)",
    ]
    lengths = next(tr for tr in table1.find("tbody").find_all("tr") if text(tr.th) == "Length of contract")
    assert [text(td) for td in lengths.find_all("td")] == [
        "10 years",
        "5 years",
        "5 years (option of a further 2 years)",
        "2 years (option of a further 1 year)",
        "3½ years (option of a further 3 years)",
    ]


def test_table1_scrolls_in_its_own_labelled_region(table1):
    region = table1.find_parent("div", class_="data-table")
    assert region["role"] == "region" and region["tabindex"] == "0"
    assert region["aria-labelledby"] == table1.caption["id"]


def test_comparison_table_has_the_three_models(built_site, data):
    page = soup(built_site, "report/comparison")
    table = page.find("caption", string="The three contractual models compared").find_parent("table")
    headers = [text(th) for th in table.find("thead").find_all("th")][1:]
    assert headers == ["Prime contractor", "Prime provider", "Alliance"]
    rows = {text(tr.th): [text(td) for td in tr.find_all("td")] for tr in table.find("tbody").find_all("tr")}
    for aspect in ("What it is", "How money flows", "How accountability flows", "Commissioner and providers",
                   "Who carries which risk", "Advantages", "Disadvantages", "Case studies"):
        assert aspect in rows, f"comparison table lacks a row {aspect!r}"
    for column, model in enumerate(data.models.values()):
        for advantage in model.advantages:
            assert advantage.text in rows["Advantages"][column]
        for disadvantage in model.disadvantages:
            assert disadvantage.text in rows["Disadvantages"][column]
        for risk in model.risks:
            assert risk.party in rows["Who carries which risk"][column]
        for case in data.cases_using(model.id):
            assert case.name in rows["Case studies"][column]


@pytest.mark.parametrize("case_id", ["staffordshire", "bedfordshire", "cambridgeshire", "lambeth", "salford"])
def test_each_case_study_page_has_its_fact_box(built_site, data, case_id):
    case = data.case_studies[case_id]
    page = soup(built_site, f"case-studies/{case_id}")
    box = page.find("aside", id=None, attrs={"aria-labelledby": f"facts-{case_id}"})
    assert box is not None, f"case-studies/{case_id}/ has no fact box"
    facts = {text(dt): dd for dt, dd in zip(box.find_all("dt"), box.find_all("dd"))}
    assert formatting.money(case.contract.total_value.amount) in text(facts["Estimated value"])
    assert formatting.years(case.contract.term.years) in text(facts["Length"])
    for partner in case.partners:
        assert (partner.short_name or partner.name) in text(facts["Partners"])
    # the box names its source once, linking to the references page; facts from other pages give them
    assert box.find(class_="data-facts__source").find("a")["href"].startswith("../../references/#")
    assert "Table 1 (p. 9)" in text(box.find(class_="data-facts__source"))


def test_the_same_figure_appears_on_table1_and_the_case_page(built_site, table1, data):
    for case in data.case_studies.values():
        figure = formatting.money(case.contract.total_value.amount)
        assert figure in text(table1)
        assert figure in text(soup(built_site, f"case-studies/{case.id}").find("aside", class_="data-facts"))


def test_changing_a_value_changes_every_table_that_shows_it(data_copy, page_env, monkeypatch):
    """Edit one figure in a copy of data/ and render the macros from that copy."""
    data_copy.replace_text("case-studies/bedfordshire.yaml", "amount: 130000000", "amount: 131500000")
    monkeypatch.setenv(site_data.DATA_DIR_VARIABLE, str(data_copy.root))
    data = site_data.load()

    def page(src: str) -> Page:
        return Page(page_env(src), data)

    overview = case_studies.table1(page("case-studies/index.md"))
    facts = case_studies.case_study_facts(page("case-studies/bedfordshire.md"), "bedfordshire")
    figure = case_studies.fact(page("report/prime-contractor.md"), "bedfordshire", "contract.total_value.amount")
    for rendered in (overview, facts, figure):
        assert "£131.5 million" in rendered
        assert "£130 million" not in rendered


def test_abbreviations_become_tooltips_on_pages(built_site):
    page = soup(built_site, "case-studies/bedfordshire")
    titles = {abbr.get_text(): abbr.get("title") for abbr in page.find_all("abbr")}
    assert titles.get("CCG") == "clinical commissioning group"


def test_calculator_links_open_each_preset(built_site, data):
    for case in data.case_studies.values():
        page = (built_site / "case-studies" / case.id / "index.html").read_text(encoding="utf-8")
        for preset in case.presets:
            if "calculator_links" not in (REPO_ROOT / "docs/case-studies" / f"{case.id}.md").read_text():
                pytest.skip(f"docs/case-studies/{case.id}.md does not call calculator_links yet")
            assert f'href="../../calculators/{preset.calculator}/?preset={preset.id}"' in page


def test_a_data_error_stops_the_build_with_the_message_and_no_traceback(data_copy):
    data_copy.replace_text("case-studies/bedfordshire.yaml", "amount: 26500000", "amount: lots")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(data_copy.root.parent / "site")],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, site_data.DATA_DIR_VARIABLE: str(data_copy.root), "NO_COLOR": "1",
             "NO_MKDOCS_2_WARNING": "1"},
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "data/case-studies/bedfordshire.yaml, line" in output
    assert "contract.first_year_value.amount: expected an amount in pounds" in output
    assert "Traceback" not in output
