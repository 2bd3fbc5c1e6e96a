"""The Nuffield Trust macros: its contracting options and its questions as a checklist."""

from __future__ import annotations

from .html import block, esc, markdown_text, ul
from .page import Page


def nuffield_options(page: Page, level: int = 2) -> str:
    """The Nuffield Trust's contracting options, each under its own heading (in the TOC).

    ``level`` is the heading level (2 by default, ``##``); each heading's anchor is the
    option's id, e.g. ``#series-of-contracts``.
    """
    out = []
    for option in page.data.nuffield.options:
        heading = "#" * level + " " + markdown_text(option.name) + f" {{ #{option.id} }}"
        body = [f"<p>{page.text(option.summary)}{page.cite(option.source)}</p>"]
        if option.strengths:
            body.append(f"<p><strong>Strengths</strong></p>{ul([page.text(s) for s in option.strengths])}")
        if option.weaknesses:
            body.append(f"<p><strong>Weaknesses</strong></p>{ul([page.text(w) for w in option.weaknesses])}")
        out.append(f"\n\n{heading}\n\n" + block(f'<div class="data-option">{"".join(body)}</div>'))
    return "".join(out)


def _why(page: Page, q) -> str:
    """Our note on a question, its source (if it uses a fact) cited before its full stop."""
    text = page.text(q.why_it_matters)
    if q.why_source is None:
        return text
    body, stop = (text[:-1], ".") if text.endswith(".") else (text, "")
    return f"{body}{page.cite(q.why_source)}{stop}"


def nuffield_questions(page: Page) -> str:
    """The Nuffield Trust's questions as a checklist a reader can tick."""
    items = []
    for q in page.data.nuffield.questions:
        qid = esc(q.id)
        items.append(
            f'<li id="{qid}"><input type="checkbox" id="check-{qid}" aria-describedby="why-{qid}">'
            f'<span class="data-checklist__question"><label for="check-{qid}">{page.text(q.question)}</label>'
            f"{page.cite(q.source)}</span>"
            f'<p id="why-{qid}" class="data-checklist__why"><em>Why it matters (our note):</em> '
            f"{_why(page, q)}</p></li>"
        )
    return block(f'<ul class="data-checklist">{"".join(items)}</ul>')
