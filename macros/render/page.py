"""What a renderer knows while it writes one page: the data and where the page is.

Every macro gets a :class:`Page`: the build's validated data (loaded once per build)
and the mkdocs-macros ``env`` of the page being rendered, for relative links and for
naming the page in an error. A page that asks for something that does not exist fails
the build with a :class:`~macros.data.problems.PageError` naming the page and what exists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from mkdocs.utils import get_relative_url

from .. import citations, formatting
from ..data import schema
from ..data.checks import unknown_reference
from ..data.problems import page_error
from ..data.site import SiteData
from .html import esc

REFERENCES_PAGE = "references.md"
GLOSSARY_PAGE = "glossary.md"
CASE_PAGE = "case-studies/{id}.md"
MODEL_PAGE = "report/{id}.md"
CALCULATOR_PAGE = "calculators/{name}.md"
#: The fact boxes name this source once, in their source line, and give only its pages per fact.
BOX_SOURCE = "addicott-2014"
#: Table 1's page: a fact box names it once, in its source line, rather than after each fact.
TABLE_1_PAGE = "9"


def url_for(src: str, use_directory_urls: bool) -> str:
    """The site URL mkdocs gives the docs file ``src`` (e.g. "case-studies/salford/")."""
    stem = src[: -len(".md")]
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


class Page:
    """The data, plus the page being rendered (read from ``env`` at each call)."""

    def __init__(self, env: Any, data: SiteData):
        self.env = env
        self.data = data

    # -- where we are ---------------------------------------------------------------

    @property
    def where(self) -> str:
        page = getattr(self.env, "page", None)
        return f"docs/{page.file.src_uri}" if page is not None else "a page"

    def fail(self, message: str) -> NoReturn:
        raise page_error(self.where, message)

    # -- text and links ---------------------------------------------------------------

    def text(self, value: Any) -> str:
        """Text from the data, escaped for HTML, with the glossary's abbreviation tooltips."""
        return self.data.abbreviations.text(value)

    def exists(self, src: str) -> bool:
        return (Path(self.env.conf["docs_dir"]) / src).is_file()

    def href(self, src: str, anchor: str | None = None, query: str | None = None) -> str:
        """A link from the current page to docs file ``src``, relative, checked to exist."""
        if not self.exists(src):
            self.fail(f"a macro links to docs/{src}, which does not exist")
        target = url_for(src, self.env.conf.get("use_directory_urls", True))
        page = getattr(self.env, "page", None)
        here = page.url if page is not None else ""
        if target == here and (anchor or query):
            url = ""  # a link within the page itself
        else:
            url = get_relative_url(target or ".", here or ".")
            if target.endswith("/") and not url.endswith("/"):
                url += "/"
            if url in ("", "."):
                url = "./"
        return url + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")

    def nav_title(self, src: str) -> str | None:
        """The label ``mkdocs.yml``'s nav gives docs file ``src`` (None if it has none)."""

        def walk(items) -> str | None:
            for item in items or []:
                if isinstance(item, dict):
                    for title, value in item.items():
                        if value == src:
                            return title
                        found = walk(value) if isinstance(value, list) else None
                        if found:
                            return found
            return None

        return walk(self.env.conf.get("nav"))

    def link_if_page(self, src: str, text_html: str) -> str:
        """A link to ``src`` if that page exists; plain text otherwise.

        A maintainer can add a case study (or model) with its data file alone: it shows in
        the tables at once, and becomes a link when its page is written.
        """
        return f'<a href="{self.href(src)}">{text_html}</a>' if self.exists(src) else text_html

    def citation(self, ref: str, page: str | None = None) -> str:
        """An in-text citation, "(Addicott 2014, p. 21)", linking to its reference entry."""
        reference = self.data.references.get(ref)
        if reference is None:
            self.fail(f"cite(): {unknown_reference(str(ref), list(self.data.references))}")
        link = self.href(REFERENCES_PAGE, anchor=ref)
        return f'(<a class="citation" href="{link}">{esc(citations.label(reference, page))}</a>)'

    def cite(self, source: schema.Source | None) -> str:
        """" (Addicott 2014, p. 21)" after a fact, or nothing when it has no source."""
        return "" if source is None else " " + self.citation(source.ref, source.page)

    def box_cite(self, source: schema.Source | None) -> str:
        """A fact box's citation: just the page, "(p. 21)", for the box's main source (nothing
        for Table 1 alone, which the box's source line names); in full for any other source."""
        if source is None:
            return ""
        if source.ref != BOX_SOURCE:
            return self.cite(source)
        if source.page.strip() == TABLE_1_PAGE:
            return ""
        link = self.href(REFERENCES_PAGE, anchor=source.ref)
        return f' (<a class="citation" href="{link}">{esc(citations.page_label(source.page))}</a>)'

    def box_footer(self, pages: str) -> str:
        """A fact box's source line: the main source named once, then ``pages`` (our words)."""
        reference = self.data.references[BOX_SOURCE]
        return (f'Source: <a href="{self.href(REFERENCES_PAGE, anchor=BOX_SOURCE)}">'
                f"{esc(citations.label(reference))}</a>, <cite>{esc(reference.title)}</cite>{pages}")

    # -- looking things up --------------------------------------------------------------

    def case(self, case_id: str) -> schema.CaseStudy:
        if case_id not in self.data.case_studies:
            self.fail(f"unknown case study {case_id!r}; expected one of: {', '.join(self.data.case_studies)}")
        return self.data.case_studies[case_id]

    def model(self, model_id: str) -> schema.ContractModel:
        if model_id not in self.data.models:
            self.fail(f"unknown model {model_id!r}; expected one of: {', '.join(self.data.models)}")
        return self.data.models[model_id]

    def case_link(self, case: schema.CaseStudy) -> str:
        return self.link_if_page(CASE_PAGE.format(id=case.id), self.text(case.name))

    def model_links(self, model_ids: list[str]) -> str:
        return formatting.join(
            [self.link_if_page(MODEL_PAGE.format(id=m), self.text(self.data.models[m].name)) for m in model_ids]
        )
