"""MkDocs hook: a strict Content-Security-Policy in every built page.

The site loads nothing from other hosts, so its policy allows only the site itself
(``'self'``), plus:

- the SHA-256 hashes of the inline scripts the build actually emits (Material writes
  a few small ones into every page: its storage helpers, the saved colour palette,
  the open tab of a tab set), read from the built HTML, so a new Material version
  that changes them changes the hashes with it;
- ``'wasm-unsafe-eval'``, which Pyodide needs to compile Python's WebAssembly;
- ``data:`` images, which Material's stylesheet uses for its icons.

After the build (``on_post_build``) every HTML page gets the policy as a
``<meta http-equiv="Content-Security-Policy">`` tag, first thing in its ``<head>``, so
it covers every script. The same site-wide policy is in every page, because
Material's instant navigation keeps the first page's policy while it swaps pages.
Hosts that can send headers should also send :func:`header_policy` (README,
Deploying), which adds what a meta tag cannot carry (``frame-ancestors``).

The preview server (``mkdocs serve``) gets no policy: it injects its own inline
live-reload script into every page it serves.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

#: Inline <script> elements that the browser runs: no src, and no non-JavaScript type
#: (Material's `<script id="__config" type="application/json">` is data, not code).
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?![^>]*\bsrc=)[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
DATA_TYPE = re.compile(r"""\btype=["']?(?!text/javascript|module)[\w/+-]+""", re.I)
CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?>", re.I)
META = re.compile(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>')


def inline_script_hashes(html: str) -> set[str]:
    """``'sha256-…'`` sources for every inline script in ``html`` that a browser runs."""
    hashes = set()
    for match in INLINE_SCRIPT.finditer(html):
        if DATA_TYPE.search(match.group("attrs")):
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        hashes.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return hashes


def policy(hashes: set[str], *, header: bool = False) -> str:
    """The site's policy: the meta tag's, or with ``header=True`` the HTTP header's."""
    directives = [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval' " + " ".join(sorted(hashes)),
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    if header:
        directives.append("frame-ancestors 'none'")
    return "; ".join(directives)


def site_hashes(site_dir: Path) -> set[str]:
    hashes: set[str] = set()
    for page in site_dir.rglob("*.html"):
        hashes |= inline_script_hashes(page.read_text(encoding="utf-8"))
    return hashes


def header_policy(site_dir: Path) -> str:
    """The ``Content-Security-Policy`` header value for the site built in ``site_dir``."""
    return policy(site_hashes(site_dir), header=True)


def add_meta(html: str, content: str) -> str:
    """``html`` with the policy's meta tag right after ``<meta charset>`` (or first in <head>).

    Only the ``<head>`` is searched: a page's body can be long, and holds neither tag.
    """
    head, end, body = html.partition("</head>")
    head = META.sub("", head)
    tag = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    match = CHARSET.search(head)
    if match:
        head = head[: match.end()] + "\n      " + tag + head[match.end():]
    else:
        head = re.sub(r"<head[^>]*>", lambda m: m.group(0) + tag, head, count=1, flags=re.I)
    return head + end + body


_serving = False


def on_startup(command: str, dirty: bool, **kwargs) -> None:
    global _serving
    _serving = command == "serve"


def on_post_build(config, **kwargs) -> None:
    if _serving:
        return
    site_dir = Path(config["site_dir"])
    pages = list(site_dir.rglob("*.html"))
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    hashes: set[str] = set()
    for text in texts.values():
        hashes |= inline_script_hashes(text)
    content = policy(hashes)
    for page, text in texts.items():
        page.write_text(add_meta(text, content), encoding="utf-8")
