"""The glossary page, and the abbreviations every page gets as tooltips."""

from __future__ import annotations

from .. import formatting
from ..data.site import SiteData
from .html import block, esc
from .page import Page


def glossary(page: Page) -> str:
    """Every glossary term, alphabetically, each with an anchor (``#ccg``)."""
    out = []
    for term in sorted(page.data.glossary.terms, key=lambda t: t.term.lower()):
        anchor = formatting.slug(term.term)
        expansion = f' <span class="data-expansion">({esc(term.expansion)})</span>' if term.expansion else ""
        see = ""
        if term.see_also:
            links = [f'<a href="#{formatting.slug(s)}">{esc(s)}</a>' for s in term.see_also]
            see = f' <span class="data-see-also">See also: {formatting.join(links)}.</span>'
        out.append(
            f'<dt id="{anchor}">{esc(term.term)}{expansion}</dt>'
            f"<dd>{page.text(term.definition)}{page.cite(term.source)}{see}</dd>"
        )
    return block(f'<dl class="data-glossary">{"".join(out)}</dl>')


def abbreviation_definitions(data: SiteData) -> str:
    """Markdown ``*[CCG]: clinical commissioning group`` lines for every abbreviation."""
    lines = [f"*[{t.term}]: {t.expansion}" for t in data.glossary.terms if t.expansion]
    return "\n\n" + "\n".join(lines) + "\n" if lines else ""
