"""The strict build succeeds and writes every page of the nav, usable on any screen."""

from __future__ import annotations

import json
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_strict_build_writes_home_and_not_found_pages(built_site):
    assert (built_site / "index.html").is_file()
    assert (built_site / "404.html").is_file()
    assert (built_site / "sitemap.xml").is_file()


def test_every_markdown_file_is_in_the_nav(mkdocs_config, nav_pages):
    docs = REPO_ROOT / mkdocs_config.get("docs_dir", "docs")
    files = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    assert files - {p.src for p in nav_pages} == set(), "pages a reader cannot reach from the nav"
    assert {p.src for p in nav_pages} - files == set(), "nav entries with no file in docs/"


def test_every_nav_page_is_built_under_its_nav_title(mkdocs_config, nav_pages, html_pages):
    missing = [p.src for p in nav_pages if p.html not in html_pages]
    assert not missing, f"nav pages with no HTML in the build: {missing}"
    assert mkdocs_config["site_name"] in html_pages["index.html"].title.get_text()
    wrong = {
        p.src: html_pages[p.html].title.get_text()
        for p in nav_pages
        if p.title and p.url and not html_pages[p.html].title.get_text().startswith(p.title)
    }
    assert not wrong, f"pages whose <title> does not start with their nav label: {wrong}"


def test_every_nav_page_is_linked_from_the_home_page_navigation(nav_pages, html_pages):
    nav = html_pages["index.html"].select_one("nav.md-nav--primary")
    links = {a["href"].removeprefix("./") for a in nav.select("a[href]")}
    unlinked = [p.src for p in nav_pages if p.url not in links and (p.url or ".") not in links]
    assert not unlinked, f"nav pages the home page's navigation does not link to: {unlinked}"


def test_every_page_fits_a_phone_screen(html_pages):
    no_viewport = [
        name for name, soup in html_pages.items()
        if "width=device-width" not in (soup.find("meta", attrs={"name": "viewport"}) or {}).get("content", "")
    ]
    assert not no_viewport, f"pages without a device-width viewport: {no_viewport}"


def test_every_page_has_a_light_dark_toggle(html_pages):
    for name, soup in html_pages.items():
        palette = soup.find("form", attrs={"data-palette": True})
        assert palette is not None, f"{name}: no colour palette toggle"
        schemes = [i.get("data-md-color-scheme") for i in palette.find_all("input")]
        assert schemes == ["default", "slate"], f"{name}: palette schemes {schemes}"
        labels = sorted(label["title"] for label in palette.find_all("label"))
        assert labels == ["Switch to dark mode", "Switch to light mode"], f"{name}: {labels}"


def test_instant_navigation_and_search_are_switched_on(built_site, html_pages):
    config = json.loads(html_pages["index.html"].find("script", id="__config").string)
    assert "navigation.instant" in config["features"]
    assert (built_site / config["search"]).is_file(), "the search worker script is missing"
    assert html_pages["index.html"].find(attrs={"data-md-component": "search"}) is not None
