"""The site's tables as pandas DataFrames: one tabulating path for the pages and the downloads.

Each function turns the validated data into one frame, one row per record, values as
the data holds them (money in pounds as numbers, percentages as numbers of per cent),
with a ``source`` column (the citation) and a ``basis`` column (``reported``, or
``illustrative`` for a value the sources do not state). The page renderers build their
HTML tables from these frames (:mod:`macros.render.case_studies`,
:mod:`macros.render.models`); :mod:`macros.render.open_data` writes the same frames as
CSV and Excel for the Data page.

Cells that hold several things (a case's partners, its motivations) are Python lists
here; :func:`flat` joins them with "; " for a file.

What the pages and the Data page's files read is :func:`tables`: every dataset turned
into plain rows and CSV text, kept in the build cache (:mod:`macros.data.cache`) until a
data file or the code changes, so a build that changes neither does not import pandas.
"""

from __future__ import annotations

import collections
import json
from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING, Any

from .. import citations, formatting
from . import cache, schema
from .site import SiteData

if TYPE_CHECKING:
    import pandas as pd

LIST_SEPARATOR = "; "


def _cite(data: SiteData, source: schema.Source | None) -> str:
    if source is None:
        return ""
    reference = data.references.get(source.ref)
    return citations.label(reference, source.page) if reference else f"{source.ref}, {source.page}"


def _number(value: Any) -> Any:
    """A Decimal of pounds as an int when whole, else a float (what a spreadsheet holds)."""
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


def case_studies(data: SiteData) -> pd.DataFrame:
    """Table 1: one row per case study, in the report's order (index: the case id)."""
    import pandas as pd

    rows = []
    for case in data.case_studies.values():
        c = case.contract
        rows.append(
            {
                "id": case.id,
                "name": case.name,
                "title": case.title,
                "focus": case.focus.summary,
                "contract_type": c.type.label,
                "models": list(c.type.models),
                "partners": [p.short_name or p.name for p in case.partners],
                "partner_roles": [formatting.join(list(p.roles)) for p in case.partners],
                "motivation": [m.text for m in case.motivation],
                "total_value": _number(c.total_value.amount),
                "total_value_approx": c.total_value.approx,
                "first_year_value": _number(c.first_year_value.amount),
                "first_year_value_approx": c.first_year_value.approx,
                "first_year_basis": c.first_year_basis,
                "term_years": c.term.years,
                "extension_years": c.term.extension_years,
                "starts": [s.date for s in c.starts],
                "start_qualifiers": [s.qualifier or "" for s in c.starts],
                "starts_planned": [s.planned for s in c.starts],
                "start_note": c.start_note or "",
                "payment_mechanisms": list(case.payment.mechanisms),
                "outcome_framework": case.outcomes.framework,
                "basis": "reported",
                "source": _cite(data, case.source),
            }
        )
    return pd.DataFrame(rows).set_index("id", drop=False)


def outcomes(data: SiteData) -> pd.DataFrame:
    """Each case study's outcome framework, one row per measure (a row for a framework without any)."""
    import pandas as pd

    rows = []
    for case in data.case_studies.values():
        o = case.outcomes
        base = {"case_study": case.id, "case_study_name": case.name, "framework": o.framework}
        if not o.measures:
            rows.append({**base, "measure_id": "", "measure": "", "group": "", "weight_pct": None,
                         "basis": "reported", "source": _cite(data, o.source)})
        for m in o.measures:
            rows.append(
                {
                    **base,
                    "measure_id": m.id,
                    "measure": m.name,
                    "group": m.group or "",
                    "weight_pct": m.weight_pct,
                    "basis": "reported",
                    "source": _cite(data, m.source or o.source),
                }
            )
    return pd.DataFrame(rows)


#: The model comparison's aspects, in the order the page shows them: (key, label).
MODEL_ASPECTS = (
    ("definition", "What it is"),
    ("money_flow", "How money flows"),
    ("accountability_flow", "How accountability flows"),
    ("commissioner_relationship", "Commissioner and providers"),
    ("risks", "Who carries which risk"),
    ("advantages", "Advantages"),
    ("disadvantages", "Disadvantages"),
    ("suits", "Suits"),
    ("case_studies", "Case studies"),
)


def models(data: SiteData) -> pd.DataFrame:
    """The model comparison, long: one row per model, aspect and item (a risk, an advantage...)."""
    import pandas as pd

    rows = []

    def add(model, aspect, text, source=None, party="", case_id=""):
        rows.append(
            {
                "model_id": model.id,
                "model": model.name,
                "aspect": aspect,
                "aspect_label": dict(MODEL_ASPECTS)[aspect],
                "party": party,
                "text": text,
                "case_study": case_id,
                "basis": "reported",
                "source": _cite(data, source),
                "source_ref": source.ref if source else "",
                "source_page": source.page if source else "",
            }
        )

    for model in data.models.values():
        for aspect, _ in MODEL_ASPECTS:
            if aspect == "case_studies":
                for case in data.cases_using(model.id):
                    add(model, aspect, case.name, case.contract.type.source, case_id=case.id)
                continue
            value = getattr(model, aspect)
            if value is None:
                continue
            for item in value if isinstance(value, list) else [value]:
                party = getattr(item, "party", "")
                add(model, aspect, getattr(item, "text", None) or item.risk, item.source, party=party)
    return pd.DataFrame(rows)


def presets(data: SiteData, exported: dict) -> pd.DataFrame:
    """The calculators' presets, one row per input: its value, and whether reported or assumed.

    ``exported`` is :func:`macros.data.presets.export` of the same data. A value that is
    a list or mapping (the bands, the partners) is written as JSON text.
    """
    import pandas as pd

    rows = []
    for preset_id, preset in exported.items():
        for key, mark in preset["marks"].items():
            value: Any = preset["inputs"]
            for part in key.split("."):
                value = value[int(part)] if isinstance(value, list) else value[part]
            rows.append(
                {
                    "preset": preset_id,
                    "calculator": preset["calculator"],
                    "case_study": preset["case_study"],
                    "title": preset["title"],
                    "input": key,
                    "value": json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value,
                    "basis": mark["basis"],
                    "source": mark.get("source", ""),
                    "note": mark.get("note", ""),
                }
            )
    return pd.DataFrame(rows)


def flat(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every list cell joined by "; " (for CSV and spreadsheets)."""
    def cell(value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return LIST_SEPARATOR.join("" if v is None else str(v) for v in value)
        return value

    return frame.map(cell)


@dataclass(frozen=True)
class Dataset:
    """One download of the Data page: a frame, its file name and what it holds."""

    slug: str  # file name without extension
    title: str
    description: str  # one sentence, our words: what a row is
    notes: tuple[str, ...]  # where the figures come from; which are reported or illustrative
    frame: pd.DataFrame


def datasets(data: SiteData, exported: dict) -> list[Dataset]:
    """Every download, in the order the Data page lists them."""
    reported = (
        "Every value is reported: taken from the source named in its row's source column "
        "(author, year, page). None is an estimate of ours."
    )
    generated = (
        "Written from the project's data files (data/ in the repository) when the site was "
        "built, so these figures are the ones the site's pages show."
    )
    return [
        Dataset(
            "case-studies",
            "Case studies (Table 1)",
            "One row per case-study site: focus, contract type, partners, motivation, value, term, "
            "start, payment model and outcome framework. Money in pounds, terms in years.",
            (reported, "Addicott 2014, Table 1 (p. 9), with start dates, payment models and outcomes "
             "from each case study's pages.", generated),
            case_studies(data),
        ),
        Dataset(
            "outcome-frameworks",
            "Outcome frameworks",
            "One row per outcome measure of each case study's framework, with its weight "
            "(per cent of the outcome payment) where the source gives one.",
            (reported, generated),
            outcomes(data),
        ),
        Dataset(
            "model-comparison",
            "Contract models compared",
            "One row per point of comparison: for each contractual model and aspect (money flow, "
            "risks, advantages ...), one item in our own words.",
            (reported, "The text is our summary of the cited page, not a quotation.", generated),
            models(data),
        ),
        Dataset(
            "calculator-presets",
            "Calculator presets",
            "One row per input of each case-study preset of the calculators.",
            (
                "The basis column says what each value is: reported (the source column cites where "
                "it is stated) or illustrative (an assumption of ours where the sources give no "
                "figure; the note column says why it was chosen).",
                generated,
            ),
            presets(data, exported),
        ),
    ]


@dataclass(frozen=True)
class TableData:
    """A dataset tabulated, as plain Python: what the pages and the downloads are made from."""

    slug: str
    title: str
    description: str
    notes: tuple[str, ...]
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]  # one per frame row, values as JSON holds them (list cells as lists)
    csv: str  # the flat table (:func:`flat`), as the Data page offers it

    def records(self) -> list:
        """The rows as named tuples: ``row.total_value``, as ``DataFrame.itertuples`` gives them."""
        row = collections.namedtuple("Row", self.columns)
        return [row(*values) for values in self.rows]

    def frame(self) -> pd.DataFrame:
        """The flat table as a DataFrame again (for the Excel workbook)."""
        import pandas as pd

        return flat(pd.DataFrame(list(self.rows), columns=list(self.columns)))


def _plain(dataset: Dataset) -> dict:
    frame = dataset.frame
    return {
        "slug": dataset.slug,
        "title": dataset.title,
        "description": dataset.description,
        "notes": list(dataset.notes),
        "columns": [str(c) for c in frame.columns],
        "rows": [list(row) for row in frame.itertuples(index=False)],
        "csv": flat(frame).to_csv(index=False),
    }


_TABLES: dict[str, dict[str, TableData]] = {}


def tables(data: SiteData) -> dict[str, TableData]:
    """Every dataset of :func:`datasets`, by slug, tabulated with pandas once per change.

    Kept under a hash of the data files, this code and the calculators (which the
    presets table runs) and the pandas version: in the build cache between builds, and
    in memory within one (Table 1, the model comparison and the Data page all ask).
    """
    from .presets import export

    def make() -> list[dict]:
        return [_plain(d) for d in datasets(data, export(data))]

    key = cache.digest(data.digest, cache.source_digest("macros", "calculators"), metadata.version("pandas"))
    if key not in _TABLES:
        _TABLES[key] = {
            t["slug"]: TableData(t["slug"], t["title"], t["description"], tuple(t["notes"]), tuple(t["columns"]),
                                 tuple(tuple(r) for r in t["rows"]), t["csv"])
            for t in cache.kept("tables", key, make)
        }
    return _TABLES[key]
