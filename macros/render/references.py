"""The references page, and ``cite()``: in-text citations linking to it."""

from __future__ import annotations

from .. import formatting
from ..data import schema
from .html import block, end, esc
from .page import Page


def cite(page: Page, ref: str, page_number: str | None = None) -> str:
    """An in-text citation, "(Addicott 2014, p. 21)", linking to its reference entry."""
    return page.citation(ref, page_number)


def _reference_html(page: Page, r: schema.Reference) -> str:
    parts = [f"{esc(r.authors)} ({esc(r.year)}). <cite>{esc(r.title)}</cite>{end(r.title)} {esc(r.publisher)}."]
    if r.url:
        parts.append(f' Available at: <a href="{esc(r.url)}">{esc(r.url)}</a>')
        if r.accessed:
            parts.append(f" (accessed on {esc(formatting.partial_date(r.accessed))})")
        parts.append(".")
    if r.note:
        parts.append(f' <span class="data-reference-note">{page.text(r.note)}</span>')
    return f'<li id="{esc(r.id)}">{"".join(parts)}</li>'


def references(page: Page) -> str:
    """The sources, then the bibliography, each entry with an anchor (``#addicott-2014``)."""
    refs = page.data.references.values()
    sources = [r for r in refs if r.role == "source"]
    bibliography = sorted((r for r in refs if r.role == "bibliography"), key=lambda r: (r.authors.lower(), str(r.year)))
    return (
        "\n\n## Source documents\n\n"
        + block(f'<ul class="data-references">{"".join(_reference_html(page, r) for r in sources)}</ul>')
        + "\n\n## Bibliography\n\n"
        + block(f'<ul class="data-references">{"".join(_reference_html(page, r) for r in bibliography)}</ul>')
    )
