"""The data behind the Since 2014 pages: glossary successors and later references are checked at load."""

from __future__ import annotations

from macros import data as site_data

from .conftest import problems_of


def test_the_real_data_has_successors_and_later_sources():
    data = site_data.load()
    replaced = {t.term: t.successor.terms for t in data.glossary.terms if t.successor}
    assert replaced.get("CCG") == ["ICB"]
    assert all(r.url and r.accessed for r in data.references.values() if r.role == "later")


def test_successor_naming_a_term_that_does_not_exist(data_copy):
    def change(d):
        ccg = next(t for t in d["terms"] if t["term"] == "CCG")
        ccg["successor"]["terms"] = ["Integrated care gnome"]

    data_copy.edit("glossary.yaml", change)
    message = problems_of(data_copy.root)
    assert "successor.terms.0: no glossary term 'Integrated care gnome'" in message


def test_successor_section_needs_a_page_and_an_anchor(data_copy):
    def change(d):
        ccg = next(t for t in d["terms"] if t["term"] == "CCG")
        ccg["successor"]["section"] = "since-2014/commissioners.md"

    data_copy.edit("glossary.yaml", change)
    assert "successor.section: expected a page of the site and an anchor" in problems_of(data_copy.root)


def test_later_source_without_the_date_it_was_read(data_copy):
    data_copy.replace_text(
        "references.bib",
        "  accessed  = {2026-12-01},\n  note      = {Written between",
        "  note      = {Written between",
    )
    message = problems_of(data_copy.root)
    assert "data/references.bib" in message
    assert "needs its address (url) and the date it was read (accessed)" in message
