"""The contract-model macros: the comparison table (from the models frame) and each model's box."""

from __future__ import annotations

from .. import formatting
from ..data import frames, schema
from .html import Table, aside, block, ul
from .page import MODEL_PAGE, Page


def _item_html(page: Page, row) -> str:
    text = f"<strong>{page.text(row.party)}</strong>: {page.text(row.text)}" if row.party else page.text(row.text)
    return text + (" " + page.citation(row.source_ref, row.source_page) if row.source_ref else "")


def model_comparison(page: Page) -> str:
    """The contract models side by side, one row per aspect."""
    records = frames.tables(page.data)["model-comparison"].records()
    models = list(page.data.models.values())
    table = Table(
        id="model-comparison",
        caption="The three contractual models compared",
        columns=["Aspect"] + [page.link_if_page(MODEL_PAGE.format(id=m.id), page.text(m.name)) for m in models],
        css="data-table__table data-table__table--models",
    )
    lists = {"risks", "advantages", "disadvantages"}
    for aspect, label in frames.MODEL_ASPECTS:
        cells = []
        for model in models:
            rows = [r for r in records if r.model_id == model.id and r.aspect == aspect]
            if aspect == "case_studies":
                cells.append(formatting.join([page.case_link(page.data.case_studies[r.case_study]) for r in rows]) or "—")
            elif aspect in lists:
                cells.append(ul([_item_html(page, r) for r in rows]))
            else:
                cells.append(_item_html(page, rows[0]) if rows else "—")
        table.add(label, cells)
    return block(table.as_html())


def model_summary(page: Page, model_id: str) -> str:
    """A box summarising one model: what it is, money, accountability, risks, pros and cons."""
    model = page.model(model_id)

    def item(i: schema.Item) -> str:
        return f"{page.text(i.text)}{page.box_cite(i.source)}"

    rows = [
        ("What it is", item(model.definition)),
        ("Money", item(model.money_flow)),
        ("Accountability", item(model.accountability_flow)),
        ("Commissioner and providers", item(model.commissioner_relationship)),
        (
            "Who carries which risk",
            ul([f"<strong>{page.text(r.party)}</strong>: {page.text(r.risk)}{page.box_cite(r.source)}"
                for r in model.risks]),
        ),
        ("Advantages", ul([item(a) for a in model.advantages])),
        ("Disadvantages", ul([item(d) for d in model.disadvantages])),
    ]
    if model.suits:
        rows.append(("Suits", item(model.suits)))
    cases = page.data.cases_using(model.id)
    rows.append(("Case studies", formatting.join([page.case_link(c) for c in cases]) or "None"))
    return aside(f"model-{model.id}", f"{page.text(model.name)} model at a glance",
                 [(page.text(k), v) for k, v in rows], "abstract",
                 page.box_footer(", at the pages in brackets; other sources are cited in full."))
