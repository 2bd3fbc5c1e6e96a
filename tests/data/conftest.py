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
