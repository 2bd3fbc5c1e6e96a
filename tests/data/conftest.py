"""Fixtures for the data tests: a scratch copy of data/ to break, and a stand-in env."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA = REPO_ROOT / "data"


class DataCopy:
    """A copy of data/ in a temporary folder, with helpers to break one thing in it."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, name: str) -> Path:
        return self.root / name

    def edit(self, name: str, change: Callable[[Any], None]) -> None:
        """Load ``name`` as YAML, let ``change`` alter it in place, write it back."""
        path = self.path(name)
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(content)
        path.write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True), encoding="utf-8")

    def replace_text(self, name: str, old: str, new: str) -> None:
        path = self.path(name)
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}: the test's anchor text has gone"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def data_copy(tmp_path: Path) -> DataCopy:
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    return DataCopy(root)


@pytest.fixture
def page_env() -> Callable[[str], SimpleNamespace]:
    """A stand-in for the mkdocs-macros env while rendering the docs page ``src``."""

    def make(src: str) -> SimpleNamespace:
        stem = src.removesuffix(".md")
        url = stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else stem + "/"
        page = SimpleNamespace(url=url, file=SimpleNamespace(src_uri=src))
        conf = {"docs_dir": str(REPO_ROOT / "docs"), "use_directory_urls": True}
        return SimpleNamespace(page=page, conf=conf)

    return make


class FixtureSite:
    """A small MkDocs site that uses this repository's macros, for page-error tests.

    ``build({"index.md": "..."})`` writes the pages and runs a strict ``mkdocs build``
    on them (seconds, not the whole site); ``env`` adds environment variables, e.g.
    ``SITE_DATA_DIR`` for a broken copy of ``data/``.
    """

    CONFIG = (
        "site_name: Fixture\nstrict: true\nplugins:\n  - macros:\n      module_name: macros\n"
        "      on_error_fail: true\n      on_undefined: strict\n"
        "hooks:\n  - hooks/held_html.py\n"  # the macros' HTML back into each page, as in mkdocs.yml
        "validation:\n  links:\n    anchors: warn\n"  # as in mkdocs.yml: a link to a missing #anchor fails
    )

    def __init__(self, root: Path):
        self.root = root
        for package in ("macros", "calculators", "hooks"):
            (root / package).symlink_to(REPO_ROOT / package, target_is_directory=True)
        (root / "mkdocs.yml").write_text(self.CONFIG, encoding="utf-8")

    def build(self, pages: dict[str, str | bytes], env: dict[str, str] | None = None):
        import os
        import subprocess
        import sys

        docs = self.root / "docs"
        shutil.rmtree(docs, ignore_errors=True)
        for name, text in {"references.md": "# References\n", **pages}.items():
            (docs / name).parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):  # a page saved in another encoding
                (docs / name).write_bytes(text)
            else:
                (docs / name).write_text(text, encoding="utf-8")
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(self.root / "site")],
            cwd=self.root, capture_output=True, text=True, timeout=300,
            env={**{k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"},  # annotations only when asked
                 "NO_COLOR": "1", "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        )


@pytest.fixture
def fixture_site(tmp_path: Path) -> FixtureSite:
    root = tmp_path / "site-project"
    root.mkdir()
    return FixtureSite(root)


def problems_of(root) -> str:
    """What loading the data at ``root`` reports (it must fail)."""
    from macros import data as site_data
    from macros.data import DataError

    with pytest.raises(DataError) as caught:
        site_data.load(root)
    return str(caught.value)
