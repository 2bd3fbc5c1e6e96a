"""Helpers for the browser tests: waiting for the calculator, reading its figures."""

from __future__ import annotations

import json
from pathlib import Path

from calculators import CALCULATORS as _registry


def load_presets() -> dict:
    """The presets (calculators/presets.json), written from data/ first if missing."""
    from calculators import presets

    try:
        return presets.load()
    except presets.PresetsUnavailable:
        from macros import export_presets

        export_presets.write()
        return presets.load()

def page_address(site: Path, index_html: Path) -> str:
    """The address under the site of a built page's ``index.html``: "" for the home
    page, else "report/alliance/"."""
    return "" if index_html.parent == site else index_html.parent.relative_to(site).as_posix() + "/"


#: The screens the layout tests use.
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
SCREENS = {"laptop": LAPTOP, "phone": PHONE}

#: Every calculator, from the registry: a new one is covered without editing the tests.
CALCULATORS = tuple(_registry)
#: The figures each page must show: the calculator's declared key figures.
HEADLINE = {name: spec.key_figures for name, spec in _registry.items()}


def default_preset(calc: str, presets: dict | None = None) -> str:
    """The preset the calculator's page opens with: the one its page names, else its first."""
    import re

    page = Path(__file__).resolve().parents[2] / "docs" / "calculators" / f"{calc}.md"
    named = re.search(r'calculator\(\s*"' + re.escape(calc) + r'"\s*,\s*preset="([^"]+)"', page.read_text("utf-8"))
    if named:
        return named.group(1)
    presets = load_presets() if presets is None else presets
    return next(pid for pid, p in presets.items() if p["calculator"] == calc)
#: Booting Pyodide takes 2–5 s on a busy 2-core machine; this is a ceiling, not a sleep.
READY_TIMEOUT_MS = 60_000

# -- Helpers the tests share ------------------------------------------------------

WAIT_READY = """(old) => {
  const el = document.querySelector('[data-calculator]');
  const result = el && el.querySelector('[data-result]');
  return el && el !== old && el.dataset.state === 'ready' && !result.hasAttribute('aria-busy');
}"""

WAIT_SETTLED = """() => {
  const el = document.querySelector('[data-calculator]');
  return el.dataset.state === 'ready' && !el.querySelector('[data-result]').hasAttribute('aria-busy');
}"""


def open_calculator(page, url: str) -> None:
    """Show the calculator at ``url`` and wait until its figures are the browser's own.

    A tab already showing the site moves there by instant navigation, keeping its Python
    worker (booting Pyodide once per tab keeps the suite fast); a new tab loads the page.
    """
    same_page = page.url.split("?")[0] == url.split("?")[0]  # instant navigation would not reload it
    if not same_page and page.url.startswith("http") and page.evaluate("() => typeof location$ !== 'undefined'"):
        navigate_instantly(page, url)
    else:
        page.goto(url)
        page.wait_for_function(WAIT_READY, arg=None)


def navigate_instantly(page, url: str) -> None:
    """Go to ``url`` as Material's instant navigation does after a link click: the address
    changes (pushState) and the content is swapped in without reloading the page.

    Clicking a link would not do here: Material instant-loads only URLs in sitemap.xml,
    which it rewrites to this page's scheme and host but not its port, so on
    127.0.0.1:<port> every click is a full load (on a real host it is instant).
    """
    old = page.evaluate_handle("() => document.querySelector('[data-calculator]')")
    page.evaluate("(url) => { history.pushState({}, '', url); location$.next(new URL(url)); }", url)
    page.wait_for_function(WAIT_READY, arg=old)


def settle(page) -> None:
    """Wait for the recompute after an edit to be shown."""
    page.wait_for_function(WAIT_SETTLED)


def figures(page, scope: str = "[data-calculator] [data-result]") -> dict:
    """Every figure in the result region: ``{data-field: data-value}``."""
    return page.evaluate(
        """(scope) => Object.fromEntries([...document.querySelectorAll(scope + ' [data-field]')]
             .map(el => [el.dataset.field, el.dataset.value]))""",
        scope,
    )


def flatten(value, path: str = "") -> dict:
    """The engine's result as ``{json.path: exact string}``, as the page writes data-value."""
    out: dict = {}
    if isinstance(value, dict):
        for key, item in value.items():
            out.update(flatten(item, f"{path}.{key}" if path else key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out.update(flatten(item, f"{path}.{index}"))
    else:
        out[path] = "" if value is None else json.dumps(value) if isinstance(value, bool) else str(value)
    return out


def assert_figures_match(shown: dict, result: dict, must_have: tuple = ()) -> None:
    """Every figure on the page equals the engine's, and the headline ones are there."""
    expected = flatten(result)
    assert shown, "no figures (data-field) in the result region"
    wrong = {f: (v, expected.get(f, "<not in the engine's result>")) for f, v in shown.items() if expected.get(f) != v}
    assert not wrong, f"figures that differ from the engine's (page, engine): {wrong}"
    missing = [f for f in must_have if f not in shown and expected.get(f, "") != ""]  # a null figure is not shown
    assert not missing, f"figures missing from the page: {missing}"
