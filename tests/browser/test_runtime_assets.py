"""The build hook that puts Python, the wheel and Chart.js into the site (no browser)."""

from __future__ import annotations

import importlib.util
import io
import zipfile
from pathlib import Path

import pytest
import zstandard
from mkdocs.exceptions import PluginError

from benchmarks.bench_site import sent_bytes

ROOT = Path(__file__).resolve().parents[2]
HOOK = ROOT / "hooks" / "runtime_assets.py"


@pytest.fixture
def hook():
    spec = importlib.util.spec_from_file_location("runtime_assets_under_test", HOOK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_missing_node_modules_fails_with_what_to_run(hook, tmp_path, monkeypatch):
    monkeypatch.setattr(hook, "NODE_MODULES", tmp_path / "node_modules")
    with pytest.raises(PluginError, match="make setup"):
        hook.copy_runtime(tmp_path / "site")


def test_the_built_site_carries_exactly_the_runtime(built_site):
    vendor = built_site / "assets" / "calculator" / "vendor"
    assert sorted(p.name for p in (vendor / "pyodide").iterdir()) == sorted(
        ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json"]
    )
    full = ROOT / "node_modules" / "pyodide" / "python_stdlib.zip"
    sent = (vendor / "python_stdlib.zip.zst").read_bytes()
    stdlib = zipfile.ZipFile(io.BytesIO(zstandard.ZstdDecompressor().decompress(sent)))
    assert len(stdlib.namelist()) < len(zipfile.ZipFile(full).namelist()) * 0.6, "the trimmed standard library"
    assert {"decimal.py", "json/__init__.py"} <= set(stdlib.namelist())
    assert len(sent) < full.stat().st_size * 0.3, "stored members, the whole zip compressed"
    assert (vendor / "chart.umd.min.js").stat().st_size > 100_000
    assert not (vendor / "calculator_render.py").exists(), "the renderer ships inside the wheel"
    with zipfile.ZipFile(vendor / "calculators.whl") as wheel:
        names = wheel.namelist()
    assert {"calculators/__init__.py", "calculators/render.py", "calculators/bridge.py", "calculators/presets.json"} <= set(names)
    snapshot = (vendor / "python-snapshot.zst").read_bytes()
    memory = zstandard.ZstdDecompressor().decompress(snapshot)
    assert memory[:4] == b"\0snp" and len(memory) > 4 * len(snapshot), "Pyodide's memory snapshot, well compressed"
    assert (vendor / "zstd.wasm").read_bytes()[:4] == b"\0asm", "the decoder for both"


def test_content_pages_do_not_load_the_calculator(built_site):
    page = (built_site / "report" / "alliance" / "index.html").read_text(encoding="utf-8")
    assert "assets/calculator/loader.js" in page
    assert "calculator.js" not in page.replace("assets/calculator/loader.js", "")
    assert "pyodide" not in page and "chart.umd" not in page


def test_the_runtime_fits_the_first_visit_budget(built_site):
    """A first visit to a calculator page may move at most 9 MB (README, Benchmarks). The
    runtime's files are counted as a static host sends them: gzip for the types it
    compresses, the rest (the .zst files, the wheel) as they are; the page's own HTML,
    stylesheet and scripts get the 0.2 MB left."""
    vendor = built_site / "assets" / "calculator" / "vendor"
    sent = sum(sent_bytes(path) for path in vendor.rglob("*") if path.is_file() and path.name != "runtime-files.json")
    assert sent <= 8_800_000, f"the runtime is {sent / 1e6:.2f} MB on the wire"
