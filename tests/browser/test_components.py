"""The calculator's page components: they clean up after themselves, and their ids
are unique however rows are added and removed.

Calculator pages are found in the built site (every page with a calculator on it),
and their lists in the pages themselves, so a new calculator or list is covered
without editing these tests.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from tests.browser.conftest import new_context
from tests.browser.helpers import READY_TIMEOUT_MS, load_presets, navigate_instantly, open_calculator, page_address, settle

pytestmark = pytest.mark.browser

PRESETS = load_presets()

#: Counts live listeners (on window, document or an element still in the page) and
#: live MutationObservers (observing, not disconnected), for the leak test.
INSTRUMENT = """
(() => {
  const entries = new Map();
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  const capture = (o) => Boolean(typeof o === 'object' && o ? o.capture : o);
  EventTarget.prototype.addEventListener = function (type, fn, options) {
    if (fn) entries.set(fn, [...(entries.get(fn) || []), [this, type, capture(options)]]);
    return add.call(this, type, fn, options);
  };
  EventTarget.prototype.removeEventListener = function (type, fn, options) {
    const list = entries.get(fn);
    if (list) {
      const i = list.findIndex(([t, ty, c]) => t === this && ty === type && c === capture(options));
      if (i >= 0) list.splice(i, 1);
    }
    return remove.call(this, type, fn, options);
  };
  const live = (target) => target === window || target === document || (target instanceof Node && target.isConnected);
  const observers = new Set();
  const Original = window.MutationObserver;
  window.MutationObserver = class extends Original {
    observe(target, options) { (this.__targets ||= []).push(target); observers.add(this); return super.observe(target, options); }
    disconnect() { observers.delete(this); return super.disconnect(); }
  };
  window.__liveCounts = () => ({
    listeners: [...entries.values()].flat().filter(([t]) => live(t)).length,
    observers: [...observers].filter((o) => o.__targets.some((t) => t.isConnected)).length,
  });
})();
"""


def calculator_pages(built_site: Path) -> list[str]:
    """Every built page with a calculator on it, as a URL path under the site."""
    return sorted(
        page_address(built_site, p)
        for p in built_site.rglob("index.html")
        if "data-calculator=" in p.read_text(encoding="utf-8")
    )


def test_there_are_calculator_pages(built_site):
    from calculators import CALCULATORS

    names = {re.search(r'data-calculator="([^"]+)"', (built_site / page / "index.html").read_text()).group(1)
             for page in calculator_pages(built_site)}
    assert names == set(CALCULATORS)


def test_instant_navigation_leaves_no_listeners_or_observers_behind(browser, served_site, built_site):
    pages = calculator_pages(built_site)
    context, watch = new_context(browser)
    context.add_init_script(INSTRUMENT)
    try:
        page = context.new_page()
        open_calculator(page, served_site + pages[0])
        counts = []
        for visit in range(10):
            navigate_instantly(page, served_site + pages[(visit + 1) % len(pages)])
            counts.append(page.evaluate("() => window.__liveCounts()"))
        # Each calculator page is visited several times: later visits hold no more than earlier ones.
        by_page: dict = {}
        for visit, count in enumerate(counts):
            by_page.setdefault(pages[(visit + 1) % len(pages)], []).append(count)
        for url, seen in by_page.items():
            assert all(c == seen[0] for c in seen), f"{url}: live listeners and observers grew across visits: {seen}"
        # And no more than once, whatever the page: the first page's again at the end.
        assert counts[-1]["observers"] <= counts[0]["observers"] + 1, counts
        calculator_workers = [w.url for w in page.workers if w.url.endswith("/calculator/worker.js")]
        assert len(calculator_workers) == 1, calculator_workers
        watch.assert_clean()
    finally:
        context.close()


def _number_input_in_last_row(page, group: str) -> str:
    """The name of the last row's first number field that is shown."""
    return page.evaluate(
        """(g) => { const rows = document.querySelector(`[data-group="${g}"] [data-items]`).children;
                    const row = rows[rows.length - 1];
                    const el = [...row.querySelectorAll('input[data-kind=money], input[data-kind=pct], input[data-kind=number], input[data-kind=int]')]
                      .find(e => e.offsetParent !== null);
                    return el.name; }""",
        group,
    )


def duplicate_ids(page) -> list:
    return page.evaluate(
        """() => { const c = {}; document.querySelectorAll('[id]').forEach(e => c[e.id] = (c[e.id] || 0) + 1);
                   return Object.entries(c).filter(([, n]) => n > 1); }"""
    )


def test_rows_added_and_removed_keep_ids_unique_and_errors_at_their_row(tab, watch, served_site, built_site):
    for url in calculator_pages(built_site):
        open_calculator(tab, served_site + url)
        groups = tab.eval_on_selector_all("[data-form] [data-group]", "els => els.map(e => e.dataset.group)")
        assert groups, f"{url}: no lists"
        for group in groups:
            where = f"{url} {group}"
            add = f'[data-group="{group}"] > [data-add-item]'
            tab.click(add)
            tab.click(add)
            settle(tab)
            tab.click(f'[data-group="{group}"] [data-items] > [data-item]:first-child [data-remove-item]')
            settle(tab)
            assert not duplicate_ids(tab), f"{where}: {duplicate_ids(tab)}"
            name = _number_input_in_last_row(tab, group)
            original = tab.input_value(f'[data-form] [name="{name}"]')
            tab.fill(f'[data-form] [name="{name}"]', "abc")
            settle(tab)
            field = tab.locator(f'[data-form] [name="{name}"]')
            field_id = field.get_attribute("id")
            assert field.get_attribute("aria-invalid") == "true", where
            message = tab.locator(f"#{field_id}-error")
            assert message.is_visible(), where
            assert field_id + "-error" in (field.get_attribute("aria-describedby") or "").split(), where
            assert '"abc"' in message.inner_text() or "abc" in message.inner_text(), where
            link = tab.locator(f'[data-error-summary] a[href="#{field_id}"]')
            assert link.count() == 1, where
            # The message about what was typed is at this field only, and rows not yet typed in show none.
            slots = tab.eval_on_selector_all(
                "[data-form] .calc-error-message:not([hidden])", "els => els.map(e => [e.id, e.textContent])")
            assert [i for i, text in slots if "abc" in text] == [f"{field_id}-error"], (where, slots)
            errors_in_untouched_rows = tab.evaluate(
                """(g) => [...document.querySelector(`[data-group="${g}"] [data-items]`).children]
                          .filter(r => !r.dataset.touched)
                          .flatMap(r => [...r.querySelectorAll('.calc-error-message:not([hidden]), [aria-invalid]')])
                          .length""", group)
            assert errors_in_untouched_rows == 0, where
            tab.fill(f'[data-form] [name="{name}"]', original)
            settle(tab)
            assert not duplicate_ids(tab), f"{where}: {duplicate_ids(tab)}"


def test_the_mark_wording_is_the_presets_own(browser, served_site):
    """A mark that carries its wording (`text`) is shown word for word, at the field and in the sources."""
    preset_id = next(p for p, v in PRESETS.items() if v.get("marks"))
    calc = PRESETS[preset_id]["calculator"]

    def with_text(route):
        response = route.fetch()
        page = response.text()
        match = re.search(r'data-presets="([^"]*)"', page)
        presets = json.loads(html.unescape(match.group(1)))
        for pid, preset in presets.items():
            for path, mark in (preset.get("marks") or {}).items():
                mark["text"] = f"Worded by the site: {pid} {path}"
        embedded = html.escape(json.dumps(presets, ensure_ascii=False), quote=True)
        route.fulfill(response=response, body=page[: match.start(1)] + embedded + page[match.end(1):])

    context, watch = new_context(browser)
    context.route(f"**/calculators/{calc}/*", with_text)
    try:
        page = context.new_page()
        page.goto(f"{served_site}calculators/{calc}/?preset={preset_id}")
        page.wait_for_selector('[data-calculator][data-state="ready"]', timeout=READY_TIMEOUT_MS)
        settle(page)
        for path in PRESETS[preset_id]["marks"]:
            shown = page.locator(f'[data-form] [data-mark-for="{path}"]')
            if shown.count():
                assert shown.first.inner_text() == f"Worded by the site: {preset_id} {path}"
        sources = page.text_content("[data-sources-list]")
        assert f"Worded by the site: {preset_id}" in sources
        watch.assert_clean()
    finally:
        context.close()
