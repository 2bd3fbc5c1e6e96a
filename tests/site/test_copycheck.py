"""The site's prose is in its own words: no passage copied from the source documents.

copycheck lives in the shared folder beside the repository (../shared/tools/), with the
source documents it compares against; it is not part of this repository.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
COPYCHECK = REPO_ROOT.parent / "shared" / "tools" / "copycheck.py"


@pytest.mark.skipif(not COPYCHECK.is_file(), reason=f"no shared folder with copycheck at {COPYCHECK}")
def test_docs_and_data_copy_no_passage_from_the_sources():
    result = subprocess.run(
        [sys.executable, str(COPYCHECK), "docs", "data"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0 and "copycheck: 0 copied passage" in result.stdout, (
        f"copycheck exit {result.returncode}; rewrite these in the site's own words:\n"
        f"{result.stdout}{result.stderr}"
    )
