"""The browser's Python gives byte-identical JSON to CPython's.

Builds the calculators wheel (as the site serves it) into a temporary folder, loads it
into the pinned npm ``pyodide`` under Node (offline: Pyodide comes from node_modules,
the wheel from disk) and compares ``compute_json`` for every preset, the spec's
worked examples and some invalid inputs with CPython's answer, byte for byte.
Needs Node.js 20+ and ``make setup`` (``npm ci``); CI has both.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from calculators import CALCULATORS, bridge, compute_json, presets

ROOT = Path(__file__).resolve().parents[2]
PYODIDE = ROOT / "node_modules" / "pyodide"
SCRIPT = Path(__file__).with_name("run_calculators.mjs")

pytestmark = [pytest.mark.node, pytest.mark.slow]

#: The worked examples every calculator declares (calculators.spec.Examples).
WORKED_EXAMPLES = [(name, inputs) for name, spec in CALCULATORS.items() for _, inputs in spec.examples.worked]
INVALID = [
    ("projection", '{"first_year_value": -1, "years": 0, "uplift_pct": "x", "extra": true}'),
    ("risk-share", '{"measures": [{"name": "a", "weight_pct": 140}], "gain_bands": [{"up_to_pct": 3}]}'),
    ("alliance", "[1, 2]"),
    ("alliance", '{"partners": '),
    ("payback", "{}"),
    ("multi-year", '{"years": 2, "uncertainty": {"trials": 1, "actual_cost": {"low_pct": 3, "mode_pct": 2}}}'),
]


def ensure_presets() -> dict:
    """The real presets (exported from data/ if the file is missing and the exporter exists)."""
    if not presets.PRESETS_FILE.exists() and (ROOT / "macros" / "export_presets.py").exists():
        subprocess.run([sys.executable, "-m", "macros.export_presets"], cwd=ROOT, check=True, timeout=120)
    return presets.load() if presets.PRESETS_FILE.exists() else {}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """A wheel built from a copy of the package, so the repository's build/ is left alone."""
    source = tmp_path_factory.mktemp("source")
    shutil.copy(ROOT / "pyproject.toml", source)
    shutil.copytree(ROOT / "calculators", source / "calculators", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out),
                           str(source)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (built,) = out.glob("*.whl")
    return built


def test_wheel_is_pure_and_ships_the_presets(wheel):
    import zipfile

    assert wheel.name.endswith("-py3-none-any.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "calculators/__init__.py" in names
    assert ("calculators/presets.json" in names) == presets.PRESETS_FILE.exists()


@pytest.fixture(scope="module")
def trimmed_stdlib(wheel, tmp_path_factory):
    """The standard library the site serves for this wheel: only what the calculators import."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("runtime_assets_for_parity", ROOT / "hooks" / "runtime_assets.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    return hook.build_stdlib(wheel, tmp_path_factory.mktemp("stdlib"))


def test_pyodide_matches_cpython_byte_for_byte(wheel, trimmed_stdlib, tmp_path):
    node = shutil.which("node")
    assert node, "Node.js is needed for this test (CI has node 20); install it, then run `make setup`"
    assert (PYODIDE / "pyodide.mjs").exists(), "node_modules/pyodide is missing: run `make setup` (npm ci)"
    real = ensure_presets()
    cases = [(p["calculator"], json.dumps(p["inputs"])) for p in real.values()]
    cases += [(name, json.dumps(inputs)) for name, inputs in WORKED_EXAMPLES] + INVALID
    # The page's requests too: the bridge renders each computed result (and each error) as HTML.
    messages = [json.dumps({"type": "compute", "name": name, "inputs": inputs}) for name, inputs in WORKED_EXAMPLES]
    messages += [json.dumps({"type": "compute", "name": p["calculator"], "inputs": p["inputs"]}) for p in real.values()]
    (tmp_path / "cases.json").write_text(json.dumps({"cases": cases, "messages": messages}), encoding="utf-8")
    done = subprocess.run([node, str(SCRIPT), str(PYODIDE), str(wheel), str(tmp_path / "cases.json"), str(trimmed_stdlib)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, "Pyodide under Node failed:\n" + done.stderr[-3000:]
    answer = json.loads(done.stdout)
    assert answer["python"].startswith("3.14"), answer["python"]  # really Pyodide's Python, not ours
    expected = [compute_json(name, text) for name, text in cases]
    for (name, text), browser, cpython in zip(cases, answer["outputs"], expected, strict=True):
        assert browser == cpython, f"{name} {text[:200]}: Pyodide and CPython differ"
    for message, browser in zip(messages, answer["bridged"], strict=True):
        assert browser == bridge.handle(message), f"{message[:200]}: the page's answer differs in Pyodide"
    # The presets shipped in the wheel are the ones CPython reads.
    assert answer["presets"] == (presets.PRESETS_FILE.read_text(encoding="utf-8") if real else None)
    # Sanity: the runs did compute (every preset succeeds; every invalid input fails).
    outcomes = [json.loads(out)["ok"] for out in answer["outputs"]]
    assert outcomes == [True] * (len(real) + len(WORKED_EXAMPLES)) + [False] * len(INVALID)
