"""What the build works out from the data and the code, kept between builds in ``build/cache/``.

Two things in a build are slow to work out and change only when their inputs do: the
calculators' results (every preset is run through the engine, and the multi-year
presets run 2,000 trials each) and the site's tables (tabulated with pandas, whose
import alone takes a third of a second). Each is kept as a JSON file named by a hash of
everything it is made from: the source of the Python packages that compute it, the
data files' bytes where it reads them, the arguments. A change to any of these gives a
new name, so an entry is never stale; an unchanged build reads instead of computing.
Files that are not JSON (the Data page's Excel workbooks) are kept the same way
(:func:`kept_file`).

Entries are written whole or not at all (to a temporary name, then renamed), so builds
running side by side (the tests do) never read half a file. Each folder keeps its
:data:`KEEP` newest entries. ``make clean`` removes them all.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = ROOT / "build" / "cache"
#: Entries kept per kind; older ones are deleted as new ones are written.
KEEP = 64


def digest(*parts: str | bytes) -> str:
    """A hex SHA-256 of ``parts``, each kept apart from the next."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


@functools.lru_cache(maxsize=None)
def source_digest(*packages: str) -> str:
    """A hash of every ``.py`` file of the named top-level packages (``"calculators"``, ``"macros"``).

    Worked out once per process: a running ``mkdocs serve`` does not reload its Python
    modules either, so its results stay those of the code it runs.
    """
    return digest(*packages, *(folder_digest(ROOT / package, "*.py") for package in packages))


def folder_digest(folder: Path, pattern: str = "*") -> str:
    """A hash of every file in ``folder`` matching ``pattern``, at any depth (names and bytes)."""
    parts: list[str | bytes] = []
    for path in sorted(p for p in folder.rglob(pattern) if p.is_file()):
        parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


def kept(kind: str, key: str, make: Callable[[], Any]) -> Any:
    """The value stored under ``kind``/``key``; else ``make()``, stored for the next build.

    ``make`` must return what JSON holds (``dict``, ``list``, ``str``, numbers, ``None``).
    An entry that cannot be read (a disk error, a damaged file) is made again.
    """
    path = _entry(kind, key, ".json")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = make()
    try:
        _store(path, lambda partial: partial.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")),
                                                          encoding="utf-8"))
    except OSError:  # a read-only checkout still builds, only without keeping results
        pass
    return value


def kept_file(kind: str, key: str, suffix: str, make: Callable[[Path], None]) -> Path:
    """The file stored under ``kind``/``key``; else made by ``make(path)`` and stored."""
    path = _entry(kind, key, suffix)
    if not path.is_file():
        _store(path, make)
    return path


def _entry(kind: str, key: str, suffix: str) -> Path:
    return CACHE_DIR / kind / f"{key[:32]}{suffix}"


def _store(path: Path, write: Callable[[Path], None]) -> None:
    """``write`` a temporary file beside ``path``, renamed to it once whole; then prune."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".partial", delete=False) as out:
        partial = Path(out.name)
    try:
        write(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    entries = sorted(path.parent.glob(f"*{path.suffix}"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
