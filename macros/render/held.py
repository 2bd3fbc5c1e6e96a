"""HTML held back from Markdown, and put back into the page after it.

A calculator's macro writes its whole form and pre-rendered result as HTML, a hundred
kilobytes and more on some pages. Markdown would pass that through unchanged, but only
after parsing all of it, which took about a fifth of the build's Markdown time. So the
macro writes a placeholder (an HTML comment Markdown leaves alone) and keeps the HTML
here; ``hooks/held_html.py`` puts it back as soon as Markdown has run, before anything
else (the search index, the other hooks) reads the page.
"""

from __future__ import annotations

import hashlib
import re

_HELD: dict[str, str] = {}
PLACEHOLDER = re.compile(r"<!-- held:([0-9a-f]{20}) -->")


def hold(html: str) -> str:
    """A placeholder for ``html``, on lines of its own, that :func:`restore` replaces."""
    key = hashlib.sha256(html.encode("utf-8")).hexdigest()[:20]
    _HELD[key] = html.strip("\n")  # Markdown writes its own line breaks round a block
    return f"\n<!-- held:{key} -->\n"


def restore(html: str) -> str:
    """``html`` with every placeholder replaced by the HTML it stands for."""
    if "<!-- held:" not in html:
        return html
    return PLACEHOLDER.sub(lambda m: _HELD[m.group(1)], html)
