"""MkDocs hook: the scripts the page template writes inline are not served as files too.

MkDocs copies every file of the theme's custom directory (``overrides/``) into the
site, and with them the sources of the scripts that ``overrides/main.html`` and its
partials write into every page (``{% include "....js" %}``). Nothing asks for those
copies, and the service worker would keep them for offline use: they are left out.
"""

from __future__ import annotations

import re
from pathlib import Path

INCLUDE = re.compile(r'{%-?\s*include\s+"([^"]+\.js)"\s*-?%}')


def inlined(overrides: Path) -> set[str]:
    """The scripts the templates in ``overrides`` include (paths inside it)."""
    names: set[str] = set()
    for template in overrides.rglob("*.html"):
        names.update(INCLUDE.findall(template.read_text(encoding="utf-8")))
    return names


def on_files(files, config, **kwargs):
    custom = config["theme"].custom_dir
    if not custom:
        return files
    overrides = Path(custom).resolve()
    names = inlined(overrides)
    for file in list(files):
        if file.src_uri in names and Path(file.src_dir).resolve() == overrides:
            files.remove(file)
    return files
