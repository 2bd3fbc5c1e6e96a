"""The scripts every page carries inline are in the pages, not copied into the site as
files as well (hooks/inline_scripts.py)."""

from __future__ import annotations

from pathlib import Path

from hooks.inline_scripts import inlined

OVERRIDES = Path(__file__).resolve().parents[2] / "overrides"


def test_inlined_scripts_are_in_the_pages_and_not_beside_them(built_site):
    names = inlined(OVERRIDES)
    assert "early-marks.js" in names and "palette.js" in names, names  # the templates' includes are found
    home = (built_site / "index.html").read_text(encoding="utf-8")
    service_worker = (built_site / "sw.js").read_text(encoding="utf-8")
    for name in sorted(names):
        assert not (built_site / name).exists(), f"{name} is copied into the site as well"
        assert f'"{name}"' not in service_worker, f"the service worker keeps {name} for offline use"
    # Still written into the page: a line of early-marks.js, as the page carries it.
    assert 'root.classList.add("js-focus-visible");' in home
