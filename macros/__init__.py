"""mkdocs-macros entry point: loads the data once per build and registers the macros.

The data layer is :mod:`macros.data` (read, check, tabulate ``data/``), the page
renderers :mod:`macros.render` (one module per page family, the calculator pages'
:mod:`macros.render.calculator_pages` among them). Nothing here computes or renders.
"""

from __future__ import annotations

import functools

from .data import SiteError, load
from .data.problems import annotate
from .render import MACROS, calculator_pages, errors, glossary, held, mkdocs_warnings, open_data, sources, text
from .render.page import Page

errors.install()  # page errors print as plain messages, never a traceback


def define_env(env):
    """Validate the data (stopping the build on any problem), export presets, register macros."""
    from . import export_presets  # here, so `python -m macros.export_presets` runs cleanly

    mkdocs_warnings.install(env.conf["docs_dir"])  # in GitHub Actions: mkdocs' warnings as annotations
    builtin = set(env.macros)  # mkdocs-macros' own (context, now...): left as they are
    try:
        sources.check(env.conf["docs_dir"])  # a page MkDocs would fail on, or whose front matter it would drop
        data = load()
    except SiteError as error:
        annotate(error)
        raise
    env.variables["site_data"] = data
    text.use(data)
    export_presets.write(data=data)
    page = Page(env, data)
    for name, renderer in MACROS.items():
        env.macro(functools.partial(renderer, page), name)
    calculator_pages.register(env)  # calculator(name), calculator_index(), calculator_inputs(name)
    for name in set(env.macros) - builtin:  # a wrong call of any of ours is a clean page error
        guarded = errors.guard(name, env.macros[name], lambda: page.where, bound_first=name in MACROS)
        env.macros[name] = held.round_markdown(guarded)  # the HTML blocks go round Markdown


def on_post_page_macros(env):
    """Give every page the glossary's abbreviations, so tooltips appear wherever they are used."""
    env.markdown += glossary.abbreviation_definitions(env.variables["site_data"], env.markdown)


def on_post_build(env):
    """Write the Data page's downloads (CSV and Excel) into the built site."""
    open_data.write(env.variables["site_data"], env.conf["site_dir"])
