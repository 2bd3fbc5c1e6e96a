"""mkdocs-macros entry point: registers the page macros, nothing else.

Each macro is a thin wrapper that hands the current mkdocs-macros ``env`` to a
renderer in :mod:`macros.tables`; loading and validating ``data/`` lives in
:mod:`macros.data`.
"""

from __future__ import annotations

import functools

from . import calculator_pages, tables

#: Macro names that pages may call (the interface other helpers rely on).
MACROS = (
    "table1",
    "model_comparison",
    "model_summary",
    "case_study_facts",
    "case_study_outcomes",
    "case_study_payment",
    "case_study_timeline",
    "calculator_links",
    "nuffield_options",
    "nuffield_questions",
    "glossary",
    "references",
    "cite",
    "fact",
)


def define_env(env):
    """Register every macro in :data:`MACROS` with mkdocs-macros."""
    for name in MACROS:
        renderer = getattr(tables, name)
        env.macro(functools.wraps(renderer)(functools.partial(renderer, env)), name)
    calculator_pages.register(env)  # calculator(name), calculator_index(): the calculator pages
