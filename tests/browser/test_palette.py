"""The light/dark toggle (overrides/palette.js), which the site runs instead of Material.

A first visit is drawn in the reader's system palette, with the one button that switches
it, and nothing is recoloured after the first paint. The toggle works by pointer and by
keyboard, works without Material's script, and the choice is kept on every page the
reader opens next. The browser's theme-color follows the header, and a calculator's
charts take the new palette's colours.
"""

from __future__ import annotations

import pytest

from tests.browser.helpers import CALCULATORS, WAIT_READY

pytestmark = pytest.mark.browser

SCHEMES = {"light": "default", "dark": "slate"}
TOGGLE = "form[data-palette] label:visible"

#: Every value the body's colour scheme takes, with the time it took it.
RECORD_SCHEMES = """
window.__schemes = [];
new MutationObserver((changes) => {
  for (const change of changes) {
    if (change.target === document.body && change.attributeName === 'data-md-color-scheme')
      window.__schemes.push([document.body.getAttribute('data-md-color-scheme'), performance.now()]);
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-md-color-scheme'] });
"""

#: The body's colour scheme at the moment Material's header is first in the page, before
#: any of it can be drawn (a slow page may be drawn while it is still being read).
RECORD_AT_HEADER = """
window.__schemeAtHeader = null;
new MutationObserver((changes, observer) => {
  if (document.querySelector('.md-header')) {
    window.__schemeAtHeader = document.body.getAttribute('data-md-color-scheme');
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""

STATE = """() => ({
  scheme: document.body.getAttribute('data-md-color-scheme'),
  buttons: [...document.querySelectorAll('form[data-palette] label')].filter((l) => !l.hidden).map((l) => l.title),
  themeColors: [...document.querySelectorAll('meta[name=theme-color]')].map((m) => m.content),
  header: getComputedStyle(document.querySelector('[data-md-component=header]')).backgroundColor,
})"""


def rgb(hex_colour: str) -> str:
    value = hex_colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(value[i:i + 2], 16) for i in (0, 2, 4)))


@pytest.fixture
def fresh(fresh_tabs):
    """A first visit's tab, for a reader whose system asks for the ``scheme`` given."""
    return lambda scheme: fresh_tabs(RECORD_SCHEMES + RECORD_AT_HEADER, color_scheme=scheme, service_workers="block")


def wait_for_theme_color(page) -> dict:
    page.wait_for_function("() => document.querySelector('meta[name=theme-color]')?.content")
    return page.evaluate(STATE)


@pytest.mark.parametrize("system", SCHEMES)
def test_a_first_visit_is_drawn_in_the_systems_palette_from_the_first_paint(fresh, served_site, system):
    page, _ = fresh(system)
    page.goto(f"{served_site}report/alliance/")
    state = wait_for_theme_color(page)
    assert state["scheme"] == SCHEMES[system]
    assert len(state["buttons"]) == 1, state["buttons"]
    # One theme-color, the header's own colour (Material adds none of its own).
    assert len(state["themeColors"]) == 1 and rgb(state["themeColors"][0]) == state["header"], state
    first_paint = page.evaluate("() => performance.getEntriesByName('first-paint')[0].startTime")
    late = [(scheme, at) for scheme, at in page.evaluate("() => window.__schemes") if at >= first_paint]
    assert not late, f"the palette changed after the first paint ({first_paint:.0f} ms): {late}"
    # However the page is read in pieces, its header is never drawn in the other palette.
    assert page.evaluate("() => window.__schemeAtHeader") == SCHEMES[system]


def test_the_choice_is_made_by_pointer_or_keyboard_and_kept_on_the_next_pages(fresh, served_site):
    page, _ = fresh("light")
    page.goto(served_site)
    before = page.evaluate(STATE)
    page.click(TOGGLE)
    after = page.evaluate(STATE)
    assert after["scheme"] == "slate" and after["buttons"] != before["buttons"], after
    assert rgb(after["themeColors"][0]) == after["header"]

    page.goto(f"{served_site}case-studies/")
    assert page.evaluate(STATE)["scheme"] == "slate", "the choice was not kept on the next page"

    page.focus("form[data-palette] input:checked")
    page.keyboard.press("Enter")
    assert page.evaluate(STATE)["scheme"] == "default", "Enter did not switch the palette"
    page.keyboard.press("ArrowRight")
    assert page.evaluate(STATE)["scheme"] == "slate", "the arrow key did not switch the palette"


def test_the_toggle_works_without_materials_script(fresh, served_site):
    page, _ = fresh("light")
    page.route("**/assets/javascripts/bundle.*.min.js", lambda route: route.fulfill(status=200, body="", content_type="text/javascript"))
    page.goto(served_site)
    assert page.evaluate("() => typeof document$") == "undefined", "Material's script ran"
    page.click(TOGGLE)
    assert page.evaluate(STATE)["scheme"] == "slate"


def test_the_toggle_works_where_the_browser_refuses_storage(fresh, served_site):
    # Some locked-down browsers refuse a site's localStorage: reading it throws.
    page, _ = fresh("dark")
    page.add_init_script("""Object.defineProperty(window, 'localStorage', {
      get() { throw new DOMException('storage refused', 'SecurityError'); } });""")
    page.goto(served_site)
    assert page.evaluate(STATE)["scheme"] == "slate", "the system's palette was not applied"
    page.click(TOGGLE)
    assert page.evaluate(STATE)["scheme"] == "default"


#: Each drawn chart's datasets' colours as Chart.js holds them (the dataset, its first
#: drawn bar or point, its legend entry), and the series colours the calculator's
#: stylesheet gives under the scheme now shown, all as the browser computes them.
CHART_COLOURS = """() => {
  const calc = document.querySelector('[data-calculator]');
  const css = (colour) => {
    const probe = document.createElement('span');
    probe.style.color = colour;
    calc.append(probe);
    const computed = getComputedStyle(probe).color;
    probe.remove();
    return computed;
  };
  const series = [1, 2, 3].map((n) => css(`var(--calc-series-${n})`));
  const charts = [...document.querySelectorAll('[data-chart][data-drawn] canvas')].map((c) => Chart.getChart(c));
  return {
    series,
    datasets: charts.map((chart) => chart.data.datasets.map((set, i) => ({
      background: css(set.backgroundColor),
      border: css(set.borderColor),
      drawn: css(chart.getDatasetMeta(i).data[0].options.backgroundColor),
      legend: css(chart.legend.legendItems[i].fillStyle),
    }))),
  };
}"""


@pytest.mark.parametrize("system", SCHEMES)
def test_the_charts_take_the_new_palettes_colours_when_it_is_switched(fresh, served_site, system):
    page, _ = fresh(system)
    page.goto(f"{served_site}calculators/{CALCULATORS[0]}/")
    page.wait_for_function(WAIT_READY, arg=None)
    page.locator("[data-charts]").scroll_into_view_if_needed()
    page.wait_for_selector("[data-chart][data-drawn]")
    before = page.evaluate(CHART_COLOURS)
    # The charts are redrawn within the click's own task (an observer of the scheme).
    page.click(TOGGLE)
    assert page.evaluate(STATE)["scheme"] != SCHEMES[system]
    after = page.evaluate(CHART_COLOURS)
    assert after["series"] != before["series"], "the series colours are the same in both palettes"
    for datasets in after["datasets"]:
        for i, colours in enumerate(datasets):
            wanted = after["series"][i % len(after["series"])]
            assert colours == {key: wanted for key in colours}, (i, colours, after["series"])
