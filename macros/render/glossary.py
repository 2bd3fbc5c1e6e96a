"""The glossary page, and the abbreviations every page gets as tooltips."""

from __future__ import annotations

from .. import formatting
from ..data import schema
from ..data.site import SiteData
from .html import block, esc
from .page import Page


def glossary(page: Page) -> str:
    """Every glossary term, alphabetically under letter headings (``#letter-c``, in the
    page's table of contents), after a line of A–Z jump links; each term has an anchor (``#ccg``)."""
    letters: dict[str, list[schema.GlossaryTerm]] = {}
    for term in sorted(page.data.glossary.terms, key=lambda t: t.term.lower()):
        letters.setdefault(term.term[0].upper(), []).append(term)
    jump = " ".join(f'<a href="#letter-{letter.lower()}">{letter}</a>' for letter in letters)
    parts = [block(f'<nav class="data-glossary-az" aria-label="Glossary, A to Z"><p>{jump}</p></nav>')]
    for letter, group in letters.items():
        parts.append(f"\n\n## {letter} {{ #letter-{letter.lower()} }}\n\n" + _entries(page, group))
    return "".join(parts)


def _entries(page: Page, terms: list) -> str:
    out = []
    for term in terms:
        anchor = formatting.slug(term.term)
        expansion = f' <span class="data-expansion">({esc(term.expansion)})</span>' if term.expansion else ""
        see = ""
        if term.see_also:
            links = [f'<a href="#{formatting.slug(s)}">{esc(s)}</a>' for s in term.see_also]
            see = f' <span class="data-see-also">See also: {formatting.join(links)}.</span>'
        background = ""
        if term.background:
            background = (f' <span class="data-background"><em>Background (ours, not from the source):</em> '
                          f"{page.text(term.background)}</span>")
        out.append(
            f'<dt id="{anchor}">{esc(term.term)}{expansion}</dt>'
            f"<dd>{page.text(term.definition)}{page.cite(term.source)}{background}{see}"
            f"{_successor(page, term.successor)}</dd>"
        )
    return block(f'<dl class="data-glossary">{"".join(out)}</dl>')


def _successor(page: Page, successor: schema.Successor | None) -> str:
    """The "Since 2014" line of a glossary entry: what replaced the term, linking to both."""
    if successor is None:
        return ""
    links = [f'<a href="#{formatting.slug(s)}">{esc(s)}</a>' for s in successor.terms]
    src, _, anchor = successor.section.partition("#")
    return (
        f' <span class="data-successor"><strong>Since 2014:</strong> replaced by {formatting.join(links)}'
        f" ({esc(formatting.partial_date(successor.date))}). {page.text(successor.note)}"
        f"{page.cite(successor.source)} {_more(page, src, anchor)}.</span>"
    )


def _more(page: Page, src: str, anchor: str) -> str:
    """A link to the section on what changed (plain words on a site built without that page)."""
    return f'<a href="{page.href(src, anchor=anchor)}">More on what changed</a>' if page.exists(src) else "More on what changed"


def abbreviation_definitions(data: SiteData, markdown: str | None = None) -> str:
    """Markdown ``*[CCG]: clinical commissioning group`` lines for every abbreviation
    (given a page's ``markdown``, only those it contains: the others could not match, and
    each one is a pattern Markdown would try on every sentence of the page)."""
    lines = [f"*[{t.term}]: {t.expansion}" for t in data.glossary.terms
             if t.expansion and (markdown is None or t.term in markdown)]
    return "\n\n" + "\n".join(lines) + "\n" if lines else ""
