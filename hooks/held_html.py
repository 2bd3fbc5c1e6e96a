"""MkDocs hook: the HTML a macro held back from Markdown, put back into its page.

See :mod:`macros.render.held`: the HTML the macros write (a calculator's form and
result, the tables, the boxes) goes round Markdown, which would only pass it through
after parsing it. This runs on ``on_page_content``, straight after Markdown, so the
search index and every later hook see the whole page; and it adds the ids in that HTML
to those MkDocs checks links' anchors against.
"""

from __future__ import annotations


def on_page_content(html: str, page, config, files, **kwargs) -> str:
    from macros.render import held  # imported by mkdocs-macros, from the project's root, by now

    html, anchors = held.restore(html)
    # MkDocs checks every link's #anchor against the ids it found in the page; it did
    # not see those in the held HTML.
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= anchors
    return html
