"""Fixtures every test folder can use.

built_site    a strict `mkdocs build` of this repository into a temporary folder, made
              once per test session and shared; a `pathlib.Path` to the built site.
served_site   that build served over HTTP on 127.0.0.1, at the same path as `site_url`
              (mkdocs' 404.html uses absolute links under that path); the base URL,
              ending in "/". For linkchecker and browser tests.
mkdocs_config mkdocs.yml as data, read with mkdocs' own YAML loader (it knows `!ENV`).
article       article("case-studies/lambeth/index.html"): that built page's main content
              (its <article>), parsed once per session; fails if the page or its article is missing.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.utils.yaml import get_yaml_loader

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def article(built_site: Path):
    """A reader of built pages' main content, each page parsed once per session."""

    @functools.cache
    def read(page: str) -> BeautifulSoup:
        path = built_site / page
        assert path.is_file(), f"{page} was not built"
        main = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("article")
        assert main is not None, f"{page}: no <article> (main content) in the page"
        return main

    return read


@pytest.fixture(scope="session")
def mkdocs_config() -> dict:
    with open(REPO_ROOT / "mkdocs.yml", encoding="utf-8") as f:
        return yaml.load(f, Loader=get_yaml_loader())  # noqa: S506 - mkdocs' own loader


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the site once, strictly, as `make build` does, but into a temporary folder.

    A failed build fails every test that uses it with mkdocs' own messages (the build
    runs once; pytest reports the same failure for each such test).
    """
    site = tmp_path_factory.mktemp("site")
    command = [
        sys.executable, "-m", "mkdocs", "build", "--strict",
        "--config-file", str(REPO_ROOT / "mkdocs.yml"), "--site-dir", str(site),
    ]
    result = subprocess.run(
        command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "NO_COLOR": "1", "NO_MKDOCS_2_WARNING": "1"},
    )
    if result.returncode != 0:
        pytest.fail(
            f"`mkdocs build --strict` failed (exit {result.returncode}). mkdocs said:\n"
            f"{result.stdout}{result.stderr}",
            pytrace=False,
        )
    return site


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site under `prefix`, as a static host would; quiet."""

    prefix = "/"
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
    }

    def translate_path(self, path: str) -> str:
        path = unquote(urlsplit(path).path)
        if not path.startswith(self.prefix):
            return os.path.join(self.directory, ".outside-site-url")  # answers 404
        return super().translate_path("/" + path[len(self.prefix):])

    def end_headers(self) -> None:
        # Lets linkchecker send more than its default 10 requests a second to us.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def served_site(built_site: Path, mkdocs_config: dict) -> Iterator[str]:
    prefix = urlsplit(mkdocs_config.get("site_url") or "/").path or "/"
    prefix = prefix if prefix.endswith("/") else prefix + "/"
    handler = type("Handler", (_SiteHandler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(built_site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
