"""MkDocs hook: put the in-browser calculator runtime into the built site.

The calculator pages run the same Python as the build, in the reader's browser,
through Pyodide in a Web Worker. Everything that needs is served by the site
itself, never from a CDN, so this hook copies, after every build (``mkdocs build``
and each rebuild of ``mkdocs serve``), into ``<site>/assets/calculator/vendor/``:

- ``calculators.whl``: a wheel of the ``calculators`` package, rebuilt with
  ``python -m build --wheel --no-isolation`` into ``build/wheel/`` whenever a
  source file's content changed since the last wheel;
- ``pyodide/``: the Pyodide core files from the pinned npm package, without its
  standard library;
- ``python_stdlib.zip.zst``: the part of Python's standard library the calculators use,
  found by running them (``node hooks/trace_stdlib.mjs``: every calculator on every
  preset and example, every request the page can send) into ``build/stdlib/``
  whenever the wheel or Pyodide changes. Its members are stored uncompressed and the
  whole zip is compressed with Zstandard, which packs it to about 0.7 MB (1.2 MB as a
  zip of deflated members). The worker decodes it and hands it to Pyodide as
  ``stdLibURL`` (``python_stdlib.zip``);
- ``python-snapshot.zst``: a Pyodide memory snapshot with the calculators already
  imported, made by ``node hooks/make_snapshot.mjs`` against that same zip into
  ``build/snapshot/`` whenever the wheel, the zip or Pyodide changes, and compressed
  with Zstandard (4.1 MB; gzip at its best makes 5.6 MB). Starting from it takes the
  browser about a second instead of about five (measured: README, Benchmarks);
  the worker falls back to a plain start if it cannot be used;
- ``zstd.wasm``: the Zstandard decoder, taken from the pinned ``zstddec`` npm package
  (which carries it as base64 text), for the worker to decode those two files
  (browsers decompress only gzip and deflate themselves);
- ``chart.umd.min.js``: Chart.js from the pinned npm package;
- ``runtime-files.json``: the size of each of these files, for the worker's progress.

Anything missing fails the build with what to run, never a traceback from deep
inside a copy.
"""

from __future__ import annotations

import base64
import copy
import fcntl
import hashlib
import json
import logging
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import zstandard
from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.runtime_assets")

ROOT = Path(__file__).resolve().parent.parent
WHEEL_DIR = ROOT / "build" / "wheel"
SNAPSHOT_DIR = ROOT / "build" / "snapshot"
SNAPSHOT_MAKER = Path(__file__).resolve().parent / "make_snapshot.mjs"
STDLIB_DIR = ROOT / "build" / "stdlib"
STDLIB_TRACER = Path(__file__).resolve().parent / "trace_stdlib.mjs"
NODE_MODULES = ROOT / "node_modules"

#: Only what ``loadPyodide()`` fetches; no packages (the calculators need none), and
#: the standard library trimmed (``python_stdlib.zip`` next to ``pyodide/``).
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "pyodide-lock.json",
)
FULL_STDLIB = "python_stdlib.zip"

#: Codecs kept beyond those the trace saw: the ones text commonly arrives in.
EXTRA_CODECS = ("ascii", "latin_1", "cp1252", "utf_8", "utf_8_sig", "utf_16", "utf_16_le",
                "utf_16_be", "utf_32", "unicode_escape", "raw_unicode_escape")
CHART_FILE = Path("chart.js") / "dist" / "chart.umd.min.js"
#: The Zstandard decoder's WebAssembly, as base64 text inside zstddec's module.
ZSTD_DECODER = Path("zstddec") / "dist" / "zstddec.mjs"
#: Zstandard's strongest ordinary level, with a window the size of the whole file
#: (32 MB: the snapshot is 31 MB), so repeats far apart are found too. About 6 s for
#: the snapshot, once per change of the calculators.
ZSTD_PARAMETERS = dict(level=19, window_log=25, enable_ldm=True)

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


def _run_node(script: Path, args: list, what: str) -> None:
    try:
        result = subprocess.run(["node", str(script), *map(str, args)], capture_output=True, text=True,
                                cwd=ROOT, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as error:
        _fail(f"{what} failed: {error} (is Node.js installed? `make setup` needs it too)")
    if result.returncode != 0:
        # Node prints Pyodide's whole minified source on some errors: keep the last lines.
        tail = "\n".join(line[-300:] for line in (result.stdout + result.stderr).strip().splitlines()[-8:])
        _fail(f"{what} failed (node {script.relative_to(ROOT)}):\n{tail}")


def _cached(directory: Path, name: str, inputs: list, make) -> Path:
    """``directory/<name>-<hash of inputs><suffix>``, made by ``make(partial_path)`` if missing.

    ``inputs`` are files, or bytes standing for the part of a file that matters."""
    digest = hashlib.sha256()
    for item in inputs:
        digest.update((item if isinstance(item, bytes) else Path(item).read_bytes()) + b"\0")
    stem, suffix = name.split(".", 1)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{stem}-{digest.hexdigest()[:16]}.{suffix}"
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if target.is_file():
            return target
        for old in directory.glob(f"{stem}-*.{suffix}"):
            old.unlink()
        partial = target.with_name(target.name + ".partial")
        make(partial)
        if not partial.is_file():
            _fail(f"{partial} was not written")
        partial.rename(target)
    return target


def trim_stdlib(full: Path, trace: dict, out: Path) -> None:
    """Write ``out``: the members of ``full`` that ``trace`` names, with their folders,
    stored uncompressed (the whole file is compressed for the wire: see ``zstd``)."""
    keep_packages = tuple(name + "/" for name in trace["whole_packages"])
    codecs = {f"encodings/{name}.py" for name in EXTRA_CODECS}
    wanted = set(trace["files"]) | codecs
    with zipfile.ZipFile(full) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        members = [i for i in source.infolist() if not i.is_dir() and (i.filename in wanted or i.filename.startswith(keep_packages))]
        folders = {str(Path(i.filename).parent) + "/" for i in members} - {"./"}
        for info in source.infolist():
            if info.is_dir() and info.filename in folders:
                target.writestr(info, b"")
        for info in members:
            stored = copy.copy(info)
            stored.compress_type = zipfile.ZIP_STORED
            target.writestr(stored, source.read(info))


def build_stdlib(wheel: Path, directory: Path = STDLIB_DIR) -> Path:
    """Return the trimmed standard library for this wheel and Pyodide
    (kept in ``directory`` and remade only when one of them changes)."""
    pyodide = NODE_MODULES / "pyodide"

    def make(partial: Path) -> None:
        log.info("Tracing which standard-library modules the calculators import (a few seconds)")
        trace_file = partial.with_suffix(".trace.json")
        _run_node(STDLIB_TRACER, [pyodide, wheel, trace_file], "tracing the calculators' imports")
        trim_stdlib(pyodide / FULL_STDLIB, json.loads(trace_file.read_text()), partial)
        trace_file.unlink()

    inputs = [wheel, STDLIB_TRACER, Path(__file__), pyodide / "package.json"]
    return _cached(directory, "python_stdlib.zip", inputs, make)


def build_snapshot(wheel: Path, stdlib: Path) -> Path:
    """Return a Pyodide memory snapshot for this wheel, standard library and Pyodide."""
    pyodide = NODE_MODULES / "pyodide"

    def make(partial: Path) -> None:
        log.info("Making the Pyodide start-up snapshot (about 10 s, once per change of the calculators)")
        raw = partial.with_suffix(".raw")
        _run_node(SNAPSHOT_MAKER, [pyodide, wheel, stdlib, raw], "making the Pyodide snapshot")
        partial.write_bytes(zstd(raw.read_bytes()))
        raw.unlink()

    inputs = [wheel, stdlib, SNAPSHOT_MAKER, pyodide / "package.json", repr(ZSTD_PARAMETERS).encode()]
    return _cached(SNAPSHOT_DIR, "python.zst", inputs, make)


def zstd(data: bytes) -> bytes:
    """``data`` compressed with Zstandard (``ZSTD_PARAMETERS``), its size in the header."""
    options = dict(ZSTD_PARAMETERS)
    parameters = zstandard.ZstdCompressionParameters.from_level(options.pop("level"), **options)
    return zstandard.ZstdCompressor(compression_params=parameters).compress(data)


def compressed_stdlib(stdlib: Path) -> Path:
    """The trimmed standard library, compressed for the wire (kept beside it)."""
    return _cached(STDLIB_DIR, "python_stdlib.zip.zst", [stdlib, repr(ZSTD_PARAMETERS).encode()],
                   lambda partial: partial.write_bytes(zstd(stdlib.read_bytes())))


def zstd_decoder() -> bytes:
    """The WebAssembly of the pinned zstddec package's decoder."""
    found = re.search(r'"(AGFzbQ[A-Za-z0-9+/=]+)"', (NODE_MODULES / ZSTD_DECODER).read_text(encoding="utf-8"))
    if not found:
        _fail(f"{NODE_MODULES / ZSTD_DECODER} no longer carries the decoder's WebAssembly as base64 text: "
              "check the zstddec version in package.json")
    return base64.b64decode(found.group(1))


def _copy(source: Path, target: Path) -> None:
    """Copy unless an identical-looking file (same size and age) is already there."""
    if target.exists():
        s, t = source.stat(), target.stat()
        if s.st_size == t.st_size and int(s.st_mtime) == int(t.st_mtime):
            return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)


def copy_runtime(site_dir: Path) -> None:
    """Copy the wheel, Pyodide and Chart.js into ``site_dir``."""
    if not NODE_MODULES.is_dir():
        _fail(f"{NODE_MODULES} is missing: run `make setup` (it runs `npm ci`) and build again")
    missing = [
        str(NODE_MODULES / name)
        for name in [Path("pyodide") / f for f in (*PYODIDE_FILES, FULL_STDLIB)] + [CHART_FILE, ZSTD_DECODER]
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
    stdlib = build_stdlib(wheel)
    _copy(compressed_stdlib(stdlib), target / (FULL_STDLIB + ".zst"))
    _copy(build_snapshot(wheel, stdlib), target / "python-snapshot.zst")
    _write_if_changed(target / "zstd.wasm", zstd_decoder())
    write_sizes(target)


def write_sizes(target: Path) -> None:
    """``runtime-files.json``: each runtime file's size, so the worker can show progress."""
    files = {
        str(path.relative_to(target)): path.stat().st_size
        for path in sorted(target.rglob("*"))
        if path.is_file() and path.name != "runtime-files.json"
    }
    _write_if_changed(target / "runtime-files.json", (json.dumps({"files": files}, indent=1) + "\n").encode())


def _write_if_changed(path: Path, data: bytes) -> None:
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)


# -- MkDocs events ------------------------------------------------------------


def on_post_build(config, **kwargs) -> None:
    copy_runtime(Path(config["site_dir"]))


def on_serve(server, config, builder, **kwargs):
    """Rebuild (and so re-copy the wheel) when the calculators change."""
    for path in (ROOT / "calculators",):
        if path.exists():
            server.watch(str(path))
    return server
