"""HTML held back from Markdown, and put back into the page after it.

The macros write much of the site as HTML blocks (:class:`macros.render.html.Block`): a
calculator's whole form and pre-rendered result (a hundred kilobytes and more on some
pages), the tables, the fact boxes. Markdown would pass them through unchanged, but
only after parsing all of it (and MkDocs parses it once more, for ids). So a macro
that returns a block writes a placeholder into the page instead (an HTML comment
Markdown leaves alone; :func:`round_markdown`), and the block is kept here until
``hooks/held_html.py`` puts it back, as soon as Markdown has run and before anything
else (the search index, the other hooks) reads the page. The built pages are the same,
byte for byte. The renderers themselves return the HTML, as tests and callers expect.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable

from .html import Block

_HELD: dict[str, str] = {}
PLACEHOLDER = re.compile(r"<!-- held:([0-9a-f]{20}) -->")
#: An element's id, or an <a name>: what a link's #anchor may point at. The macros write
#: every attribute in double quotes and escape every quote inside one.
ANCHOR = re.compile(r'<[a-zA-Z][^>]*?\sid="([^"]*)"|<a\s[^>]*?\bname="([^"]*)"')


def hold(html: str) -> str:
    """A placeholder for ``html``, a block of its own, that :func:`restore` replaces."""
    key = hashlib.sha256(html.encode("utf-8")).hexdigest()[:20]
    _HELD[key] = html.strip("\n")  # Markdown writes its own line breaks round a block
    return f"\n\n<!-- held:{key} -->\n\n"


def round_markdown(macro: Callable) -> Callable:
    """``macro``, writing a placeholder for any :class:`~macros.render.html.Block` it returns."""

    @functools.wraps(macro)
    def wrapper(*args, **kwargs):
        value = macro(*args, **kwargs)
        return hold(value) if isinstance(value, Block) else value

    return wrapper


def restore(html: str) -> tuple[str, set[str]]:
    """``html`` with every placeholder replaced by the HTML it stands for, and the
    anchors (ids) in what was put back, for MkDocs to check links against."""
    anchors: set[str] = set()

    def put_back(match: re.Match) -> str:
        markup = _HELD[match.group(1)]
        anchors.update(a or b for a, b in ANCHOR.findall(markup))
        return markup

    while "<!-- held:" in html:  # held HTML may hold placeholders of its own
        restored = PLACEHOLDER.sub(put_back, html)
        if restored == html:
            break
        html = restored
    return html, anchors
