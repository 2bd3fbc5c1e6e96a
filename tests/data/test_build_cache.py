"""The build cache (macros/data/cache.py): what it gives back is what would be made afresh.

An unchanged build reads the calculators' results and the site's tables from
``build/cache/`` instead of working them out; these tests check that a kept entry
equals a fresh one, that a change to the data is never answered from the cache, that
a damaged entry is made again, and that a build with a warm cache does not import
pandas at all (the time it saves). Each test uses its own cache folder.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import calculators
from macros import data as site_data
from macros.data import cache, frames, registry

ROOT = Path(__file__).resolve().parents[2]
PRESETS = json.loads((ROOT / "calculators" / "presets.json").read_text(encoding="utf-8"))


@pytest.fixture
def own_cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setattr(cache, "CACHE_DIR", folder)
    monkeypatch.setattr(registry, "_RESULTS", {})
    monkeypatch.setattr(frames, "_TABLES", {})
    return folder


def fresh_tables(data) -> dict:
    """The tables made with pandas directly, as frames.tables() would make them on a miss."""
    from macros.data import presets

    return {d.slug: (d.frame, frames.flat(d.frame).to_csv(index=False)) for d in frames.datasets(data, presets.export(data))}


def test_tables_read_back_from_the_cache_equal_the_frames(own_cache):
    data = site_data.load()
    made = frames.tables(data)
    assert list((own_cache / "tables").glob("*.json")), "the tables were not kept"
    assert frames.tables(data) is made, "asked again in the same build: the same tables"
    frames._TABLES.clear()
    kept = frames.tables(data)  # read from the cache folder
    fresh = fresh_tables(data)
    assert list(kept) == list(fresh)
    for slug, (frame, csv) in fresh.items():
        for table in (made[slug], kept[slug]):
            assert table.csv == csv
            assert table.columns == tuple(frame.columns)
            assert [tuple(r) for r in table.records()] == [tuple(r) for r in frame.itertuples(index=False)]


def test_a_changed_data_file_is_not_answered_from_the_cache(own_cache, data_copy):
    before = frames.tables(site_data.load(data_copy.root))["case-studies"]
    data_copy.edit("case-studies/lambeth.yaml", lambda case: case.update(name="Lambeth, renamed"))
    after = frames.tables(site_data.load(data_copy.root))["case-studies"]
    assert "Lambeth, renamed" not in before.csv
    assert "Lambeth, renamed" in after.csv
    assert [r.name for r in after.records() if r.id == "lambeth"] == ["Lambeth, renamed"]


@pytest.mark.parametrize("preset_id", list(PRESETS))
def test_every_preset_result_from_the_cache_equals_the_engine(own_cache, preset_id):
    preset = PRESETS[preset_id]
    expected = calculators.compute(preset["calculator"], preset["inputs"])
    first = registry.compute(preset["calculator"], preset["inputs"])  # worked out, then kept
    registry._RESULTS.clear()
    second = registry.compute(preset["calculator"], preset["inputs"])  # read from the cache folder
    assert first == expected and second == expected


def test_a_result_handed_out_cannot_change_the_kept_one(own_cache):
    preset = next(iter(PRESETS.values()))
    result = registry.compute(preset["calculator"], preset["inputs"])
    result.clear()
    assert registry.compute(preset["calculator"], preset["inputs"]) == calculators.compute(preset["calculator"], preset["inputs"])


def test_a_damaged_entry_is_made_again(own_cache):
    calls = []

    def make():
        calls.append(1)
        return {"answer": 42}

    assert cache.kept("demo", "k" * 64, make) == {"answer": 42}
    entry = next((own_cache / "demo").glob("*.json"))
    entry.write_text('{"answer": 4', encoding="utf-8")  # cut short, as by a full disk
    assert cache.kept("demo", "k" * 64, make) == {"answer": 42}
    assert len(calls) == 2
    assert cache.kept("demo", "k" * 64, make) == {"answer": 42} and len(calls) == 2


def test_only_the_newest_entries_are_kept(own_cache, monkeypatch):
    monkeypatch.setattr(cache, "KEEP", 3)
    for n in range(5):
        cache.kept("demo", cache.digest(str(n)), lambda: n)
    assert len(list((own_cache / "demo").glob("*.json"))) == 3


def test_a_build_with_a_warm_cache_does_not_import_pandas(tmp_path):
    script = (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from macros.data import cache, frames, loader\n"
        f"cache.CACHE_DIR = __import__('pathlib').Path({str(tmp_path)!r})\n"
        "frames.tables(loader.load())\n"
        "print('pandas' in sys.modules)\n"
    )
    run = lambda: subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.strip()  # noqa: E731
    assert run() == "True"  # a cold cache: the tables are made with pandas
    assert run() == "False"  # the same data and code again: read back, pandas never imported
