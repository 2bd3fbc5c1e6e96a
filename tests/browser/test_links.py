"""Links are read under the calculators' limits, and the page keeps working.

A field beyond a limit is reported and ignored, never expanded into thousands of
rows; `preset` names only real presets; unknown parameters are listed briefly; every
download click gets its file; same-page links with another query are followed.
While a link is applied the main thread is never blocked for long: a
PerformanceObserver records long tasks from the moment the page's own code takes
over, and none may exceed 200 ms.
"""

from __future__ import annotations

import pytest

from calculators import compute
from tests.browser.helpers import default_preset
from tests.browser.helpers import assert_figures_match, figures, load_presets, open_calculator, settle

pytestmark = pytest.mark.browser

PRESETS = load_presets()
LONG_TASK_LIMIT_MS = 200

#: Long tasks from the moment the page's own code takes over: when Material has put
#: the new page in (document$), or for a same-page link when the address changed
#: (location$). Material's swap of the page before that is not the calculator's.
WATCH_LONG_TASKS = """() => {
  window.__longTasks = [];
  window.__pageAt = null;
  window.__addressAt = null;
  let replayed = false;
  window.__documentWatch?.unsubscribe();
  window.__documentWatch = document$.subscribe(() => {
    if (replayed) window.__pageAt ??= performance.now();
    replayed = true;
  });
  window.__locationWatch?.unsubscribe();
  window.__locationWatch = location$.subscribe(() => { window.__addressAt ??= performance.now(); });
  window.__longTaskObserver?.disconnect();
  window.__longTaskObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push([entry.startTime, Math.round(entry.duration)]);
  });
  window.__longTaskObserver.observe({ type: 'longtask' });
}"""

LONG_TASKS = """() => {
  const since = window.__pageAt ?? window.__addressAt ?? 0;
  return window.__longTasks.filter(([start]) => start >= since).map(([, duration]) => duration);
}"""

WAIT_APPLIED = """([calc, search]) => {
  const el = document.querySelector('[data-calculator]');
  return el && el.dataset.calculator === calc && el.dataset.state === 'ready'
    && !el.querySelector('[data-result]').hasAttribute('aria-busy') && el.dataset.linkRead === search;
}"""


def follow(page, served_site: str, calc: str, query: str) -> list[int]:
    """Follow a link to ``calc`` with ``query`` by instant navigation, as a reader
    clicking it would; returns the long tasks seen until the page was ready."""
    page.evaluate(WATCH_LONG_TASKS)
    url = f"{served_site}calculators/{calc}/?{query}"
    page.evaluate("(url) => { history.pushState({}, '', url); location$.next(new URL(url)); }", url)
    page.wait_for_function(WAIT_APPLIED, arg=[calc, f"?{query}"])
    # The observer reports a task once it has ended: let the page finish what it is doing.
    page.evaluate("() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))")
    return page.evaluate(LONG_TASKS)


@pytest.fixture
def on_site(tab, watch, served_site):
    open_calculator(tab, f"{served_site}calculators/risk-share/")
    return tab


def assert_default_figures(page, calc: str) -> None:
    preset_id = default_preset(calc, PRESETS)
    assert page.get_attribute("[data-calculator]", "data-preset") == preset_id
    assert_figures_match(figures(page), compute(calc, PRESETS[preset_id]["inputs"]))


def assert_still_computes(page, name: str, text: str) -> None:
    before = figures(page)
    page.fill(f'[data-form] [name="{name}"]', text)
    settle(page)
    assert figures(page) != before, "an edit after the link changed no figure"


@pytest.mark.parametrize(
    ("calc", "query", "group", "edit"),
    [
        ("alliance", "partners.999.name=x", "partners", ("commissioner_gain_pct", "71")),
        ("projection", "incentive_pct_by_year.4999=1", "incentive_pct_by_year", ("years", "7")),
    ],
)
def test_a_row_beyond_the_limit_is_reported_and_ignored(on_site, served_site, calc, query, group, edit):
    long_tasks = follow(on_site, served_site, calc, query)
    assert max(long_tasks, default=0) <= LONG_TASK_LIMIT_MS, long_tasks
    status = on_site.inner_text("[data-status]")
    assert query.split("=")[0] in status and "at most" in status, status
    rows = on_site.locator(f'[data-group="{group}"] [data-items] > [data-item]').count()
    preset = PRESETS[default_preset(calc, PRESETS)]["inputs"]
    assert rows == len(preset.get(group) or [])
    assert_default_figures(on_site, calc)
    assert_still_computes(on_site, *edit)


@pytest.mark.parametrize("name", ["toString", "__proto__", "constructor", "hasOwnProperty"])
def test_only_real_presets_are_presets(on_site, served_site, name):
    long_tasks = follow(on_site, served_site, "alliance", f"preset={name}")
    assert max(long_tasks, default=0) <= LONG_TASK_LIMIT_MS, long_tasks
    assert f"no case study called “{name}”" in on_site.inner_text("[data-status]")
    assert_default_figures(on_site, "alliance")
    assert on_site.locator("[data-error-summary]").is_hidden()
    assert_still_computes(on_site, "commissioner_gain_pct", "71")


def test_the_ignored_notice_stays_when_other_values_fail(on_site, served_site):
    follow(on_site, served_site, "alliance", "colour=blue&commissioner_gain_pct=abc")
    status = on_site.inner_text("[data-status]")
    assert "Ignored in the link: colour" in status and "correct the form" in status, status
    assert on_site.locator("[data-error-summary]").is_visible()


def test_thousands_of_unknown_parameters_are_counted_not_listed(on_site, served_site):
    query = "&".join(f"junk{i}=1" for i in range(3000)) + "&commissioner_gain_pct=70"
    long_tasks = follow(on_site, served_site, "alliance", query)
    assert max(long_tasks, default=0) <= LONG_TASK_LIMIT_MS, long_tasks
    status = on_site.inner_text("[data-status]")
    assert "junk0" in status and "junk4" in status and "junk5," not in status, status
    assert "more" in status and len(status) < 400, status
    # The last parameter is beyond the number a link is read for: the preset's value stays.
    preset = PRESETS[default_preset("alliance", PRESETS)]["inputs"]
    assert on_site.input_value('[data-form] [name="commissioner_gain_pct"]') == str(preset.get("commissioner_gain_pct", 50))
    assert_still_computes(on_site, "commissioner_gain_pct", "71")


def test_long_values_are_ignored(on_site, served_site):
    follow(on_site, served_site, "alliance", "partners.0.name=" + "x" * 101)
    assert "longer than 100 characters" in on_site.inner_text("[data-status]")
    assert_default_figures(on_site, "alliance")


def test_same_page_links_with_another_query_are_all_followed(on_site, served_site):
    calc = "projection"
    preset_id = default_preset(calc, PRESETS)
    follow(on_site, served_site, calc, f"preset={preset_id}")
    for years in ("6", "7", "8", "9", "10"):
        long_tasks = follow(on_site, served_site, calc, f"preset={preset_id}&years={years}")
        assert max(long_tasks, default=0) <= LONG_TASK_LIMIT_MS, long_tasks
        assert on_site.input_value('[data-form] [name="years"]') == years
        inputs = {**PRESETS[preset_id]["inputs"], "years": years}
        assert_figures_match(figures(on_site), compute(calc, inputs))
    # Back goes to the previous query, on the same page.
    on_site.go_back()
    on_site.wait_for_function(
        "() => document.querySelector('[data-form] [name=\"years\"]').value === '9' && document.querySelector('[data-calculator]').dataset.state === 'ready'"
    )
    settle(on_site)
    assert_figures_match(figures(on_site), compute(calc, {**PRESETS[preset_id]["inputs"], "years": "9"}))


def test_every_download_click_gets_its_file(on_site, served_site):
    follow(on_site, served_site, "projection", f"preset={default_preset('projection', PRESETS)}&years=6")
    files = []

    def saved(download):
        files.append(download.suggested_filename)

    on_site.on("download", saved)
    try:
        for _ in range(10):
            on_site.click('[data-download="csv"]')
            on_site.click('[data-download="json"]')
        while len(files) < 20:
            try:
                on_site.wait_for_event("download", timeout=15_000)
            except Exception as error:
                raise AssertionError(f"{len(files)} of 20 files: {files}") from error
        # Each file is named for the calculator, the preset it started from and the day.
        preset = on_site.get_attribute("[data-calculator]", "data-preset") or "your-figures"
        day = on_site.evaluate("() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()]"
                               ".map(n => String(n).padStart(2, '0')).join('-'); }")
        stem = f"projection-{preset}-{day}"
        assert sorted(files) == sorted([f"{stem}-result.csv", f"{stem}-result.json"] * 10), files
    finally:
        on_site.remove_listener("download", saved)
