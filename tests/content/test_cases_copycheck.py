"""The case studies, Nuffield pages and the glossary/references/Nuffield data are in our
own words: copycheck finds no passage of 12+ words shared with the source documents.

The bibliography, `data/references.bib`, holds the sources' bibliographic facts
(authors, titles, URLs) copied exactly, as a bibliography must; copycheck does not read
BibTeX. Its other fields (notes, publisher lines) are checked here: a copied run there
fails, as in any other file.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from macros import data as site_data

REPO_ROOT = Path(__file__).resolve().parents[2]
COPYCHECK = REPO_ROOT.parent / "shared" / "tools" / "copycheck.py"
OWN_WORDS = [
    "docs/case-studies",
    "docs/nuffield",
    "docs/glossary.md",
    "docs/references.md",
    "data/glossary.yaml",
    "data/nuffield.yaml",
]
BIBLIOGRAPHY = "data/references.bib"
RUN = 12

pytestmark = pytest.mark.skipif(not COPYCHECK.is_file(), reason=f"no copycheck at {COPYCHECK}")


@pytest.fixture(scope="module")
def copycheck():
    spec = importlib.util.spec_from_file_location("copycheck", COPYCHECK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.grams = module.seed_index(RUN)
    return module


def copied(copycheck, text: str) -> list[str]:
    w = copycheck.words(text)
    return [" ".join(w[start:end]) for start, end in copycheck.copied_runs(w, copycheck.grams, RUN)]


def files(path: str) -> list[Path]:
    root = REPO_ROOT / path
    return [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.suffix in {".md", ".yaml"})


@pytest.mark.parametrize("path", OWN_WORDS)
def test_prose_and_data_copy_nothing_from_the_sources(copycheck, path):
    found = {str(f.relative_to(REPO_ROOT)): runs for f in files(path)
             if (runs := copied(copycheck, f.read_text(encoding="utf-8")))}
    assert not found, f"rewrite these in the site's own words: {found}"


def test_bibliography_copies_only_authors_titles_and_urls(copycheck):
    references = site_data.load(REPO_ROOT / "data", check_presets=False).references.values()
    ours = {f"{ref.id}.{field}": value for ref in references
            for field in ("publisher", "note") if (value := getattr(ref, field))}
    found = {where: runs for where, text in ours.items() if (runs := copied(copycheck, text))}
    assert not found, f"{BIBLIOGRAPHY}: copied text outside authors/titles/URLs: {found}"
