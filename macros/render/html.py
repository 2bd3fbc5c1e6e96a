"""HTML building blocks the page renderers share: tables with row headers, lists, boxes.

Tables are real ``<table>`` elements with a ``<caption>`` and ``<th scope>``, inside a
labelled region that scrolls sideways on a narrow screen.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any


def esc(value: Any) -> str:
    """Text escaped for HTML (no abbreviation tooltips: see ``Page.text``)."""
    return html.escape(str(value))


def end(title: str) -> str:
    """The full stop after a title, unless it already ends in one ("?", "!", ".")."""
    return "" if title.rstrip()[-1:] in "?!." else "."


def markdown_text(value: str) -> str:
    """Plain text made safe inside a Markdown heading."""
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", value)


def scroll_table(caption_id: str, table: str) -> str:
    """A table in a labelled region that scrolls sideways on narrow screens."""
    return (
        f'<div class="data-table" role="region" aria-labelledby="{caption_id}" tabindex="0">\n'
        f"{table}\n</div>"
    )


@dataclass
class Table:
    """A table whose first column holds row headers (``<th scope="row">``)."""

    id: str
    caption: str  # HTML
    columns: list[str]  # HTML, the first is the header of the row-header column
    rows: list[tuple[str, list[str]]] = field(default_factory=list)  # (header HTML, cells HTML)
    css: str = ""

    def add(self, header: str, cells: list[str]) -> None:
        self.rows.append((header, cells))

    def as_html(self) -> str:
        head = "".join(f'<th scope="col">{c}</th>' for c in self.columns)
        body = "\n".join(
            f'<tr><th scope="row">{h}</th>' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
            for h, cells in self.rows
        )
        cls = f' class="{self.css}"' if self.css else ""
        table = (
            f"<table{cls}>\n<caption id=\"{self.id}\">{self.caption}</caption>\n"
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"
        )
        return scroll_table(self.id, table)


def ul(items: list[str], css: str = "") -> str:
    if not items:
        return ""
    cls = f' class="{css}"' if css else ""
    return f"<ul{cls}>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


class Block(str):
    """Raw HTML that is a Markdown block of its own. A macro that returns one sends it
    round Markdown, which would only pass it through (:mod:`macros.render.held`)."""


def block(markup: str) -> Block:
    """Raw HTML as its own Markdown block (blank lines around it)."""
    return Block(f"\n\n{markup}\n\n")


def aside(id_: str, title: str, rows: list[tuple[str, str]], kind: str, footer: str = "") -> str:
    """A fact box: an admonition holding a definition list (``rows``: term HTML, value HTML),
    with ``footer`` (its source line) below."""
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    foot = f'<p class="data-facts__source">{footer}</p>' if footer else ""
    return block(
        f'<aside class="admonition {kind} data-facts" aria-labelledby="{id_}">'
        f'<p class="admonition-title" id="{id_}">{title}</p>'
        f"<dl>{body}</dl>{foot}</aside>"
    )
