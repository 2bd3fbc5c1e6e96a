"""What the build says when something is wrong: one :class:`Problem` per fault, one error.

A leaf module (it imports nothing else from the package), used by the data layer and
the page renderers alike. Every error the site's own code raises is a :class:`SiteError`
listing its problems: :class:`DataError` for a file in ``data/``, :class:`PageError`
for a page in ``docs/`` (a macro called with an id that does not exist, a wrong
argument, an undefined variable). Both are ``mkdocs.exceptions.PluginError``, so
``mkdocs build`` prints the message and stops, without a traceback.

When the build runs in GitHub Actions (``GITHUB_ACTIONS=true``), :func:`annotate` also
prints each problem as a workflow command (``::error file=…,line=…::…``), so it shows on
the pull request's diff at that line.
"""

from __future__ import annotations

import difflib
import os
import sys
from dataclasses import dataclass
from typing import TextIO

from mkdocs.exceptions import PluginError


#: The longest message a problem keeps (longer ones are cut in the middle).
MAX_MESSAGE = 300


@dataclass(frozen=True)
class Problem:
    """One thing wrong: which file, where in it (a dotted path), and what was expected."""

    file: str
    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __post_init__(self):
        # A value quoted back (a 500-character id, a 300-digit number) must not bury the
        # message: keep its start and its end, where the expected form is said.
        if len(self.message) > MAX_MESSAGE:
            cut = f"{self.message[: MAX_MESSAGE - 100]} … {self.message[-90:]}"
            object.__setattr__(self, "message", cut)

    def __str__(self) -> str:
        where = self.file + (f", line {self.line}" if self.line else "")
        where += f", column {self.column}" if self.column else ""
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


#: A message found in this many places or more is listed once, with its first place.
GROUP_FROM = 3


def _grouped(problems: list[Problem]) -> list[str]:
    """The problems' lines, the same problem in many places once, where it first occurs.

    One renamed reference id would otherwise give a line for every fact that cites it. The
    same problem is the same message about the same kind of field (its path's last part).
    """
    def same_as(problem: Problem) -> tuple[str, str]:
        return problem.message, problem.path.rpartition(".")[2]

    places: dict[tuple[str, str], list[Problem]] = {}
    for problem in problems:
        places.setdefault(same_as(problem), []).append(problem)
    lines = []
    for problem in problems:
        same = places[same_as(problem)]
        if len(same) < GROUP_FROM:
            lines.append(str(problem))
        elif problem is same[0]:
            field = f" ({problem.path})" if problem.path else ""
            where = problem.file + (f", line {problem.line}" if problem.line else "")
            lines.append(f"{problem.message}, in {len(same)} places; the first: {where}{field}")
    return lines


def did_you_mean(value: str, known: list[str]) -> str:
    """" (did you mean 'x'?)" for the known value nearest ``value``, or nothing if none is near."""
    close = difflib.get_close_matches(value, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


class SiteError(PluginError):
    """Something in ``data/`` or ``docs/`` is wrong; ``problems`` lists every problem found."""

    heading = "problems"

    def __init__(self, problems: list[Problem], heading: str | None = None):
        problems = sorted(problems, key=lambda p: (p.file, p.line or 0))
        self.problems = problems
        lines = "\n".join(f"  - {line}" for line in _grouped(problems))
        super().__init__(f"{heading or self._heading(len(problems))}:\n{lines}")

    def _heading(self, count: int) -> str:
        return f"{count} {self.heading}"


def counted(count: int, where: str) -> str:
    """The heading of a list of problems: "1 problem in ..." or "3 problems in ..."."""
    return f"{count} problem{'s' if count != 1 else ''} in {where}"


class DataError(SiteError):
    """The data in ``data/`` is invalid."""

    def _heading(self, count: int) -> str:
        return counted(count, "the site data (see data/README.md for what each file may contain)")


class PageError(SiteError):
    """A page in ``docs/`` asks for something that does not exist, or calls a macro wrongly."""

    def _heading(self, count: int) -> str:
        return "A page asks the data for something that does not exist, or calls a macro wrongly"


def page_error(where: str, message: str, line: int | None = None) -> PageError:
    """A :class:`PageError` with one problem in the page ``where`` (e.g. "docs/glossary.md")."""
    return PageError([Problem(where, "", message, line)])


# -- GitHub Actions annotations ----------------------------------------------------------

GITHUB_VARIABLE = "GITHUB_ACTIONS"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem, title: str = "Site data") -> str:
    """One problem as a GitHub Actions ``::error`` workflow command."""
    props = [f"file={_escape_property(problem.file)}"]
    if problem.line:
        props.append(f"line={problem.line}")
    if problem.column:
        props.append(f"col={problem.column}")
    props.append(f"title={_escape_property(title)}")
    message = f"{problem.path}: {problem.message}" if problem.path else problem.message
    return f"::error {','.join(props)}::{_escape_data(message)}"


#: The messages of the errors :func:`annotate` printed: mkdocs logs them again as it stops,
#: and that log line is then not annotated a second time, as one problem at mkdocs.yml.
ANNOTATED: set[str] = set()


def annotate(error: SiteError, stream: TextIO | None = None) -> None:
    """Print ``error``'s problems as workflow annotations, when running in GitHub Actions."""
    if os.environ.get(GITHUB_VARIABLE) != "true":
        return
    ANNOTATED.add(str(error))
    title = "Page" if isinstance(error, PageError) else "Site data"
    stream = stream or sys.stdout
    for problem in error.problems:
        print(annotation(problem, title), file=stream)
    stream.flush()
