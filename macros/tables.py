"""Renderers for the page macros: data from :mod:`macros.data` in, HTML or Markdown out.

Each public function here is one macro (registered in ``macros/__init__.py``); its first
argument is the mkdocs-macros ``env``, used for the current page (to make relative
links) and the config. Tables are real ``<table>`` elements with a ``<caption>`` and
``<th scope>``, inside a container that scrolls sideways on a narrow screen. Anything a
reader might mistype (a case id, a path, a reference id) fails the build with a message
that lists what exists.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from mkdocs.utils import get_relative_url

from . import citations, formatting, schema
from .data import MacroError, PathError, Problem, SiteData, load, resolve

CALCULATORS = {
    "projection": ("calculators/projection.md", "Contract value projection"),
    "risk-share": ("calculators/risk-share.md", "Risk share"),
    "alliance": ("calculators/alliance.md", "Alliance gain and pain share"),
    "multi-year": ("calculators/multi-year.md", "Multi-year risk share"),
}
CASE_PAGE = "case-studies/{id}.md"
MODEL_PAGE = "report/{id}.md"
REFERENCES_PAGE = "references.md"
GLOSSARY_PAGE = "glossary.md"


# -- Context: the data, the current page, links ------------------------------------------


def _data() -> SiteData:
    return load()


def _abbr() -> formatting.Abbreviations:
    data = _data()
    return formatting.Abbreviations({t.term: t.expansion for t in data.glossary.terms if t.expansion})


def _t(value: Any) -> str:
    """Text from the data, escaped for HTML, with abbreviation tooltips."""
    return _abbr().text(value)


#: For other page renderers (the calculator forms): escape text, add abbreviation tooltips.
abbreviated = _t


def _esc(value: Any) -> str:
    return html.escape(str(value))


def _end(title: str) -> str:
    """The full stop after a title, unless it already ends in one ("?", "!", ".")."""
    return "" if title.rstrip()[-1:] in "?!." else "."


def _fail(where: str, message: str):
    raise MacroError([Problem(where, "", message)])


def _page_where(env) -> str:
    page = getattr(env, "page", None)
    return f"docs/{page.file.src_uri}" if page is not None else "a page"


def _url_for(src: str, use_directory_urls: bool) -> str:
    """The site URL mkdocs gives the docs file ``src`` (e.g. "case-studies/salford/")."""
    stem = src[: -len(".md")]
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def href(env, src: str, anchor: str | None = None, query: str | None = None) -> str:
    """A link from the current page to docs file ``src``, relative, checked to exist."""
    docs_dir = Path(env.conf["docs_dir"])
    if not (docs_dir / src).is_file():
        _fail(_page_where(env), f"a macro links to docs/{src}, which does not exist")
    target = _url_for(src, env.conf.get("use_directory_urls", True))
    page = getattr(env, "page", None)
    here = page.url if page is not None else ""
    if target == here and (anchor or query):
        url = ""  # a link within the page itself
    else:
        url = get_relative_url(target or ".", here or ".")
        if target.endswith("/") and not url.endswith("/"):
            url += "/"
        if url in ("", "."):
            url = "./"
    return url + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")


def _cite(env, source: schema.Source | None) -> str:
    if source is None:
        return ""
    return " " + cite(env, source.ref, source.page)


def _scroll_table(caption_id: str, table: str) -> str:
    """A table in a labelled region that scrolls sideways on narrow screens."""
    return (
        f'<div class="data-table" role="region" aria-labelledby="{caption_id}" tabindex="0">\n'
        f"{table}\n</div>"
    )


@dataclass
class Table:
    """A table whose first column holds row headers (``<th scope="row">``)."""

    id: str
    caption: str  # HTML
    columns: list[str]  # HTML, the first is the header of the row-header column
    rows: list[tuple[str, list[str]]] = field(default_factory=list)  # (header HTML, cells HTML)
    css: str = ""

    def add(self, header: str, cells: list[str]) -> None:
        self.rows.append((header, cells))

    def as_html(self) -> str:
        head = "".join(f'<th scope="col">{c}</th>' for c in self.columns)
        body = "\n".join(
            f'<tr><th scope="row">{h}</th>' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
            for h, cells in self.rows
        )
        cls = f' class="{self.css}"' if self.css else ""
        table = (
            f"<table{cls}>\n<caption id=\"{self.id}\">{self.caption}</caption>\n"
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"
        )
        return _scroll_table(self.id, table)


def _ul(items: list[str], css: str = "") -> str:
    if not items:
        return ""
    cls = f' class="{css}"' if css else ""
    return f"<ul{cls}>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _block(markup: str) -> str:
    """Raw HTML as its own Markdown block (blank lines around it)."""
    return f"\n\n{markup}\n\n"


# -- Figures -----------------------------------------------------------------------------


def _money_fact(fact: schema.MoneyFact) -> str:
    return ("approx. " if fact.approx else "") + formatting.money(fact.amount)


def _value_text(case: schema.CaseStudy) -> str:
    c = case.contract
    basis = "in the first year" if c.first_year_basis == "first year" else "a year"
    return f"{_money_fact(c.total_value)} ({_money_fact(c.first_year_value)} {basis})"


def _term_text(term: schema.ContractTerm) -> str:
    text = formatting.years(term.years)
    if term.extension_years:
        text += f" (option of a further {formatting.years(term.extension_years)})"
    return text


def _date_text(fact: schema.DatedFact) -> str:
    shown = formatting.partial_date(fact.date, fact.qualifier)
    return shown + (" (planned)" if fact.planned else "")


def _figure_value(figure: schema.Figure) -> str:
    about = "about " if figure.approx else ""
    if figure.amount is not None:
        return about + formatting.money(figure.amount)
    if figure.percent is not None:
        return about + formatting.percent(figure.percent)
    return about + formatting.number(figure.count)


def _payment_value(term: schema.PaymentTerm) -> str:
    parts = []
    if term.percent is not None:
        parts.append(("about " if term.approx else "") + formatting.percent(term.percent))
    if term.amount is not None:
        parts.append(("approx. " if term.approx else "") + formatting.money(term.amount))
    if term.share is not None:
        parts.append(formatting.fraction(term.share))
    if term.by_year is not None:
        parts.append(
            "; ".join(f"year {i}: {formatting.percent(v)}" for i, v in enumerate(term.by_year, start=1))
        )
    return "; ".join(parts)


def _format_fact(value: Any, chain: list[Any], name: str) -> str:
    parent = chain[-1] if chain else None
    if isinstance(value, schema.MoneyFact):
        return _money_fact(value)
    if isinstance(value, schema.DatedFact):
        return _date_text(value)
    if isinstance(value, schema.ContractTerm):
        return _term_text(value)
    if isinstance(value, schema.BaseModel):
        fields = ", ".join(type(value).model_fields)
        raise PathError(f"points at a group of fields ({fields}); add the one to show")
    if isinstance(value, (list, tuple)):
        return formatting.join([_format_fact(v, [*chain, value], name) for v in value])
    if isinstance(value, bool):
        return "yes" if value else "no"
    if name == "amount" or isinstance(value, Decimal):
        return formatting.money(value)
    if name == "percent" or name.endswith("_pct") or (name.isdigit() and isinstance(parent, schema.PaymentTerm)):
        return formatting.percent(value)
    if name == "share":
        return formatting.fraction(value)
    if name == "date" and isinstance(parent, schema.DatedFact):
        return formatting.partial_date(value, parent.qualifier)
    if isinstance(value, (int, float)):
        return formatting.number(value, halves=name in ("years", "extension_years"))
    return str(value)


# -- Macros: citations and single figures ------------------------------------------------------


def cite(env, ref: str, page: str | None = None) -> str:
    """An in-text citation, "(Addicott 2014, p. 21)", linking to its reference entry."""
    data = _data()
    reference = data.references.get(ref)
    if reference is None:
        _fail(
            _page_where(env),
            f"cite(): unknown reference id {ref!r}; expected an id from data/references.bib",
        )
    text = citations.label(reference, page)
    link = href(env, REFERENCES_PAGE, anchor=ref)
    return f'(<a class="citation" href="{link}">{_esc(text)}</a>)'


def fact(env, case_id: str, path: str) -> str:
    """One value from a case-study file, formatted: "£26.5 million", "2.5%", "April 2014"."""
    case = _case(env, case_id)
    try:
        value, chain = resolve(case, path)
        return _esc(_format_fact(value, chain, path.rsplit(".", 1)[-1]))
    except PathError as error:
        _fail(_page_where(env), f"fact({case_id!r}, {path!r}): {error} (in data/case-studies/{case_id}.yaml)")


def _case(env, case_id: str) -> schema.CaseStudy:
    data = _data()
    if case_id not in data.case_studies:
        _fail(
            _page_where(env),
            f"unknown case study {case_id!r}; expected one of: {', '.join(data.case_studies)}",
        )
    return data.case_studies[case_id]


def _model(env, model_id: str) -> schema.ContractModel:
    data = _data()
    if model_id not in data.models:
        _fail(_page_where(env), f"unknown model {model_id!r}; expected one of: {', '.join(data.models)}")
    return data.models[model_id]


def _link_if_page(env, src: str, text_html: str) -> str:
    """A link to ``src`` if that page exists; plain text otherwise.

    A maintainer can add a case study (or model) with its data file alone: it shows in
    the tables at once, and becomes a link when its page is written.
    """
    if (Path(env.conf["docs_dir"]) / src).is_file():
        return f'<a href="{href(env, src)}">{text_html}</a>'
    return text_html


def _model_links(env, model_ids: list[str]) -> str:
    data = _data()
    return formatting.join(
        [_link_if_page(env, MODEL_PAGE.format(id=m), _t(data.models[m].name)) for m in model_ids]
    )


def _case_link(env, case: schema.CaseStudy) -> str:
    return _link_if_page(env, CASE_PAGE.format(id=case.id), _t(case.name))


def _partner(p: schema.Partner) -> str:
    name = _t(p.short_name or p.name)
    return f"{name} <span class=\"data-role\">({_esc(formatting.join(p.roles))})</span>"


# -- Macros: tables --------------------------------------------------------------------------


def table1(env) -> str:
    """Table 1: the five case-study sites side by side, each linked to its page."""
    data = _data()
    cases = list(data.case_studies.values())
    table = Table(
        id="table-1",
        caption="The five case-study sites at a glance (our overview, built on the report's Table 1)",
        columns=["Aspect"] + [_case_link(env, c) for c in cases],
        css="data-table__table data-table__table--sites",
    )
    table.add("Focus of contract", [_t(c.focus.summary) for c in cases])
    table.add("Contract type", [_model_links(env, c.contract.type.models) for c in cases])
    table.add("Main partners", [_ul([_partner(p) for p in c.partners]) for c in cases])
    table.add("Motivation for change", [_ul([_t(m.text) for m in c.motivation]) for c in cases])
    table.add("Estimated contract value", [_esc(_value_text(c)) for c in cases])
    table.add("Length of contract", [_esc(_term_text(c.contract.term)) for c in cases])
    table.add(
        "Start",
        [
            _esc("; ".join(_date_text(s) for s in c.contract.starts) or (c.contract.start_note or "Not reported"))
            for c in cases
        ],
    )
    table.add("Payment model", [_ul([_t(m) for m in c.payment.mechanisms]) for c in cases])
    table.add(
        "Outcomes",
        [
            _t(c.outcomes.framework)
            for c in cases
        ],
    )
    note = (
        f'<p class="data-table__source">Source: focus, contract type, motivation, value and length as in the report\'s '
        f'Table 1{_cite(env, schema.Source(ref="addicott-2014", page="9"))}. Partners are listed as the case studies '
        "describe them, with their roles, so they differ a little from Table 1's list; start dates, payment models and "
        "outcomes come from each case study's pages.</p>"
    )
    return _block(table.as_html() + "\n" + note)


def model_comparison(env) -> str:
    """The three contract models side by side."""
    data = _data()
    models = list(data.models.values())
    table = Table(
        id="model-comparison",
        caption="The three contractual models compared",
        columns=["Aspect"] + [_link_if_page(env, MODEL_PAGE.format(id=m.id), _t(m.name)) for m in models],
        css="data-table__table data-table__table--models",
    )

    def item(i: schema.Item | None) -> str:
        return f"{_t(i.text)}{_cite(env, i.source)}" if i else "—"

    table.add("What it is", [item(m.definition) for m in models])
    table.add("How money flows", [item(m.money_flow) for m in models])
    table.add("How accountability flows", [item(m.accountability_flow) for m in models])
    table.add("Commissioner and providers", [item(m.commissioner_relationship) for m in models])
    table.add(
        "Who carries which risk",
        [_ul([f"<strong>{_t(r.party)}</strong>: {_t(r.risk)}{_cite(env, r.source)}" for r in m.risks]) for m in models],
    )
    table.add("Advantages", [_ul([item(a) for a in m.advantages]) for m in models])
    table.add("Disadvantages", [_ul([item(d) for d in m.disadvantages]) for m in models])
    table.add("Suits", [item(m.suits) for m in models])
    table.add(
        "Case studies",
        [formatting.join([_case_link(env, c) for c in data.cases_using(m.id)]) or "—" for m in models],
    )
    return _block(table.as_html())


def model_summary(env, model_id: str) -> str:
    """A box summarising one model: what it is, money, accountability, risks, pros and cons."""
    model = _model(env, model_id)
    data = _data()

    def item(i: schema.Item) -> str:
        return f"{_t(i.text)}{_page_cite(env, i.source)}"

    rows = [
        ("What it is", item(model.definition)),
        ("Money", item(model.money_flow)),
        ("Accountability", item(model.accountability_flow)),
        ("Commissioner and providers", item(model.commissioner_relationship)),
        (
            "Who carries which risk",
            _ul([f"<strong>{_t(r.party)}</strong>: {_t(r.risk)}{_page_cite(env, r.source)}" for r in model.risks]),
        ),
        ("Advantages", _ul([item(a) for a in model.advantages])),
        ("Disadvantages", _ul([item(d) for d in model.disadvantages])),
    ]
    if model.suits:
        rows.append(("Suits", item(model.suits)))
    cases = data.cases_using(model.id)
    rows.append(("Case studies", formatting.join([_case_link(env, c) for c in cases]) or "None"))
    reference = data.references[BOX_SOURCE]
    footer = (f'Source: <a href="{href(env, REFERENCES_PAGE, anchor=BOX_SOURCE)}">'
              f"{_esc(citations.label(reference))}</a>, <cite>{_esc(reference.title)}</cite>, at the pages "
              "in brackets; other sources are cited in full.")
    return _aside(f"model-{model.id}", f"{_t(model.name)} model at a glance", rows, "abstract", footer)


def _aside(id_: str, title: str, rows: list[tuple[str, str]], kind: str, footer: str = "") -> str:
    body = "".join(f"<dt>{_t(k)}</dt><dd>{v}</dd>" for k, v in rows)
    foot = f'<p class="data-facts__source">{footer}</p>' if footer else ""
    return _block(
        f'<aside class="admonition {kind} data-facts" aria-labelledby="{id_}">'
        f'<p class="admonition-title" id="{id_}">{title}</p>'
        f"<dl>{body}</dl>{foot}</aside>"
    )


#: The fact boxes name this source once, in their source line, and give only its pages per fact.
BOX_SOURCE = "addicott-2014"


#: Table 1's page: a fact box names it once, in its source line, rather than after each fact.
TABLE_1_PAGE = "9"


def _page_cite(env, source: schema.Source | None) -> str:
    """A fact box's citation: just the page, "(p. 21)", for the box's main source (nothing for
    Table 1 alone, which the source line names); in full for any other source."""
    if source is None:
        return ""
    if source.ref != BOX_SOURCE:
        return _cite(env, source)
    if source.page.strip() == TABLE_1_PAGE:
        return ""
    link = href(env, REFERENCES_PAGE, anchor=source.ref)
    return f' (<a class="citation" href="{link}">{_esc(citations.page_label(source.page))}</a>)'


def case_study_facts(env, case_id: str) -> str:
    """The fact box for one case study: each fact with its page, the source named once below."""
    case = _case(env, case_id)
    c = case.contract
    cite = functools.partial(_page_cite, env)
    starts = "; ".join(f"{_esc(_date_text(s))}{cite(s.source)}" for s in c.starts)
    rows = [
        ("Focus", f"{_t(case.focus.summary)}{cite(case.focus.source)}"),
        ("Contract type", f"{_model_links(env, c.type.models)}{cite(c.type.source)}"),
        (
            "Estimated value",
            f"{_esc(_money_fact(c.total_value))} in total"
            f"{f' ({_t(c.total_value.note)})' if c.total_value.note else ''}{cite(c.total_value.source)}; "
            f"{_esc(_money_fact(c.first_year_value))} "
            f"{'in the first year' if c.first_year_basis == 'first year' else 'a year'}"
            f"{cite(c.first_year_value.source)}",
        ),
        ("Length", f"{_esc(_term_text(c.term))}{cite(c.term.source)}"),
        ("Start", starts or _t(c.start_note or "Not reported")),
        ("Partners", _ul([f"{_partner(p)}{cite(p.source)}" for p in case.partners])),
        # Table 1's own wording, item by item (data-quoted: a list of the source's short phrases)
        ("Motivation", _ul([_t(m.text) for m in case.motivation], "data-quoted") + _motivation_pages(env, case)),
        # the payment summary is shown in full in the page's payment section; here only its parts
        ("Payment model", f"{_esc(formatting.join(case.payment.mechanisms))}{cite(case.payment.source)}"),
        ("Outcomes", f"{_t(case.outcomes.framework)}{cite(case.outcomes.source)}"),
    ]
    if c.procurement:
        rows.append(("Procurement", f"{_t(c.procurement.text)}{cite(c.procurement.source)}"))
    if case.key_figures:
        rows.append(
            ("Other figures", _ul([f"{_t(f.label)}: {_esc(_figure_value(f))}{cite(f.source)}" for f in case.key_figures.values()]))
        )
    reference = _data().references[BOX_SOURCE]
    footer = (f'Source: <a href="{href(env, REFERENCES_PAGE, anchor=BOX_SOURCE)}">'
              f"{_esc(citations.label(reference))}</a>, <cite>{_esc(reference.title)}</cite>: "
              "its Table 1 (p. 9), and the pages in brackets.")
    return _aside(f"facts-{case.id}", f"{_t(case.name)} at a glance", rows, "info", footer)


def _motivation_pages(env, case: schema.CaseStudy) -> str:
    """One citation for the list of motives when they share a source (Table 1), else none."""
    sources = {(m.source.ref, m.source.page) for m in case.motivation}
    if len(sources) == 1:
        return _page_cite(env, case.motivation[0].source)
    return "".join(_page_cite(env, m.source) for m in case.motivation)


def case_study_outcomes(env, case_id: str) -> str:
    """The case's outcome framework: summary, then the measures (grouped, with weights)."""
    case = _case(env, case_id)
    o = case.outcomes
    parts = [f'<div class="data-outcomes" id="outcomes-{case.id}">',
             f"<p><strong>{_t(o.framework)}.</strong> {_t(o.summary)}{_cite(env, o.source)}</p>"]
    groups: list[tuple[str | None, list[schema.Measure]]] = []
    for m in o.measures:
        if groups and groups[-1][0] == m.group:
            groups[-1][1].append(m)
        else:
            groups.append((m.group, [m]))
    number = 1
    for group, measures in groups:
        if group:
            parts.append(f"<p class=\"data-outcomes__group\">{_t(group)}</p>")
        items = []
        for m in measures:
            weight = f" <span class=\"data-weight\">(weight {formatting.percent(m.weight_pct)})</span>" if m.weight_pct is not None else ""
            items.append(f"<li>{_t(m.name)}{weight}{_cite(env, m.source)}</li>")
        start = f' start="{number}"' if number != 1 else ""
        parts.append(f"<ol{start}>{''.join(items)}</ol>")
        number += len(measures)
    if o.weights_note:
        parts.append(f'<p class="data-outcomes__note">{_t(o.weights_note)}</p>')
    parts.append("</div>")
    return _block("\n".join(parts))


def case_study_payment(env, case_id: str) -> str:
    """The payment model in a sentence, then its terms as a table."""
    case = _case(env, case_id)
    p = case.payment
    intro = f'<p class="data-payment">{_t(p.summary)}{_cite(env, p.source)}</p>'
    if not p.terms:
        return _block(intro)
    table = Table(
        id=f"payment-{case.id}",
        caption=f"Payment terms: {_t(case.name)}",
        columns=["Term", "Value", "Details"],
        css="data-table__table data-table__table--payment",
    )
    for term in p.terms.values():
        table.add(
            _t(term.label),
            [_esc(_payment_value(term)) or "See details", f"{_t(term.detail or '')}{_cite(env, term.source)}"],
        )
    return _block(intro + "\n" + table.as_html())


def case_study_timeline(env, case_id: str) -> str:
    """Key dates, in order, each with its source."""
    case = _case(env, case_id)
    # the start dates live under contract.starts; show them here too, without repeating them
    dates = list(case.key_dates) + [s for s in case.contract.starts if s.date not in {d.date for d in case.key_dates}]
    dates.sort(key=lambda d: d.date)
    items = "".join(
        f'<li><time datetime="{_esc(d.date)}">{_esc(_date_text(d))}</time>: {_t(d.event)}{_cite(env, d.source)}</li>'
        for d in dates
    )
    return _block(f'<ol class="data-timeline" aria-label="Key dates: {_esc(case.name)}">{items}</ol>')


def calculator_links(env, case_id: str) -> str:
    """Links that open each calculator with this case study's preset."""
    case = _case(env, case_id)
    if not case.presets:
        return _block('<p class="data-calculators">No calculator presets for this case study yet.</p>')
    items = []
    for preset in case.presets:
        src, name = CALCULATORS[preset.calculator]
        link = href(env, src, query=f"preset={preset.id}")
        items.append(
            f'<li><a href="{_esc(link)}">{_t(preset.title)}</a> '
            f'<span class="data-calculator-name">({_esc(name)} calculator)</span>: {_t(preset.summary)}</li>'
        )
    return _block(f'<ul class="data-calculators">{"".join(items)}</ul>')


# -- Macros: Nuffield, glossary, references --------------------------------------------------


def nuffield_options(env, level: int = 2) -> str:
    """The Nuffield Trust's contracting options, each under its own heading (in the TOC).

    ``level`` is the heading level (2 by default, ``##``); each heading's anchor is the
    option's id, e.g. ``#series-of-contracts``.
    """
    data = _data()
    out = []
    for option in data.nuffield.options:
        heading = "#" * level + " " + _markdown_text(option.name) + f" {{ #{option.id} }}"
        body = [f'<p>{_t(option.summary)}{_cite(env, option.source)}</p>']
        if option.strengths:
            body.append(f"<p><strong>Strengths</strong></p>{_ul([_t(s) for s in option.strengths])}")
        if option.weaknesses:
            body.append(f"<p><strong>Weaknesses</strong></p>{_ul([_t(w) for w in option.weaknesses])}")
        out.append(f"\n\n{heading}\n\n" + _block(f'<div class="data-option">{"".join(body)}</div>'))
    return "".join(out)


def _markdown_text(value: str) -> str:
    """Plain text made safe inside a Markdown heading."""
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", value)


def nuffield_questions(env) -> str:
    """The Nuffield Trust's questions as a checklist a reader can tick."""
    data = _data()
    items = []
    for q in data.nuffield.questions:
        items.append(
            f'<li id="{_esc(q.id)}"><input type="checkbox" id="check-{_esc(q.id)}" '
            f'aria-describedby="why-{_esc(q.id)}">'
            f'<span class="data-checklist__question"><label for="check-{_esc(q.id)}">{_t(q.question)}</label>'
            f"{_cite(env, q.source)}</span>"
            f'<p id="why-{_esc(q.id)}" class="data-checklist__why"><em>Why it matters (our note):</em> '
            f"{_t(q.why_it_matters)}</p></li>"
        )
    return _block(f'<ul class="data-checklist">{"".join(items)}</ul>')


def glossary(env) -> str:
    """Every glossary term, alphabetically under letter headings (``#letter-c``, in the
    page's table of contents), after a line of A–Z jump links; each term has an anchor (``#ccg``)."""
    data = _data()
    terms = sorted(data.glossary.terms, key=lambda t: t.term.lower())
    letters: dict[str, list[schema.GlossaryTerm]] = {}
    for term in terms:
        letters.setdefault(term.term[0].upper(), []).append(term)
    jump = " ".join(f'<a href="#letter-{letter.lower()}">{letter}</a>' for letter in letters)
    parts = [_block(f'<nav class="data-glossary-az" aria-label="Glossary, A to Z"><p>{jump}</p></nav>')]
    for letter, group in letters.items():
        parts.append(f"\n\n## {letter} {{ #letter-{letter.lower()} }}\n\n" + _glossary_entries(env, group))
    return "".join(parts)


def _glossary_entries(env, terms: list[schema.GlossaryTerm]) -> str:
    out = []
    for term in terms:
        anchor = formatting.slug(term.term)
        expansion = f' <span class="data-expansion">({_esc(term.expansion)})</span>' if term.expansion else ""
        see = ""
        if term.see_also:
            links = [f'<a href="#{formatting.slug(s)}">{_esc(s)}</a>' for s in term.see_also]
            see = f' <span class="data-see-also">See also: {formatting.join(links)}.</span>'
        background = ""
        if term.background:
            background = (f' <span class="data-background"><em>Background (ours, not from the source):</em> '
                          f"{_t(term.background)}</span>")
        out.append(
            f'<dt id="{anchor}">{_esc(term.term)}{expansion}</dt>'
            f"<dd>{_t(term.definition)}{_cite(env, term.source)}{background}{see}"
            f"{_successor(env, term.successor)}</dd>"
        )
    return _block(f'<dl class="data-glossary">{"".join(out)}</dl>')


def _successor(env, successor: schema.Successor | None) -> str:
    """The "Since 2014" line of a glossary entry: what replaced the term, linking to both."""
    if successor is None:
        return ""
    links = [f'<a href="#{formatting.slug(s)}">{_esc(s)}</a>' for s in successor.terms]
    page, _, anchor = successor.section.partition("#")
    more = href(env, page, anchor=anchor)
    return (
        f'<span class="data-successor"><strong>Since 2014:</strong> replaced by {formatting.join(links)}'
        f" ({_esc(formatting.partial_date(successor.date))}). {_t(successor.note)}"
        f"{_cite(env, successor.source)} <a href=\"{more}\">More on what changed</a>.</span>"
    )


def _reference_html(r: schema.Reference) -> str:
    year = r.year
    parts = [f"{_esc(r.authors)} ({_esc(year)}). <cite>{_esc(r.title)}</cite>{_end(r.title)} {_esc(r.publisher)}."]
    if r.url:
        parts.append(f' Available at: <a href="{_esc(r.url)}">{_esc(r.url)}</a>')
        if r.accessed:
            parts.append(f" (accessed on {_esc(formatting.partial_date(r.accessed))})")
        parts.append(".")
    if r.note:
        parts.append(f' <span class="data-reference-note">{_t(r.note)}</span>')
    return f'<li id="{_esc(r.id)}">{"".join(parts)}</li>'


def references(env) -> str:
    """The sources, the bibliography, then the later (Since 2014) sources; each entry has an anchor (``#addicott-2014``)."""
    data = _data()
    sources = [r for r in data.references.values() if r.role == "source"]
    def listed(role: str) -> list[schema.Reference]:
        return sorted((r for r in data.references.values() if r.role == role),
                      key=lambda r: (r.authors.lower(), str(r.year), r.title.lower()))

    out = (
        "\n\n## Source documents\n\n"
        + _block(f'<ul class="data-references">{"".join(_reference_html(r) for r in sources)}</ul>')
        + "\n\n## Bibliography\n\n"
        + _block(f'<ul class="data-references">{"".join(_reference_html(r) for r in listed("bibliography"))}</ul>')
    )
    further = listed("further reading")
    if further:
        out += (
            "\n\n## Further reading\n\n"
            "<p>Works the 2015 journal article cites that the report does not: later or wider reading on "
            "commissioning and contracting, not sources of this site's facts.</p>\n\n"
            + _block(f'<ul class="data-references">{"".join(_reference_html(r) for r in further)}</ul>')
        )
    later = listed("later")
    if later:
        out += (
            "\n\n## Since 2014 { #since-2014 }\n\n"
            "Public sources for what happened after the report, cited on the Since 2014 pages and in "
            "each case study's \"What happened next\". Each gives the address we read and the date we "
            "checked it.\n\n"
            + _block(f'<ul class="data-references">{"".join(_reference_html(r) for r in later)}</ul>')
        )
    return out


# -- Abbreviations for every page ----------------------------------------------------------


def abbreviation_definitions() -> str:
    """Markdown ``*[CCG]: clinical commissioning group`` lines for every abbreviation."""
    data = _data()
    lines = [f"*[{t.term}]: {t.expansion}" for t in data.glossary.terms if t.expansion]
    return "\n\n" + "\n".join(lines) + "\n" if lines else ""
