"""Fixtures for the tests of the built site as a whole (tests/site/)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup


@dataclass(frozen=True)
class NavPage:
    title: str | None  # the nav label, None for a section's index page
    src: str  # path under docs/, e.g. "report/alliance.md"
    url: str  # path under the site root, e.g. "report/alliance/"
    html: str  # the file the build writes, e.g. "report/alliance/index.html"


def _page(title: str | None, src: str, directory_urls: bool) -> NavPage:
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        url = stem.removesuffix("index")
    else:
        url = stem + "/" if directory_urls else stem + ".html"
    html = url + "index.html" if url == "" or url.endswith("/") else url
    return NavPage(title, src, url, html)


@pytest.fixture(scope="session")
def nav_pages(mkdocs_config: dict) -> list[NavPage]:
    """Every page mkdocs.yml's nav lists, in order."""
    directory_urls = mkdocs_config.get("use_directory_urls", True)
    pages: list[NavPage] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, str):
                pages.append(_page(None, item, directory_urls))
                continue
            ((title, value),) = item.items()
            if isinstance(value, list):
                walk(value)
            elif value.endswith(".md"):
                pages.append(_page(title, value, directory_urls))

    walk(mkdocs_config["nav"])
    return pages


@pytest.fixture(scope="session")
def html_pages(built_site: Path) -> dict[str, BeautifulSoup]:
    """Every HTML file of the built site, parsed, by its path under the site root."""
    return {
        path.relative_to(built_site).as_posix(): BeautifulSoup(path.read_text("utf-8"), "html.parser")
        for path in sorted(built_site.rglob("*.html"))
    }
