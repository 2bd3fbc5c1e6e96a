"""mkdocs' own warnings as GitHub Actions annotations: a broken link shows on its line.

The strict build stops on mkdocs' warnings (a link to a missing page or anchor, a page
left out of the nav); in GitHub Actions this handler also prints each one as an
``::error`` annotation on the file and, where it can find it, the line. Problems the
site's own code reports are annotated where they are raised (:mod:`macros.data.problems`).
"""

from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path

from ..data.problems import ANNOTATED, GITHUB_VARIABLE, Problem, annotation

_LINK = re.compile(r"Doc file '(?P<file>[^']+)' contains (?:a|an absolute|an unrecognized relative) link '(?P<link>[^']+)'")
_NOT_IN_NAV = re.compile(r"^\s+- (?P<file>\S+\.md)\s*$", re.MULTILINE)
def _own(record: logging.LogRecord) -> bool:
    """A record of the site's own problems (from mkdocs-macros, or a site error mkdocs
    stopped on): they are annotated where they are raised."""
    message = record.getMessage()
    return "macros" in record.name or message.startswith("[macros]") or message in ANNOTATED


class WarningAnnotations(logging.Handler):
    """Prints each mkdocs warning as a workflow annotation (installed only in GitHub Actions)."""

    def __init__(self, docs_dir: str | Path):
        super().__init__(logging.WARNING)
        self.docs_dir = Path(docs_dir)

    def _line(self, src: str, text: str) -> int | None:
        try:
            lines = (self.docs_dir / src).read_text("utf-8").splitlines()
        except OSError:
            return None
        return next((i for i, line in enumerate(lines, 1) if text in line), None)

    def problems(self, message: str) -> list[Problem]:
        docs = self.docs_dir.name
        link = _LINK.search(message)
        if link:
            src = link["file"]
            return [Problem(f"{docs}/{src}", "", message, self._line(src, link["link"]))]
        if "not included in the \"nav\"" in message:
            return [Problem(f"{docs}/{m['file']}", "", "this page is not in the nav of mkdocs.yml")
                    for m in _NOT_IN_NAV.finditer(message)]
        return [Problem("mkdocs.yml", "", message)]

    def emit(self, record: logging.LogRecord) -> None:
        if _own(record):
            return
        try:
            for problem in self.problems(record.getMessage()):
                print(annotation(problem, "Build"), file=sys.stdout, flush=True)
        except Exception:  # noqa: BLE001 - an annotation must never break the build
            self.handleError(record)


def install(docs_dir: str | Path) -> None:
    """In GitHub Actions, annotate mkdocs' warnings from now on (once, even across rebuilds)."""
    logger = logging.getLogger("mkdocs")
    for handler in [h for h in logger.handlers if isinstance(h, WarningAnnotations)]:
        logger.removeHandler(handler)
    if os.environ.get(GITHUB_VARIABLE) == "true":
        logger.addHandler(WarningAnnotations(docs_dir))
