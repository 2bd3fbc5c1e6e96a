"""The Data page's downloads: CSV and Excel that read back as the values in data/.

Uses the session's strict build (`built_site`). The files are written at build time
from the same pandas frames as the site's tables (macros/data/frames.py).
"""

from __future__ import annotations

import json
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from macros import data as site_data
from macros import export_presets
from macros.data import frames

DATASETS = ["case-studies", "outcome-frameworks", "model-comparison", "calculator-presets"]


@pytest.fixture(scope="module")
def data():
    return site_data.load()


def read(built_site, slug: str) -> pd.DataFrame:
    return pd.read_csv(built_site / "data" / f"{slug}.csv", keep_default_na=False)


def items(cell: str) -> list[str]:
    return cell.split(frames.LIST_SEPARATOR) if cell else []


def test_the_data_page_links_every_download(article):
    page = article("data/index.html")
    links = {a["href"] for a in page.select("a[download]")}
    assert links == {f"{slug}.{ext}" for slug in DATASETS for ext in ("csv", "xlsx")}


def test_case_studies_read_back_as_the_data(built_site, data):
    table = read(built_site, "case-studies")
    assert list(table["id"]) == list(data.case_studies)
    for row, case in zip(table.itertuples(index=False), data.case_studies.values()):
        c = case.contract
        assert row.name == case.name and row.focus == case.focus.summary
        assert Decimal(str(row.total_value)) == c.total_value.amount
        assert Decimal(str(row.first_year_value)) == c.first_year_value.amount
        assert bool(row.total_value_approx) == c.total_value.approx
        assert float(row.term_years) == c.term.years and float(row.extension_years) == c.term.extension_years
        assert items(row.models) == c.type.models
        assert items(row.partners) == [p.short_name or p.name for p in case.partners]
        assert items(row.motivation) == [m.text for m in case.motivation]
        assert items(row.starts) == [s.date for s in c.starts]
        assert row.basis == "reported" and row.source.startswith("Addicott 2014, pp")


def test_outcome_frameworks_read_back_as_the_data(built_site, data):
    table = read(built_site, "outcome-frameworks")
    expected = [(c.id, m.name, m.weight_pct) for c in data.case_studies.values() for m in c.outcomes.measures]
    got = [(r.case_study, r.measure, None if r.weight_pct == "" else float(r.weight_pct))
           for r in table.itertuples(index=False) if r.measure]
    assert got == expected
    assert set(table["basis"]) == {"reported"}


def test_model_comparison_reads_back_as_the_data(built_site, data):
    table = read(built_site, "model-comparison")
    for model in data.models.values():
        rows = table[table.model_id == model.id]
        assert list(rows[rows.aspect == "advantages"]["text"]) == [a.text for a in model.advantages]
        assert list(rows[rows.aspect == "risks"]["party"]) == [r.party for r in model.risks]
        assert list(rows[rows.aspect == "case_studies"]["case_study"]) == [c.id for c in data.cases_using(model.id)]
        assert all(rows["source"].str.len() > 0)


def test_calculator_presets_read_back_as_the_exported_presets(built_site):
    exported = json.loads(export_presets.render())
    table = read(built_site, "calculator-presets")
    for preset_id, preset in exported.items():
        rows = table[table.preset == preset_id]
        assert list(rows["input"]) == list(preset["marks"]), preset_id
        assert list(rows["basis"]) == [m["basis"] for m in preset["marks"].values()]
        for row in rows.itertuples(index=False):
            value = preset["inputs"]
            for part in row.input.split("."):
                value = value[int(part)] if isinstance(value, list) else value[part]
            written = json.loads(row.value) if isinstance(value, (list, dict)) else row.value
            assert str(written) == str(value), (preset_id, row.input)
            if row.basis == "illustrative":
                assert len(row.note) > 20, (preset_id, row.input)
            else:
                assert row.source.startswith("Addicott 2014, p"), (preset_id, row.input)


@pytest.mark.parametrize("slug", DATASETS)
def test_each_workbook_opens_and_carries_its_source_notes(built_site, slug):
    book = openpyxl.load_workbook(built_site / "data" / f"{slug}.xlsx", read_only=True)
    assert book.sheetnames == ["Data", "About"]
    header = [c.value for c in next(book["Data"].iter_rows(max_row=1))]
    assert header == list(read(built_site, slug).columns)
    about = " ".join(str(row[0]) for row in book["About"].iter_rows(values_only=True) if row[0])
    assert "reported" in about and "data/" in about
    if slug == "calculator-presets":
        assert "illustrative" in about
    rows = sum(1 for _ in book["Data"].iter_rows(min_row=2))
    assert rows == len(read(built_site, slug))
