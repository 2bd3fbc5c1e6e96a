"""MkDocs hook: the HTML a macro held back from Markdown, put back into its page.

See :mod:`macros.render.held`: a calculator page's form and pre-rendered result go
round Markdown, which would only pass them through after parsing them. This runs on
``on_page_content``, straight after Markdown, so the search index and every later hook
see the whole page.
"""

from __future__ import annotations


def on_page_content(html: str, page, config, files, **kwargs) -> str:
    from macros.render import held  # imported by mkdocs-macros, from the project's root, by now

    return held.restore(html)
