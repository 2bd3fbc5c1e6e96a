"""linkchecker finds no broken internal link or #anchor in the built site.

The site is served on 127.0.0.1 (run as root, linkchecker drops to user `nobody`, who
cannot read pytest's private temporary folders) and every page is a start URL. Links to
other hosts are not followed: CI has no internet. A maintainer checks them by hand with
`.venv/bin/linkchecker --check-extern site/index.html` after `make build`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

LINKCHECKER = Path(sys.executable).with_name("linkchecker")


def test_linkchecker_finds_no_broken_internal_links(built_site, served_site, tmp_path):
    config = tmp_path / "linkcheckerrc"
    # The local server allows more than linkchecker's default 10 requests a second.
    # Anchors are checked below, from the parsed pages: linkchecker's AnchorCheck fetches
    # a page again for each #anchor linked to it, which makes it many times slower.
    config.write_text("[checking]\nmaxrequestspersecond=200\n", "utf-8")
    # Written as the site links to them ("report/", not "report/index.html"), so that
    # linkchecker, which caches by URL, reads each page once.
    pages = [
        served_site + p.relative_to(built_site).as_posix().removesuffix("index.html")
        for p in sorted(built_site.rglob("*.html"))
    ]
    result = subprocess.run(
        [
            str(LINKCHECKER), "--config", str(config), "--no-status", "--no-warnings",
            "--ignore-url", r"^https?://(?!127\.0\.0\.1[:/])",  # other hosts: never contacted
            "--ignore-url", r"^mailto:",
            *pages,
        ],
        capture_output=True, text=True, timeout=300,
    )
    errors = [block for block in re.split(r"\n\s*\n", result.stdout) if "\nResult     Error" in block]
    assert result.returncode == 0 and not errors, (
        f"linkchecker exit {result.returncode}:\n" + "\n\n".join(errors or [result.stdout[-3000:], result.stderr[-3000:]])
    )
    assert re.search(r"[1-9]\d* links? in \d+ URLs? checked", result.stdout), result.stdout[-2000:]


def test_every_link_to_an_anchor_finds_it(html_pages, mkdocs_config):
    """Links to page#anchor, in Markdown or in the HTML macros write, reach an element
    with that id (mkdocs itself checks only the Markdown ones)."""
    prefix = urlsplit(mkdocs_config.get("site_url") or "/").path.rstrip("/") + "/"
    ids = {name: {el["id"] for el in soup.find_all(id=True)} for name, soup in html_pages.items()}
    broken = []
    for name, soup in html_pages.items():
        for link in soup.find_all(["a", "area"], href=True):
            target = urlsplit(urljoin(f"http://site{prefix}{name}", link["href"]))
            if target.netloc != "site" or not target.fragment or not target.path.startswith(prefix):
                continue
            page = target.path[len(prefix):]
            page = page + "index.html" if page == "" or page.endswith("/") else page
            if page in ids and unquote(target.fragment) not in ids[page]:
                broken.append(f"{name}: {link['href']}")
    assert not broken, "links to anchors that do not exist:\n" + "\n".join(sorted(set(broken)))
