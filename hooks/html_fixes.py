"""MkDocs hook: small fixes to the HTML Material writes into every page.

- The search dialog (``<div class="md-search" role="dialog">``) gets an accessible
  name: a dialog without one is announced as just "dialog" (axe and Lighthouse rule
  ``aria-dialog-name``).
"""

from __future__ import annotations

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search the site">'


def on_post_page(output: str, page, config, **kwargs) -> str:
    return output.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG)


def on_post_template(output_content: str, template_name: str, config, **kwargs) -> str:
    """The same for pages built from a template alone (404.html)."""
    return output_content.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG)
