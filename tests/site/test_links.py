"""linkchecker finds no broken internal link or #anchor in the built site.

The site is served on 127.0.0.1 and every page is a start URL. Links to other hosts are
not followed: CI has no internet. A maintainer checks them by hand with
`.venv/bin/linkchecker --check-extern site/index.html` after `make build`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

LINKCHECKER = Path(sys.executable).with_name("linkchecker")


def test_linkchecker_finds_no_broken_internal_links(built_site, served_site, tmp_path):
    config = tmp_path / "linkcheckerrc"
    # AnchorCheck: a link to page#anchor fails when the page has no such id.
    # The local server allows more than linkchecker's default 10 requests a second.
    config.write_text("[checking]\nmaxrequestspersecond=200\n\n[AnchorCheck]\n", "utf-8")
    config.chmod(0o644)  # linkchecker drops root privileges before it reads some files
    tmp_path.chmod(0o755)
    pages = [served_site + p.relative_to(built_site).as_posix() for p in sorted(built_site.rglob("*.html"))]
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
