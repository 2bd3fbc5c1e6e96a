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
    """The sources, the bibliography, further reading, then the later (Since 2014) sources;
    each entry has an anchor (``#addicott-2014``)."""
    refs = page.data.references.values()

    def listed(role: str) -> list[schema.Reference]:
        return sorted((r for r in refs if r.role == role), key=lambda r: (r.authors.lower(), str(r.year), r.title.lower()))

    def entries(items) -> str:
        return block(f'<ul class="data-references">{"".join(_reference_html(page, r) for r in items)}</ul>')

    out = ("\n\n## Source documents\n\n" + entries(r for r in refs if r.role == "source")
           + "\n\n## Bibliography\n\n" + entries(listed("bibliography")))
    if further := listed("further reading"):
        out += ("\n\n## Further reading\n\n"
                "<p>Works the 2015 journal article cites that the report does not: later or wider reading on "
                "commissioning and contracting, not sources of this site's facts.</p>\n\n" + entries(further))
    if later := listed("later"):
        out += ("\n\n## Since 2014 { #since-2014 }\n\n"
                "Public sources for what happened after the report, cited on the Since 2014 pages and in "
                "each case study's \"What happened next\". Each gives the address we read and the date we "
                "checked it.\n\n" + entries(later))
    return out
