"""The case-study macros: Table 1, each case's fact box, outcomes, payment terms, key
dates and calculator links, and ``fact()`` for one figure inside any page's prose."""

from __future__ import annotations

from .. import formatting
from ..data import frames, schema
from ..data.paths import PathError, resolve
from ..data.registry import CALCULATORS
from .figures import (
    basis_text,
    basis_words,
    date_text,
    figure_value,
    format_fact,
    length_text,
    money_fact,
    payment_value,
    starts_text,
    term_text,
    when_text,
)
from .html import Table, aside, block, esc, ul
from .page import CALCULATOR_PAGE, Page


def fact(page: Page, case_id: str, path: str) -> str:
    """One value from a case-study file, formatted: "£26.5 million", "2.5%", "April 2014"."""
    case = page.case(case_id)
    try:
        value, chain = resolve(case, path)
        return esc(format_fact(value, chain, path.rsplit(".", 1)[-1]))
    except PathError as error:
        page.fail(f"fact({case_id!r}, {path!r}): {error} (in data/case-studies/{case_id}.yaml)")


def _approx(flag: bool) -> str:
    return "approx. " if flag else ""


def table1(page: Page) -> str:
    """Table 1: the case-study sites side by side, each linked to its page (from the Table 1 frame)."""
    rows = frames.tables(page.data)["case-studies"].records()
    table = Table(
        id="table-1",
        caption="The five case-study sites at a glance (our overview, built on the report's Table 1)",
        columns=["Aspect"] + [page.case_link(page.data.case_studies[r.id]) for r in rows],
        css="data-table__table data-table__table--sites",
    )

    def partners(r) -> str:
        return ul([f'{page.text(name)} <span class="data-role">({esc(roles)})</span>'
                   for name, roles in zip(r.partners, r.partner_roles)])

    def value(r) -> str:
        return (f"{_approx(r.total_value_approx)}{formatting.money(r.total_value)} "
                f"({_approx(r.first_year_value_approx)}{formatting.money(r.first_year_value)} "
                f"{basis_words(r.first_year_basis)})")

    def start(r) -> str:
        dates = [when_text(*when) for when in zip(r.starts, r.start_qualifiers, r.starts_planned)]
        return "; ".join(dates) or r.start_note or "Not reported"

    table.add("Focus of contract", [page.text(r.focus) for r in rows])
    table.add("Contract type", [page.model_links(r.models) for r in rows])
    table.add("Main partners", [partners(r) for r in rows])
    table.add("Motivation for change", [ul([page.text(m) for m in r.motivation]) for r in rows])
    table.add("Estimated contract value", [esc(value(r)) for r in rows])
    table.add("Length of contract", [esc(length_text(r.term_years, r.extension_years)) for r in rows])
    table.add("Start", [esc(start(r)) for r in rows])
    table.add("Payment model", [ul([page.text(m) for m in r.payment_mechanisms]) for r in rows])
    table.add("Outcomes", [page.text(r.outcome_framework) for r in rows])
    note = (
        f'<p class="data-table__source">Source: focus, contract type, motivation, value and length as in the report\'s '
        f'Table 1{page.cite(schema.Source(ref="addicott-2014", page="9"))}. Partners are listed as the case studies '
        "describe them, with their roles, so they differ a little from Table 1's list; start dates, payment models and "
        "outcomes come from each case study's pages.</p>"
    )
    return block(table.as_html() + "\n" + note)


def _partner(page: Page, p: schema.Partner) -> str:
    return f'{page.text(p.short_name or p.name)} <span class="data-role">({esc(formatting.join(p.roles))})</span>'


def _capitalised(text: str) -> str:
    """A date opening a line of the timeline: "Early 2012", "Mid-2015" (names are capitals already)."""
    return text[:1].upper() + text[1:]


def case_study_facts(page: Page, case_id: str) -> str:
    """The fact box for one case study: each fact with its page, the source named once below."""
    case = page.case(case_id)
    c = case.contract
    cite = page.box_cite
    starts = "; ".join(f"{esc(date_text(s))}{cite(s.source)}" for s in c.starts)
    note = f" ({page.text(c.total_value.note)})" if c.total_value.note else ""
    rows = [
        ("Focus", f"{page.text(case.focus.summary)}{cite(case.focus.source)}"),
        ("Contract type", f"{page.model_links(c.type.models)}{cite(c.type.source)}"),
        (
            "Estimated value",
            f"{esc(money_fact(c.total_value))} in total{note}{cite(c.total_value.source)}; "
            f"{esc(money_fact(c.first_year_value))} {basis_text(c)}{cite(c.first_year_value.source)}",
        ),
        ("Length", f"{esc(term_text(c.term))}{cite(c.term.source)}"),
        ("Start", starts or page.text(starts_text(c))),
        ("Partners", ul([f"{_partner(page, p)}{cite(p.source)}" for p in case.partners])),
        # Table 1's own wording, item by item (data-quoted: a list of the source's short phrases)
        ("Motivation", ul([page.text(m.text) for m in case.motivation], "data-quoted") + _motivation_pages(page, case)),
        # the payment summary is shown in full in the page's payment section; here only its parts
        ("Payment model", f"{esc(formatting.join(case.payment.mechanisms))}{cite(case.payment.source)}"),
        ("Outcomes", f"{page.text(case.outcomes.framework)}{cite(case.outcomes.source)}"),
    ]
    if c.procurement:
        rows.append(("Procurement", f"{page.text(c.procurement.text)}{cite(c.procurement.source)}"))
    if case.key_figures:
        rows.append(
            ("Other figures", ul([f"{page.text(f.label)}: {esc(figure_value(f))}{cite(f.source)}"
                                  for f in case.key_figures.values()]))
        )
    return aside(f"facts-{case.id}", f"{page.text(case.name)} at a glance",
                 [(page.text(k), v) for k, v in rows], "info",
                 page.box_footer(": its Table 1 (p. 9), and the pages in brackets."))


def _motivation_pages(page: Page, case: schema.CaseStudy) -> str:
    """One citation for the list of motives when they share a source (Table 1), else one each."""
    sources = {(m.source.ref, m.source.page) for m in case.motivation}
    if len(sources) == 1:
        return page.box_cite(case.motivation[0].source)
    return "".join(page.box_cite(m.source) for m in case.motivation)


def case_study_outcomes(page: Page, case_id: str) -> str:
    """The case's outcome framework: summary, then the measures (grouped, with weights)."""
    case = page.case(case_id)
    o = case.outcomes
    parts = [f'<div class="data-outcomes" id="outcomes-{case.id}">',
             f"<p><strong>{page.text(o.framework)}.</strong> {page.text(o.summary)}{page.cite(o.source)}</p>"]
    groups: list[tuple[str | None, list[schema.Measure]]] = []
    for m in o.measures:
        if groups and groups[-1][0] == m.group:
            groups[-1][1].append(m)
        else:
            groups.append((m.group, [m]))
    number = 1
    for group, measures in groups:
        if group:
            parts.append(f'<p class="data-outcomes__group">{page.text(group)}</p>')
        items = []
        for m in measures:
            weight = (f' <span class="data-weight">(weight {formatting.percent(m.weight_pct)})</span>'
                      if m.weight_pct is not None else "")
            items.append(f"<li>{page.text(m.name)}{weight}{page.cite(m.source)}</li>")
        start = f' start="{number}"' if number != 1 else ""
        parts.append(f"<ol{start}>{''.join(items)}</ol>")
        number += len(measures)
    if o.weights_note:
        parts.append(f'<p class="data-outcomes__note">{page.text(o.weights_note)}</p>')
    parts.append("</div>")
    return block("\n".join(parts))


def case_study_payment(page: Page, case_id: str) -> str:
    """The payment model in a sentence, then its terms as a table."""
    case = page.case(case_id)
    p = case.payment
    intro = f'<p class="data-payment">{page.text(p.summary)}{page.cite(p.source)}</p>'
    if not p.terms:
        return block(intro)
    table = Table(
        id=f"payment-{case.id}",
        caption=f"Payment terms: {page.text(case.name)}",
        columns=["Term", "Value", "Details"],
        css="data-table__table data-table__table--payment",
    )
    for term in p.terms.values():
        table.add(
            page.text(term.label),
            [esc(payment_value(term)) or "See details", f"{page.text(term.detail or '')}{page.cite(term.source)}"],
        )
    return block(intro + "\n" + table.as_html())


def case_study_timeline(page: Page, case_id: str) -> str:
    """Key dates, in order, each with its source."""
    case = page.case(case_id)
    # the start dates live under contract.starts; show them here too, without repeating them
    known = {d.date for d in case.key_dates}
    dates = list(case.key_dates) + [s for s in case.contract.starts if s.date not in known]
    dates.sort(key=lambda d: d.date)
    items = "".join(
        f'<li><time datetime="{esc(d.date)}">{esc(_capitalised(date_text(d)))}</time>: {page.text(d.event)}{page.cite(d.source)}</li>'
        for d in dates
    )
    return block(f'<ol class="data-timeline" aria-label="Key dates: {esc(case.name)}">{items}</ol>')


def calculator_links(page: Page, case_id: str) -> str:
    """Links that open each calculator with this case study's preset."""
    case = page.case(case_id)
    if not case.presets:
        return block('<p class="data-calculators">No calculator presets for this case study yet.</p>')
    items = []
    for preset in case.presets:
        src = CALCULATOR_PAGE.format(name=preset.calculator)
        link = page.href(src, query=f"preset={preset.id}")
        title = page.nav_title(src) or CALCULATORS[preset.calculator].title
        items.append(
            f'<li><a href="{esc(link)}">{page.text(preset.title)}</a> '
            f'<span class="data-calculator-name">({esc(title)} calculator)</span>: {page.text(preset.summary)}</li>'
        )
    return block(f'<ul class="data-calculators">{"".join(items)}</ul>')
