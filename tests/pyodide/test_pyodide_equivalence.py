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

from calculators import compute_json, presets

ROOT = Path(__file__).resolve().parents[2]
PYODIDE = ROOT / "node_modules" / "pyodide"
SCRIPT = Path(__file__).with_name("run_calculators.mjs")

pytestmark = [pytest.mark.node, pytest.mark.slow]

WORKED_EXAMPLES = [
    ("projection", {"first_year_value": 26500000, "years": 5, "uplift_pct": 1.3, "stated_total": 130000000}),
    ("projection", {"first_year_value": "1000000", "years": 4, "extension_years": 2, "uplift_pct": -1.7,
                    "population_growth_pct": 1.1, "actual_population_growth_pct": [2.3, 0.4, 1],
                    "population_tolerance_pct": 0.5, "population_adjustment": "full",
                    "incentive_pct_by_year": [0, 10, 10, 15, 15], "expected_achievement_pct": 83.3,
                    "management_fee_pct": 2.5, "inflation_pct": 2.1}),
    ("risk-share", {"contract_value": 26500000, "upfront_pct": 95, "management_fee_pct": 2.5, "at_risk_pct": 2.5,
                    "measures": [{"name": "Outcomes", "weight_pct": 100, "achievement_pct": 77.7}],
                    "risk_applied_pct": 40, "actual_cost": 26123456.78, "provider_loss_cap": 500000,
                    "gain_bands": [{"up_to_pct": 5, "provider_share_pct": 100},
                                   {"up_to_pct": None, "provider_share_pct": 50}]}),
    ("alliance", {"pool": 98000000, "partners": [
        {"name": "CCG", "role": "commissioner", "share_of_pool": 2},
        {"name": "Council", "role": "commissioner", "share_of_pool": 1},
        {"name": "Trust", "role": "provider", "budget": 60000000, "actual_spend": 63333333.33},
        {"name": "Care", "role": "provider", "budget": 30000000, "actual_spend": 29000000}],
        "provider_loss_cap_pct": 3}),
]
INVALID = [
    ("projection", '{"first_year_value": -1, "years": 0, "uplift_pct": "x", "extra": true}'),
    ("risk-share", '{"measures": [{"name": "a", "weight_pct": 140}], "gain_bands": [{"up_to_pct": 3}]}'),
    ("alliance", "[1, 2]"),
    ("alliance", '{"partners": '),
    ("payback", "{}"),
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
    (tmp_path / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    done = subprocess.run([node, str(SCRIPT), str(PYODIDE), str(wheel), str(tmp_path / "cases.json"), str(trimmed_stdlib)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, "Pyodide under Node failed:\n" + done.stderr[-3000:]
    answer = json.loads(done.stdout)
    assert answer["python"].startswith("3.14"), answer["python"]  # really Pyodide's Python, not ours
    expected = [compute_json(name, text) for name, text in cases]
    for (name, text), browser, cpython in zip(cases, answer["outputs"], expected, strict=True):
        assert browser == cpython, f"{name} {text[:200]}: Pyodide and CPython differ"
    # The presets shipped in the wheel are the ones CPython reads.
    assert answer["presets"] == (presets.PRESETS_FILE.read_text(encoding="utf-8") if real else None)
    # Sanity: the runs did compute (every preset succeeds; every invalid input fails).
    outcomes = [json.loads(out)["ok"] for out in answer["outputs"]]
    assert outcomes == [True] * (len(real) + len(WORKED_EXAMPLES)) + [False] * len(INVALID)
