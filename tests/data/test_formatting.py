"""How figures and citations are written on the page (one place: macros/formatting.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from macros import citations, formatting
from macros.data import schema


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (26500000, "£26.5 million"),
        (130000000, "£130 million"),
        (1200000000, "£1.2 billion"),
        (860000, "£860,000"),
        (Decimal("65333333.33"), "£65.33 million"),
        (Decimal("1234.5"), "£1,234.50"),
        (0, "£0"),
        (-8000000, "−£8 million"),
    ],
)
def test_money(amount, shown):
    assert formatting.money(amount) == shown


@pytest.mark.parametrize(
    ("value", "shown"), [(3.5, "3½ years"), (1, "1 year"), (10, "10 years"), (0.5, "½ years")]
)
def test_years(value, shown):
    assert formatting.years(value) == shown


@pytest.mark.parametrize(
    ("date", "qualifier", "shown"),
    [("2014-04", None, "April 2014"), ("2015-03-01", None, "1 March 2015"), ("2015", "mid", "mid-2015"),
     ("2012", "early", "early 2012")],
)
def test_partial_dates(date, qualifier, shown):
    assert formatting.partial_date(date, qualifier) == shown


def test_percent_and_fractions():
    assert formatting.percent(2.5) == "2.5%"
    assert formatting.percent(95.0) == "95%"
    assert formatting.fraction("2/3") == "two-thirds"


def test_abbreviations_in_html_get_tooltips_once_and_text_is_escaped():
    abbr = formatting.Abbreviations({"CCG": "clinical commissioning group", "A&E": "accident and emergency"})
    assert abbr.text("Bedfordshire CCG & A&E") == (
        'Bedfordshire <abbr title="clinical commissioning group">CCG</abbr> &amp; '
        '<abbr title="accident and emergency">A&amp;E</abbr>'
    )
    assert abbr.text("CCGs") == "CCGs"  # not inside longer words


@pytest.mark.parametrize(
    ("authors", "year", "page", "shown"),
    [
        ("Addicott R", 2014, "21", "Addicott 2014, p. 21"),
        ("Addicott R", 2014, "15-19", "Addicott 2014, pp. 15–19"),
        ("Addicott R, Shortell S", 2014, None, "Addicott and Shortell 2014"),
        ("Smith J, Curry N, Mays N, Dixon J", 2010, "p. 3", "Smith et al 2010, p. 3"),
        ("The King's Fund", "n.d.", "prime contractor model", "The King's Fund n.d., prime contractor model"),
    ],
)
def test_citation_labels(authors, year, page, shown):
    reference = schema.Reference(id="x", role="source", authors=authors, year=year, title="t", publisher="p")
    assert citations.label(reference, page) == shown


def test_partial_dates_read_as_english():
    from macros.formatting import partial_date

    assert partial_date("2015", "mid") == "mid-2015"
    assert partial_date("2012", "early") == "early 2012"
    assert partial_date("2014-04", "late") == "late April 2014"


def test_et_al_in_the_source_is_not_repeated_in_the_citation():
    from macros.citations import author_label

    assert author_label("Ferlie E et al") == "Ferlie et al"
    assert author_label("Addicott R") == "Addicott"
    assert author_label("Ham C, Walsh N") == "Ham and Walsh"
