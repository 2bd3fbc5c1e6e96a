"""The calculators at a glance: the key figures stay in view while the form is edited, on a laptop
and on a phone, and the printed page starts with the result."""

from __future__ import annotations

import pytest

from calculators import CALCULATORS
from tests.browser.helpers import SCREENS, open_calculator, settle

pytestmark = pytest.mark.browser


IN_VIEW = """() => {
  const figures = document.querySelector('[data-calculator] [data-result] .calc-key-figures');
  const box = figures.getBoundingClientRect();
  return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight + 1
    && box.left >= 0 && box.right <= window.innerWidth + 1;
}"""


def first_text_input(tab):
    return tab.locator('[data-form] input.calc-input:not([data-kind="text"]):visible').first


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("calc", CALCULATORS)
def test_key_figures_stay_in_view_and_change_while_typing(tab, watch, served_site, calc, screen):
    tab.set_viewport_size(SCREENS[screen])
    try:
        open_calculator(tab, f"{served_site}calculators/{calc}/")
        field = first_text_input(tab)
        field.evaluate("el => el.scrollIntoView({block: 'center'})")  # where a reader looks while typing
        before = tab.eval_on_selector_all(".calc-key-figures [data-field]", "els => els.map(e => e.dataset.value)")
        value = field.input_value()
        # Typing a different, valid amount: a 1 in front (each calculator's first figure is an amount).
        field.fill("1" + value.replace(",", "") if value else "2")
        settle(tab)
        assert tab.evaluate(IN_VIEW), f"{calc} on a {screen}: the key figures are out of view while editing"
        after = tab.eval_on_selector_all(".calc-key-figures [data-field]", "els => els.map(e => e.dataset.value)")
        assert after != before, f"{calc} on a {screen}: the key figures did not change"
        field.fill(value)
        settle(tab)
    finally:
        tab.set_viewport_size(SCREENS["laptop"])
    watch.assert_clean()


@pytest.mark.parametrize("calc", CALCULATORS)
def test_the_printed_page_starts_with_the_result(tab, watch, served_site, calc):
    open_calculator(tab, f"{served_site}calculators/{calc}/")
    tab.emulate_media(media="print")
    try:
        order = tab.evaluate("""() => {
          const top = (sel) => document.querySelector(sel).getBoundingClientRect().top;
          return {result: top('[data-calculator] [data-result]'), form: top('[data-calculator] [data-form]')};
        }""")
        assert order["result"] < order["form"], f"{calc}: in print the form comes before the result"
    finally:
        tab.emulate_media(media="screen")
    watch.assert_clean()


@pytest.mark.parametrize("typed", ["£26.5m", "26.5 million", "£26,500,000", "26500000.00"])
def test_money_as_people_type_it_gives_the_plain_numbers_figures(tab, watch, served_site, typed):
    """Every way of writing £26.5 million in the page gives the figures of 26500000, with no message."""
    open_calculator(tab, f"{served_site}calculators/projection/")
    box = '[data-form] [name="first_year_value"]'
    tab.fill(box, "26500000")
    settle(tab)
    plain = tab.eval_on_selector_all("[data-result] [data-field]", "els => els.map(e => [e.dataset.field, e.dataset.value])")
    tab.fill(box, typed)
    settle(tab)
    assert tab.locator("[data-error-summary]").is_hidden(), typed
    shown = tab.eval_on_selector_all("[data-result] [data-field]", "els => els.map(e => [e.dataset.field, e.dataset.value])")
    assert shown == plain, typed
    messages = tab.eval_on_selector_all(".calc-error-message:not([hidden])", "els => els.map(e => e.textContent)")
    assert not messages
    watch.assert_clean()


#: Where the focused control is, against what covers the page: Material's sticky header at
#: the top and, on a phone, the key-figure bar at the foot.
FOCUS_CLEAR = """() => {
  const el = document.activeElement;
  if (!el || !el.closest('[data-form]')) return null;
  const box = el.getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect();
  const bar = document.querySelector('[data-result] > .calc-key-figures').getBoundingClientRect();
  const foot = getComputedStyle(document.querySelector('[data-result] > .calc-key-figures')).position === 'fixed'
    ? bar.top : window.innerHeight;
  return {name: el.name || el.id || el.textContent.trim().slice(0, 30),
          clear: box.top >= header.bottom - 1 && box.bottom <= foot + 1};
}"""


@pytest.mark.parametrize("screen", SCREENS)
def test_a_field_reached_with_the_keyboard_is_not_hidden(tab, watch, served_site, screen):
    """Tab and Shift+Tab through the form: each control it lands on is in view, not under the
    header or the key-figure bar; at the end of the page the footer's links are clear too."""
    calc = next(iter(CALCULATORS))
    tab.set_viewport_size(SCREENS[screen])
    try:
        open_calculator(tab, f"{served_site}calculators/{calc}/")
        tab.locator("[data-form] input.calc-input:visible").first.focus()
        hidden = set()
        for key in ["Tab"] * 25 + ["Shift+Tab"] * 25:
            tab.keyboard.press(key)
            where = tab.evaluate(FOCUS_CLEAR)
            if where and not where["clear"]:
                hidden.add(where["name"])
        assert not hidden, f"{calc} on a {screen}: focused controls under the header or the bar: {sorted(hidden)}"
        tab.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
        covered = tab.evaluate("""() => {
          const bar = document.querySelector('[data-result] > .calc-key-figures').getBoundingClientRect();
          const links = [...document.querySelectorAll('.md-footer a')].map(a => a.getBoundingClientRect());
          return getComputedStyle(document.querySelector('[data-result] > .calc-key-figures')).position === 'fixed'
            && links.some(r => r.bottom > bar.top + 1);
        }""")
        assert not covered, f"{calc} on a {screen}: the footer's links are under the key-figure bar"
    finally:
        tab.set_viewport_size(SCREENS["laptop"])
    watch.assert_clean()


#: Material's back-to-top button is the one exception: it keeps its place, off-screen, to slide in.
SHOWN_THOUGH_HIDDEN = """() => [...document.querySelectorAll('[hidden]:not(.md-top)')]
  .filter(el => getComputedStyle(el).display !== 'none')
  .map(el => el.tagName.toLowerCase() + '.' + [...el.classList].join('.'))"""


@pytest.mark.parametrize("calc", CALCULATORS)
def test_what_is_hidden_takes_no_room(tab, watch, served_site, calc):
    """An element with the hidden attribute is not displayed: a stylesheet's display rule
    (Material's buttons, the source notes) must not bring it back as empty space."""
    open_calculator(tab, f"{served_site}calculators/{calc}/")
    assert tab.evaluate(SHOWN_THOUGH_HIDDEN) == [], f"{calc}: hidden elements laid out anyway"
    watch.assert_clean()
