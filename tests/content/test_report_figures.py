"""Every sum of money and percentage on the report pages comes from data/ or the report.

Case-study figures are written once, in data/case-studies/*.yaml, and reach the report
pages through the `fact` macro (and the table macros). This test reads the rendered
pages and the YAML independently: a figure typed into the prose that disagrees with the
data, or a data change the pages did not pick up, fails here.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

REPO_ROOT = Path(__file__).resolve().parents[2]
# The home page and every page in docs/report/, as built.
REPORT_PAGES = ["index.html"] + sorted(
    "report/index.html" if md.stem == "index" else f"report/{md.stem}/index.html"
    for md in (REPO_ROOT / "docs" / "report").glob("*.md")
)
CASES = sorted((REPO_ROOT / "data" / "case-studies").glob("*.yaml"))

# Figures the report pages state that are not case-study facts held in data/, each
# checked word for word against the report (Addicott 2014) at the page given.
SOURCE_FIGURES = {
    "£1 million": "p. 44: Cambridgeshire and Peterborough CCG spends about £1 million a year on set-up",
}

MONEY = re.compile(r"£\s?\d[\d,]*(?:\.\d+)?(?:\s(?:million|billion))?")
# "2½%" is caught too, so that a half written as a vulgar fraction fails (data says 2.5).
PERCENT = re.compile(r"\b\d+(?:\.\d+|½)?(?:%|\s?per\scent)")


def _walk(value, key=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, str(k))
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v, key)
    else:
        yield key, value


def _money(amount) -> set[str]:
    """The ways a sum can be written: £26.5 million, £1.2 billion, £800,000."""
    value = Decimal(str(amount))
    shown = {f"£{value:,.0f}"} if value == value.to_integral_value() else {f"£{value:,.2f}"}
    for unit, size in (("billion", 10**9), ("million", 10**6)):
        if value >= size:
            scaled = (value / size).normalize()
            shown.add(f"£{scaled:f} {unit}")
            break
    return shown


def _percent(number) -> set[str]:
    value = f"{Decimal(str(number)).normalize():f}"
    return {f"{value}%", f"{value} per cent"}


@pytest.fixture(scope="module")
def data_figures() -> set[str]:
    """Every sum and percentage the case-study files hold, in the forms pages use."""
    assert CASES, "no case-study data in data/case-studies/"
    figures: set[str] = set()
    for path in CASES:
        for key, value in _walk(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if isinstance(value, bool) or value is None:
                continue
            if key == "amount" and isinstance(value, (int, float)):
                figures |= _money(value)
            elif key in {"percent", "by_year"} and isinstance(value, (int, float)):
                figures |= _percent(value)
            elif key == "wording" and isinstance(value, str):
                figures |= {m.group(0) for m in MONEY.finditer(value)}
                figures |= {m.group(0) for m in PERCENT.finditer(value)}
    return figures


def _text(built_site: Path, page: str) -> str:
    soup = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser")
    return soup.find("article").get_text(" ", strip=True).replace("\u00a0", " ")


@pytest.mark.parametrize("page", REPORT_PAGES)
def test_every_sum_and_percentage_on_the_page_is_in_the_data_or_the_report(built_site, data_figures, page):
    text = _text(built_site, page)
    found = {m.group(0).replace("£ ", "£") for m in MONEY.finditer(text)} | {
        m.group(0) for m in PERCENT.finditer(text)
    }
    unknown = sorted(f for f in found if f not in data_figures and f not in SOURCE_FIGURES)
    assert not unknown, (
        f"{page}: figures not found in data/case-studies/*.yaml: {unknown}. Use "
        '{{ fact("<case>", "<path>") }} for case-study figures, or add a report figure to '
        "SOURCE_FIGURES with its page"
    )


def _case(case_id: str) -> dict:
    return yaml.safe_load((REPO_ROOT / "data" / "case-studies" / f"{case_id}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "page, case_id, path",
    [
        ("report/prime-contractor/index.html", "staffordshire", ["contract", "total_value", "amount"]),
        ("report/prime-contractor/index.html", "bedfordshire", ["contract", "total_value", "amount"]),
        ("report/prime-provider/index.html", "cambridgeshire", ["contract", "total_value", "amount"]),
        ("report/alliance/index.html", "lambeth", ["contract", "total_value", "amount"]),
        ("report/alliance/index.html", "salford", ["contract", "first_year_value", "amount"]),
        ("report/prime-contractor/index.html", "bedfordshire", ["payment", "terms", "at-risk", "percent"]),
        ("report/contract-principles/index.html", "cambridgeshire",
         ["payment", "terms", "outcome-incentive", "percent"]),
        ("report/procurement-and-resources/index.html", "cambridgeshire",
         ["key_figures", "programme-team", "amount"]),
    ],
)
def test_pages_show_the_case_figures_they_discuss_as_the_data_has_them(built_site, page, case_id, path):
    value = _case(case_id)
    for key in path:
        value = value[key]
    forms = _percent(value) if path[-1] == "percent" else _money(value)
    text = _text(built_site, page)
    assert any(form in text for form in forms), (
        f"{page}: {case_id}'s {'.'.join(path)} ({value}) is not shown as any of {sorted(forms)}"
    )


@pytest.mark.parametrize("case_id", ["staffordshire", "bedfordshire", "cambridgeshire", "lambeth", "salford"])
def test_contract_lengths_on_the_design_page_match_the_data(built_site, case_id):
    wording = _case(case_id)["contract"]["term"]["wording"]
    text = _text(built_site, "report/designing-the-contract/index.html")
    assert wording in text, f"designing the contract: {case_id}'s term '{wording}' (from data) is not shown"
