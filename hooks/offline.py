"""MkDocs hook: a service worker, so the site works offline after one visit.

After the build (``on_post_build``, after the other hooks have written their files)
it writes ``<site>/sw.js``: the worker in ``hooks/sw.js`` with, filled in,

- ``PAGES``: every page and asset of the site (paths relative to the site's root),
  fetched into the cache when the worker installs, so after the first visit to any
  page every page opens offline;
- ``RUNTIME``: the calculators' Python runtime (``assets/calculator/vendor/``),
  cached as a calculator page uses it (and all of it, but the snapshot, once a
  calculator page has been opened), not on every visitor's first page: it is ten
  times the rest of the site;
- two versions, hashes of those files' contents: a build that changes a page gives
  a new page cache and the old one is deleted; the runtime's cache is replaced only
  when the runtime changes.

Paths are relative to the worker's own address, so the site works from a sub-path
(GitHub Pages). ``loader.js`` registers the worker. The preview server
(``mkdocs serve``) gets none: it would serve stale files while you edit.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.offline")

TEMPLATE = Path(__file__).resolve().parent / "sw.js"
RUNTIME_DIR = "assets/calculator/vendor/"
#: Not cached ahead: source maps, and the search's other languages (the site is English).
SKIP_PREFIXES = ("assets/javascripts/lunr/",)
SKIP_SUFFIXES = (".map", ".gz.partial", "sitemap.xml.gz")
SKIP_NAMES = {"sw.js"}

_serving = False


def on_startup(command: str, dirty: bool, **kwargs) -> None:
    global _serving
    _serving = command == "serve"


def site_files(site_dir: Path) -> tuple[list[str], list[str]]:
    """(pages and assets, runtime files), as paths relative to the site's root."""
    pages, runtime = [], []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(site_dir).as_posix()
        if rel in SKIP_NAMES or rel.startswith(SKIP_PREFIXES) or rel.endswith(SKIP_SUFFIXES):
            continue
        (runtime if rel.startswith(RUNTIME_DIR) else pages).append(rel)
    return pages, runtime


def _version(site_dir: Path, files: list[str]) -> str:
    digest = hashlib.sha256()
    for rel in files:
        digest.update(rel.encode() + b"\0" + (site_dir / rel).read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def service_worker(site_dir: Path) -> str:
    pages, runtime = site_files(site_dir)
    # A page's own address is its folder ("report/alliance/"), as links name it.
    urls = [rel[: -len("index.html")] if rel.endswith("index.html") else rel for rel in pages]
    values = {
        "PAGES_VERSION": _version(site_dir, pages),
        "RUNTIME_VERSION": _version(site_dir, runtime),
        "PAGES": urls,
        "RUNTIME": runtime,
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(f"/*{name}*/null", json.dumps(value))
    return text


def on_post_build(config, **kwargs) -> None:
    site_dir = Path(config["site_dir"])
    target = site_dir / "sw.js"
    if _serving:
        target.unlink(missing_ok=True)
        return
    target.write_text(service_worker(site_dir), encoding="utf-8")
