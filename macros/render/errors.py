"""Page errors read like data errors: the page, the line, the problem, no traceback.

mkdocs-macros prints a failing macro through ``format_error``; without help it prints a
Python traceback. :func:`install` registers a plain message for every error a page can
cause (a :class:`~macros.data.problems.SiteError` from a macro, an undefined variable
or macro, a macro called with the wrong arguments, a Jinja syntax error), and
:func:`guard` wraps each macro so that a wrong call becomes a
:class:`~macros.data.problems.PageError` naming the macro and what it takes.
Set ``SITE_TRACEBACK=1`` to see the traceback as well, when debugging the macros.
"""

from __future__ import annotations

import functools
import inspect
import os
import traceback
from typing import Any, Callable

import jinja2
from mkdocs_macros.errors import format_error

from ..data.problems import PageError, Problem, SiteError, annotate

TEMPLATE = "<template>"  # the file name Jinja gives a page's Markdown


def _page_file(page: Any) -> str:
    file = getattr(page, "file", None)
    return f"docs/{file.src_uri}" if file is not None else "a page"


def _lines_before_body(page: Any, markdown: str) -> int:
    """How many lines of the page's file precede ``markdown``, the body MkDocs rendered.

    MkDocs hands the macros the page without its front matter (the ``---`` lines, the
    keys between them and the blank lines after), so a line in the body is that many
    lines further down in the file.
    """
    try:
        source = page.file.content_string.replace("\r\n", "\n")
    except (AttributeError, OSError, ValueError):
        return 0
    body = markdown.replace("\r\n", "\n")
    if not body or not source.endswith(body):
        return 0
    return source[: len(source) - len(body)].count("\n")


def _template_line(error: BaseException, markdown: str = "", page: Any = None) -> int | None:
    """The line of the page's file that was being rendered when ``error`` was raised."""
    line = getattr(error, "lineno", None) if isinstance(error, jinja2.TemplateSyntaxError) else None
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == TEMPLATE:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line + _lines_before_body(page, markdown) if line is not None else None


def _with_line(error: SiteError, page_file: str, line: int | None) -> SiteError:
    """``error`` with the page's line filled in on the problems about that page."""
    if line is None:
        return error
    problems = [
        Problem(p.file, p.path, p.message, line, p.column) if p.file == page_file and p.line is None else p
        for p in error.problems
    ]
    return type(error)(problems)


def _report(error: SiteError) -> str:
    annotate(error)
    text = str(error)
    if os.environ.get("SITE_TRACEBACK"):
        text += "\n" + "".join(traceback.format_exception(error))
    return text


def format_site_error(error: SiteError, markdown: str = "", page: Any = None) -> str:
    """A problem a macro reported: its message as it is, with the page's line added."""
    return _report(_with_line(error, _page_file(page), _template_line(error, markdown, page)))


def format_undefined(error: jinja2.UndefinedError, markdown: str = "", page: Any = None) -> str:
    name = error.message or str(error)
    message = f"{name}: no such variable or macro (the macros a page may call: macros/render/__init__.py)"
    return _report(PageError([Problem(_page_file(page), "", message, _template_line(error, markdown, page))]))


def format_syntax(error: jinja2.TemplateSyntaxError, markdown: str = "", page: Any = None) -> str:
    message = f"macro syntax error: {error.message}"
    return _report(PageError([Problem(_page_file(page), "", message, _template_line(error, markdown, page))]))


def format_other(error: Exception, markdown: str = "", page: Any = None) -> str:
    """Anything else a page raises: its type and message, still without a traceback."""
    message = f"a macro failed: {type(error).__name__}: {error}"
    return _report(PageError([Problem(_page_file(page), "", message, _template_line(error, markdown, page))]))


def install() -> None:
    """Register the formatters with mkdocs-macros (idempotent)."""
    format_error.register(SiteError, format_site_error)
    format_error.register(jinja2.UndefinedError, format_undefined)
    format_error.register(jinja2.TemplateSyntaxError, format_syntax)
    format_error.register(Exception, format_other)


def _usage(name: str, signature: inspect.Signature, skip_first: bool) -> str:
    params = list(signature.parameters.values())[1 if skip_first else 0 :]
    shown = [p.name if p.default is inspect.Parameter.empty else f"{p.name}={p.default!r}" for p in params]
    return f"{name}({', '.join(shown)})"


#: The argument types a macro's signature may name, as written (annotations are text here).
_TYPES = {"str": (str,), "int": (int,), "str | None": (str, type(None)), "int | None": (int, type(None))}
_WORDS = {"str": "text in quotes", "int": "a whole number", "str | None": "text in quotes", "int | None": "a whole number"}


def _check_types(name: str, bound: inspect.BoundArguments, skip: int) -> str | None:
    """What is wrong with the arguments' types, by the signature's annotations (None: nothing)."""
    for index, (param, value) in enumerate(bound.arguments.items()):
        if index < skip:
            continue
        annotation = bound.signature.parameters[param].annotation
        allowed = _TYPES.get(annotation) if isinstance(annotation, str) else None
        if allowed and (not isinstance(value, allowed) or isinstance(value, bool)):
            return f"{name}(): {param} must be {_WORDS[annotation]}, got {value!r:.60}"
    return None


def guard(name: str, func: Callable, where: Callable[[], str], bound_first: bool = False) -> Callable:
    """``func`` as a macro whose wrong calls and value errors are page errors.

    ``bound_first``: ``func`` is a ``functools.partial`` with its first argument given
    (the :class:`~macros.render.page.Page`), which the usage shown leaves out.
    """
    target = func.func if isinstance(func, functools.partial) else func
    signature = inspect.signature(target)

    @functools.wraps(target)
    def macro(*args, **kwargs):
        given = func.args if isinstance(func, functools.partial) else ()
        try:
            bound = signature.bind(*given, *args, **kwargs)
        except TypeError as error:
            raise PageError([Problem(where(), "", f"{name}(): {error}; call it as {{{{ {_usage(name, signature, bound_first)} }}}}")]) from None
        wrong = _check_types(name, bound, len(given))
        if wrong:
            raise PageError([Problem(where(), "", wrong)])
        try:
            return func(*args, **kwargs)
        except SiteError:
            raise
        except (ValueError, LookupError, TypeError) as error:  # e.g. a number where text was meant
            raise PageError([Problem(where(), "", f"{name}(): {error}")]) from None

    return macro
