"""MkDocs hook: put the in-browser calculator runtime into the built site.

The calculator pages run the same Python as the build, in the reader's browser,
through Pyodide in a Web Worker. Everything that needs is served by the site
itself, never from a CDN, so this hook copies, after every build (``mkdocs build``
and each rebuild of ``mkdocs serve``), into ``<site>/assets/calculator/vendor/``:

- ``calculators.whl``: a wheel of the ``calculators`` package, rebuilt with
  ``python -m build --wheel --no-isolation`` into ``build/wheel/`` whenever a
  source file's content changed since the last wheel;
- ``calculator_render.py``: the result renderer shared with the build
  (:mod:`macros.calculator_render`), so the browser shows exactly the markup
  the build pre-renders;
- ``pyodide/``: the five Pyodide core files from the pinned npm package;
- ``chart.umd.min.js``: Chart.js from the pinned npm package;
- ``python-snapshot.gz``: a Pyodide memory snapshot with the calculators already
  imported, made by ``node hooks/make_snapshot.mjs`` into ``build/snapshot/``
  whenever the wheel, the renderer or Pyodide changes. Starting from it takes the
  browser about a second instead of about five (measured: README, Benchmarks);
  the worker falls back to a plain start if it cannot be used.

Anything missing fails the build with what to run, never a traceback from deep
inside a copy.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import shutil
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.runtime_assets")

ROOT = Path(__file__).resolve().parent.parent
WHEEL_DIR = ROOT / "build" / "wheel"
SNAPSHOT_DIR = ROOT / "build" / "snapshot"
SNAPSHOT_MAKER = Path(__file__).resolve().parent / "make_snapshot.mjs"
NODE_MODULES = ROOT / "node_modules"
RENDERER = ROOT / "macros" / "calculator_render.py"

#: Only what ``loadPyodide()`` fetches; no packages (the calculators need none).
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
CHART_FILE = Path("chart.js") / "dist" / "chart.umd.min.js"

#: Where, inside the built site, the runtime lives (the browser code expects it).
TARGET = Path("assets") / "calculator" / "vendor"


def _fail(message: str) -> None:
    raise PluginError(f"runtime_assets hook: {message}")


def _sources() -> list[Path]:
    """Files whose change makes the wheel stale."""
    package = ROOT / "calculators"
    files = [p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return files + [ROOT / "pyproject.toml"]


def _newest_wheel() -> Path | None:
    wheels = sorted(WHEEL_DIR.glob("*.whl"), key=lambda p: p.stat().st_mtime)
    return wheels[-1] if wheels else None


def _fingerprint() -> str:
    """A hash of every source file's path and content (the build rewrites presets.json
    each time, so modification times alone would rebuild the wheel on every build)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in _sources() if p.exists()):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_wheel() -> Path:
    """Return an up-to-date wheel of ``calculators``, building it if its sources changed.

    Builds running side by side (pytest-xdist workers) take turns through a lock file.
    """
    if not (ROOT / "pyproject.toml").is_file() or not (ROOT / "calculators" / "__init__.py").is_file():
        _fail("cannot build the calculators wheel: pyproject.toml or calculators/__init__.py is missing")
    WHEEL_DIR.mkdir(parents=True, exist_ok=True)
    with open(WHEEL_DIR / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _build_wheel_locked()


def _build_wheel_locked() -> Path:
    wheel = _newest_wheel()
    fingerprint = _fingerprint()
    stamp = WHEEL_DIR / ".sources-sha256"
    if wheel is not None and stamp.is_file() and stamp.read_text() == fingerprint:
        return wheel
    log.info("Building the calculators wheel into %s", WHEEL_DIR.relative_to(ROOT))
    for old in WHEEL_DIR.glob("*.whl"):
        old.unlink()
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(WHEEL_DIR), str(ROOT)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    wheel = _newest_wheel()
    if result.returncode != 0 or wheel is None:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        _fail(f"building the calculators wheel failed (python -m build --wheel --no-isolation):\n{tail}")
    stamp.write_text(fingerprint)
    return wheel


def build_snapshot(wheel: Path) -> Path:
    """Return a Pyodide memory snapshot for this wheel, renderer and Pyodide, making it if needed."""
    pyodide = NODE_MODULES / "pyodide"
    digest = hashlib.sha256()
    for path in (wheel, RENDERER, SNAPSHOT_MAKER, pyodide / "package.json"):
        digest.update(path.read_bytes() + b"\0")
    SNAPSHOT_DIR.mkdir(parents=True, exist_ok=True)
    snapshot = SNAPSHOT_DIR / f"python-{digest.hexdigest()[:16]}.gz"
    with open(SNAPSHOT_DIR / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if snapshot.is_file():
            return snapshot
        log.info("Making the Pyodide start-up snapshot (a few seconds, once per change of the calculators)")
        for old in SNAPSHOT_DIR.glob("python-*.gz"):
            old.unlink()
        partial = snapshot.with_suffix(".partial")
        try:
            result = subprocess.run(
                ["node", str(SNAPSHOT_MAKER), str(pyodide), str(wheel), str(RENDERER), str(partial)],
                capture_output=True, text=True, cwd=ROOT, timeout=300,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            _fail(f"making the Pyodide snapshot failed: {error} (is Node.js installed? `make setup` needs it too)")
        if result.returncode != 0 or not partial.is_file():
            # Node prints Pyodide's whole minified source on some errors: keep the last lines.
            tail = "\n".join(line[-300:] for line in (result.stdout + result.stderr).strip().splitlines()[-8:])
            _fail(f"making the Pyodide snapshot failed (node hooks/make_snapshot.mjs):\n{tail}")
        partial.rename(snapshot)
    return snapshot


def _copy(source: Path, target: Path) -> None:
    """Copy unless an identical-looking file (same size and age) is already there."""
    if target.exists():
        s, t = source.stat(), target.stat()
        if s.st_size == t.st_size and int(s.st_mtime) == int(t.st_mtime):
            return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)


def copy_runtime(site_dir: Path) -> None:
    """Copy the wheel, the renderer, Pyodide and Chart.js into ``site_dir``."""
    if not NODE_MODULES.is_dir():
        _fail(f"{NODE_MODULES} is missing: run `make setup` (it runs `npm ci`) and build again")
    missing = [
        str(NODE_MODULES / name)
        for name in [Path("pyodide") / f for f in PYODIDE_FILES] + [CHART_FILE]
        if not (NODE_MODULES / name).is_file()
    ]
    if missing:
        _fail("these front-end files are missing: " + ", ".join(missing) + "; run `make setup` and build again")
    target = site_dir / TARGET
    for name in PYODIDE_FILES:
        _copy(NODE_MODULES / "pyodide" / name, target / "pyodide" / name)
    _copy(NODE_MODULES / CHART_FILE, target / CHART_FILE.name)
    wheel = build_wheel()
    _copy(wheel, target / "calculators.whl")
    _copy(RENDERER, target / RENDERER.name)
    _copy(build_snapshot(wheel), target / "python-snapshot.gz")


# -- MkDocs events ------------------------------------------------------------


def on_post_build(config, **kwargs) -> None:
    copy_runtime(Path(config["site_dir"]))


def on_serve(server, config, builder, **kwargs):
    """Rebuild (and so re-copy the wheel) when the calculators change."""
    for path in (ROOT / "calculators", RENDERER):
        if path.exists():
            server.watch(str(path))
    return server
