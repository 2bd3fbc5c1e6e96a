"""The report's pages are in the project's own words (no 12-word run shared with a source)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
COPYCHECK = REPO_ROOT.parent / "shared" / "tools" / "copycheck.py"


@pytest.mark.skipif(not COPYCHECK.is_file(), reason=f"no shared folder with copycheck at {COPYCHECK}")
def test_report_pages_copy_no_passage_from_the_sources():
    result = subprocess.run(
        [sys.executable, str(COPYCHECK), "docs/index.md", "docs/report"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0 and "copycheck: 0 copied passage" in result.stdout, (
        f"copycheck exit {result.returncode}; rewrite these in our own words:\n{result.stdout}{result.stderr}"
    )



@pytest.mark.skipif(not COPYCHECK.is_file(), reason=f"no shared folder with copycheck at {COPYCHECK}")
def test_diagram_words_copy_no_passage(tmp_path: Path):
    """copycheck skips .svg files, so check the diagrams' words (titles, descriptions,
    labels) as plain text."""
    words = tmp_path / "diagrams.txt"
    words.write_text(
        "\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO_ROOT / "docs/assets/diagrams").glob("*.svg"))),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, str(COPYCHECK), str(words)], capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, f"rewrite these diagram words:\n{result.stdout}{result.stderr}"
