"""mkdocs-macros entry point: registers the page macros and hooks, nothing else.

Loading and validating ``data/`` lives in :mod:`macros.data`, rendering in
:mod:`macros.tables`, the calculator presets in :mod:`macros.presets` and
:mod:`macros.export_presets`. Each macro is a thin wrapper handing the current
mkdocs-macros ``env`` (for the page being rendered) to its renderer.
"""

from __future__ import annotations

import functools

from mkdocs_macros.errors import format_error

from . import calculator_pages, data, tables

# mkdocs-macros prints a traceback for a failing macro unless told how to show the error.
format_error.register(data.DataError, data.format_for_macros)

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
    """Validate the data (stopping the build on any problem), export presets, register macros."""
    from . import export_presets  # here, so `python -m macros.export_presets` runs cleanly

    data.load()
    export_presets.write()
    for name in MACROS:
        renderer = getattr(tables, name)
        env.macro(functools.wraps(renderer)(functools.partial(renderer, env)), name)
    calculator_pages.register(env)  # calculator(name), calculator_index(): the calculator pages


def on_post_page_macros(env):
    """Give every page the glossary's abbreviations, so tooltips appear wherever they are used."""
    env.markdown += tables.abbreviation_definitions()
