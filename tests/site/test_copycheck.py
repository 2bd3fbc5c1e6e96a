"""The site's prose is in its own words: no passage copied from the source documents.

copycheck lives in the shared folder beside the repository (../shared/tools/), with the
source documents it compares against; it is not part of this repository. It reads
Markdown, YAML, HTML and other prose formats; two kinds of file it does not read carry
our words too, and are checked here through the same algorithm:

- the diagrams (SVG): their titles, descriptions and labels;
- the bibliography (BibTeX, data/references.bib): its authors, titles and addresses are
  exact copies, as a bibliography's must be, but its `publisher` and `note` fields are ours.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from macros import data as site_data

REPO_ROOT = Path(__file__).resolve().parents[2]
COPYCHECK = REPO_ROOT.parent / "shared" / "tools" / "copycheck.py"
RUN = 12  # copycheck's default: the shortest shared run of words it reports

pytestmark = pytest.mark.skipif(not COPYCHECK.is_file(), reason=f"no shared folder with copycheck at {COPYCHECK}")


@pytest.fixture(scope="module")
def copied():
    """copied(text) -> the runs of RUN+ words that ``text`` shares with the sources."""
    spec = importlib.util.spec_from_file_location("copycheck", COPYCHECK)
    copycheck = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(copycheck)
    grams = copycheck.seed_index(RUN)

    def runs(text: str) -> list[str]:
        words = copycheck.words(text)
        return [" ".join(words[start:end]) for start, end in copycheck.copied_runs(words, grams, RUN)]

    return runs


def test_docs_and_data_copy_no_passage_from_the_sources():
    result = subprocess.run(
        [sys.executable, str(COPYCHECK), "docs", "data"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0 and "copycheck: 0 copied passage" in result.stdout, (
        f"copycheck exit {result.returncode}; rewrite these in the site's own words:\n"
        f"{result.stdout}{result.stderr}"
    )


def test_diagram_words_copy_no_passage(copied):
    found = {svg.name: runs for svg in sorted((REPO_ROOT / "docs/assets/diagrams").glob("*.svg"))
             if (runs := copied(svg.read_text(encoding="utf-8")))}
    assert not found, f"rewrite these diagram words: {found}"


def test_bibliography_copies_only_authors_titles_and_urls(copied):
    references = site_data.load(REPO_ROOT / "data", check_presets=False).references.values()
    ours = {f"{ref.id}.{field}": value for ref in references
            for field in ("publisher", "note") if (value := getattr(ref, field))}
    found = {where: runs for where, text in ours.items() if (runs := copied(text))}
    assert not found, f"data/references.bib: copied text outside authors/titles/URLs: {found}"


def test_built_pages_prose_copies_no_passage(copied, built_site):
    """What a reader sees: each built page's main text, as macros and templates render it.

    Tables, the reference list and lists marked ``data-quoted`` (the fact boxes' reasons for
    change, in Table 1's words) are left out: they carry facts, names and titles as the
    sources give them (Table 1's wording, outcome measures, bibliographic entries).
    """
    from bs4 import BeautifulSoup

    found = {}
    for path in sorted(built_site.rglob("*.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("article")
        if page is None:
            continue
        for excluded in page.select("table, .data-references, .data-quoted, script, style, svg"):
            excluded.decompose()
        if runs := copied(page.get_text(" ")):
            found[path.relative_to(built_site).as_posix()] = runs
    assert not found, f"rewrite these passages in the site's own words: {found}"
