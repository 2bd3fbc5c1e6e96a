"""The minified stylesheet styles every page exactly as the stylesheets as written do
(hooks/stylesheet.py).

Each page is opened twice, once with the site's stylesheet as built and once with the
same files joined unminified, and the browser's computed style of every element (and
of every ::before and ::after that exists) must be the same, property by property. The
pages are the home page, the first page with a diagram and every calculator page, found
in the built site; each on a laptop in the light scheme and on a phone in the dark one,
which between them reach the stylesheets' screen-size and scheme rules; and the first
calculator once more while its download's progress is shown.
"""

from __future__ import annotations

from pathlib import Path

import material
import pytest

from hooks.stylesheet import bundle_text, material_stylesheets
from tests.browser.conftest import new_context
from tests.browser.helpers import LAPTOP, PHONE, WAIT_READY, page_address
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.browser

DOCS = REPO_ROOT / "docs"

#: Each element's computed style (and each ::before and ::after that exists), once
#: nothing is moving: its standard properties and the custom properties it does not
#: inherit unchanged, as "name: value". STYLE_ROWS gives a label and a hash of that for
#: each; STYLE_DETAIL the properties themselves, for the elements named by index.
STYLES = """
  const standard = Array.from(getComputedStyle(document.documentElement)).filter((n) => !n.startsWith("--"));
  const label = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.classList.length ? "." + Array.from(el.classList).join(".") : "");
  const targets = [];
  for (const el of document.querySelectorAll("*")) {
    for (const pseudo of [null, "::before", "::after"]) {
      if (pseudo && getComputedStyle(el, pseudo).content === "none") continue;
      targets.push([el, pseudo]);
    }
  }
  const customs = new Map(); // element -> its custom properties' values, for its children
  const customOf = (el, pseudo) => {
    if (!pseudo && customs.has(el)) return customs.get(el);
    const style = getComputedStyle(el, pseudo);
    const values = new Map(Array.from(style).filter((n) => n.startsWith("--")).map((n) => [n, style.getPropertyValue(n)]));
    if (!pseudo) customs.set(el, values);
    return values;
  };
  const properties = ([el, pseudo]) => {
    const style = getComputedStyle(el, pseudo);
    const own = customOf(el, pseudo);
    const parent = pseudo ? customOf(el, null) : el.parentElement ? customOf(el.parentElement, null) : new Map();
    const custom = [...own].filter(([n, v]) => parent.get(n) !== v).sort().map(([n, v]) => n + ": " + v);
    return standard.map((n) => n + ": " + style.getPropertyValue(n)).concat(custom);
  };
  const hash = (text) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return h >>> 0;
  };
"""
STYLE_ROWS = """async () => {
  await Promise.all(document.getAnimations()
    .filter((a) => a.effect && a.effect.getTiming().iterations !== Infinity)
    .map((a) => a.finished.catch(() => null)));
  // The download's progress line says how far it has got, which the two pages need not
  // agree on: it is given the same words in both, in the task that reads the styles.
  for (const line of document.querySelectorAll(".calc-progress__text")) line.textContent = "Downloading Python.";
""" + STYLES + """
  return targets.map((t) => [label(t[0]) + (t[1] || ""), hash(properties(t).join("\\n"))]);
}"""
STYLE_DETAIL = "(indexes) => {" + STYLES + "return indexes.map((i) => properties(targets[i])); }"

STATES = {
    "laptop, light": {"viewport": LAPTOP, "color_scheme": "light"},
    "phone, dark": {"viewport": PHONE, "color_scheme": "dark"},
}


def _pages(site: Path) -> list[str]:
    """The home page, the first page with a diagram, and every calculator page."""
    pages = {index: index.read_text(encoding="utf-8") for index in sorted(site.rglob("index.html"))}
    diagram = next(index for index, html in pages.items() if 'class="diagram' in html)
    chosen = [index for index, html in pages.items() if index.parent == site or index == diagram or "data-calculator=" in html]
    return [page_address(site, index) for index in chosen]


@pytest.fixture(scope="module")
def as_written(mkdocs_config) -> str:
    """The site's stylesheet with its own files unminified (Material's as it ships)."""
    theme = material_stylesheets([str(Path(material.__file__).parent / "templates")])
    return bundle_text(DOCS, [str(source) for source in mkdocs_config["extra_css"]], theme, minify=False)


def opening(browser, url: str, state: dict, stylesheet: str | None, hold_snapshot: bool = False):
    """A page on its way to ``url``, with the site's stylesheet or ``stylesheet`` in its
    place (and, with ``hold_snapshot``, the runtime's start-up snapshot never sent)."""
    context, watch = new_context(browser, service_workers="block", **state)
    if stylesheet is not None:
        context.route("**/assets/stylesheets/site.*.css",
                      lambda route: route.fulfill(status=200, body=stylesheet, content_type="text/css"))
    if hold_snapshot:
        context.route("**/python-snapshot.zst", lambda route: None)  # never answered
    page = context.new_page()
    page.goto(url, wait_until="commit")
    return context, watch, page


def settled(page, hold_snapshot: bool) -> None:
    """Until the page is ready (or shows its download's progress)."""
    page.wait_for_load_state("load")
    if hold_snapshot:
        page.wait_for_selector("[data-progress]")
    elif page.query_selector("[data-calculator]"):
        page.wait_for_function(WAIT_READY, arg=None)


def differences(browser, url: str, state: dict, as_written: str, hold_snapshot: bool = False) -> list[str]:
    """Where the page as built and as written differ: element, and the properties each
    has that the other has not (the first few elements)."""
    pages = [opening(browser, url, state, sheet, hold_snapshot) for sheet in (None, as_written)]
    try:
        for _, _, page in pages:
            settled(page, hold_snapshot)
        built, written = (page.evaluate(STYLE_ROWS) for _, _, page in pages)
        assert len(built) > 100, f"{url}: too few elements read"
        if [label for label, _ in built] != [label for label, _ in written]:
            return ["the pages' elements differ"]
        differing = [i for i, (a, b) in enumerate(zip(built, written)) if a != b][:5]
        if not differing:
            return []
        got, want = (page.evaluate(STYLE_DETAIL, differing) for _, _, page in pages)
        return [f"{built[i][0]}: {sorted(set(g) - set(w))}, as written {sorted(set(w) - set(g))}"
                for i, g, w in zip(differing, got, want)]
    finally:
        for context, watch, _ in pages:
            context.close()
            if not hold_snapshot:
                watch.assert_clean()


@pytest.mark.parametrize("state", STATES)
def test_every_element_is_styled_as_the_stylesheets_as_written_style_it(browser, served_site, built_site, as_written, state):
    pages = _pages(built_site)
    assert any("calculators/" in p for p in pages) and len(pages) >= 3, pages
    for address in pages:
        found = differences(browser, served_site + address, STATES[state], as_written)
        assert not found, f"{address} ({state}): {found}"


def test_the_download_progress_is_styled_as_written(browser, served_site, built_site, as_written):
    address = next(p for p in _pages(built_site) if "calculators/" in p and p != "calculators/")
    found = differences(browser, served_site + address, STATES["laptop, light"], as_written, hold_snapshot=True)
    assert not found, found
