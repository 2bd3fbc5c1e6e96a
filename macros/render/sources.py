"""The pages' files checked before MkDocs reads them: UTF-8, and front matter that is YAML.

MkDocs stops on a page that is not UTF-8 with a long traceback, and reads front matter
that is not valid YAML (``title: Home: start``) as no front matter at all: the keys are
printed as the page's first paragraph and the build passes. :func:`check` finds both in
every Markdown file of ``docs/``, so the build stops first with the file, the line and
the problem, like any other page error.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..data.problems import PageError, Problem, counted
from ..data.read import read_text, yaml_problem

#: Front matter as MkDocs finds it: a first line of ``---``, YAML, a line of ``---`` or ``...``.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def front_matter_problem(shown: str, text: str) -> Problem | None:
    """What is wrong with the page's front matter, if it has some that MkDocs would ignore."""
    match = _FRONT_MATTER.match(text.replace("\r\n", "\n"))
    if match is None:
        return None
    try:
        meta = yaml.safe_load(match[1])
    except yaml.YAMLError as error:  # its text starts on line 2, after the first ---
        return yaml_problem(shown, error, match[1], first_line=2, what="front matter is not valid YAML")
    if meta is not None and not isinstance(meta, dict):
        return Problem(shown, "", "front matter is not keys and values; expected e.g. `title: Home`", 2)
    return None


def problems(docs_dir: str | Path) -> list[Problem]:
    """Every Markdown file in ``docs_dir`` that MkDocs would fail on or misread."""
    docs = Path(docs_dir)
    found: list[Problem] = []
    for path in sorted(docs.rglob("*.md")):
        shown = f"{docs.name}/{path.relative_to(docs).as_posix()}"
        text = read_text(path, shown, found)
        problem = front_matter_problem(shown, text) if text is not None else None
        if problem is not None:
            found.append(problem)
    return found


def check(docs_dir: str | Path) -> None:
    """Stop the build with a :class:`PageError` listing the problems found, if any."""
    found = problems(docs_dir)
    if found:
        raise PageError(found, heading=counted(len(found), "the page files in docs/"))
