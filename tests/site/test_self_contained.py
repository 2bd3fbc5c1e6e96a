"""The built site requests nothing from any other host.

It must work offline and on networks that block CDNs: every script, style sheet, font,
image, frame and media file comes from the site itself. Plain links (<a href>) to other
sites are fine: the reader chooses to follow them. This reads the built files; what
scripts request at run time is checked in Chromium by tests/browser/, which aborts and
reports any request to another host on every page.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

# Attributes whose URL a browser fetches by itself, by element.
FETCHED = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "iframe": ["src"],
    "frame": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "track": ["src"],
    "input": ["src"],
    "image": ["href", "xlink:href"],
    "use": ["href", "xlink:href"],
    "form": ["action"],
}
# <link> relations that only describe a URL; any other rel (stylesheet, icon, preload,
# preconnect, manifest...) makes the browser contact it.
DESCRIPTIVE_RELS = {"canonical", "alternate", "prev", "next", "author", "license", "help", "bookmark", "me"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""", re.I)


def is_other_host(url: str) -> bool:
    url = url.strip()
    return url.startswith("//") or urlsplit(url).scheme.lower() in {"http", "https"}


def fetched_urls(soup):
    """(element, URL) for every URL the page makes the browser fetch."""
    for tag, attrs in FETCHED.items():
        for element in soup.find_all(tag):
            for attr in attrs:
                value = element.get(attr) or ""
                # srcset: "a.png 1x, b.png 2x"; the URL is each entry's first word.
                for candidate in value.split(",") if attr == "srcset" else [value]:
                    if candidate.strip():
                        yield tag, candidate.split()[0]
    for link in soup.find_all("link", href=True):
        if not set(link.get("rel") or []) <= DESCRIPTIVE_RELS:
            yield "link rel=" + " ".join(link.get("rel") or []), link["href"]
    for style in soup.find_all("style"):
        for url in CSS_URL.findall(style.get_text()):
            yield "style", url
    for element in soup.find_all(style=True):
        for url in CSS_URL.findall(element["style"]):
            yield f"{element.name} style=", url


def test_is_other_host_tells_local_from_remote():
    assert is_other_host("https://cdn.example.org/x.js")
    assert is_other_host("//fonts.example.org/font.woff2")
    assert not is_other_host("../assets/javascripts/bundle.js")
    assert not is_other_host("data:image/svg+xml;base64,AAAA")


def test_fetched_urls_are_those_a_browser_would_request():
    soup = BeautifulSoup(
        '<link rel="canonical" href="https://site.example/"><link rel="stylesheet" href="https://cdn.example/x.css">'
        '<img srcset="a.png 1x, https://cdn.example/b.png 2x"><a href="https://elsewhere.example/">a link</a>'
        '<div style="background: url(//cdn.example/c.png)"></div>',
        "html.parser",
    )
    remote = [url for _, url in fetched_urls(soup) if is_other_host(url)]
    assert remote == ["https://cdn.example/b.png", "https://cdn.example/x.css", "//cdn.example/c.png"]


def test_pages_load_nothing_from_other_hosts(html_pages):
    offending = [
        f"{name}: <{what}> {url}"
        for name, soup in html_pages.items()
        for what, url in fetched_urls(soup)
        if is_other_host(url)
    ]
    assert not offending, "pages fetch from other hosts:\n" + "\n".join(offending)


def test_style_sheets_load_nothing_from_other_hosts(built_site):
    offending = [
        f"{css.relative_to(built_site)}: {url}"
        for css in sorted(built_site.rglob("*.css"))
        for url in CSS_URL.findall(css.read_text("utf-8", errors="replace"))
    ]
    assert not offending, "style sheets fetch from other hosts:\n" + "\n".join(offending)
