"""Time `mkdocs build` of this tree, and of an earlier revision in the same run for a ratio.

    .venv/bin/python benchmarks/bench_build.py [--base REV] [--runs N]

The earlier revision (``--base``, or the ``BENCH_BASE`` environment variable; none by
default) is checked out with ``git worktree`` into a temporary folder that shares this
tree's ``.venv`` and ``node_modules``; each tree is built once to warm its caches (the
calculators wheel and the start-up snapshot are made only when their sources change),
then the two are built in turn, ``--runs`` times each, so both see the same machine.
Prints each tree's median and spread, and the ratio of the medians (base / this tree:
above 1 means this tree builds faster).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_seconds(tree: Path, out: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
                   cwd=tree, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def prepare(tree: Path) -> None:
    """The presets file the build reads, written as `make presets` would."""
    subprocess.run([sys.executable, "-m", "macros.export_presets"], cwd=tree, check=True, stdout=subprocess.DEVNULL)


@contextlib.contextmanager
def worktree(rev: str, tmp: Path):
    """``rev`` checked out into ``tmp``/base, sharing this tree's ``.venv`` and ``node_modules``."""
    base = Path(tmp) / "base"
    subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(base), rev], cwd=ROOT, check=True)
    try:
        for shared in (".venv", "node_modules"):
            (base / shared).symlink_to(ROOT / shared)
        yield base
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default=os.environ.get("BENCH_BASE"), help="an earlier revision to compare with")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        trees = {"this tree": ROOT}
        if args.base:
            trees = {f"base {args.base}": stack.enter_context(worktree(args.base, Path(tmp))), **trees}
        times: dict[str, list[float]] = {name: [] for name in trees}
        for name, tree in trees.items():
            prepare(tree)
            build_seconds(tree, Path(tmp) / "warm")
        for _ in range(args.runs):
            for name, tree in trees.items():
                times[name].append(build_seconds(tree, Path(tmp) / "out"))
        for name, runs in times.items():
            print(f"mkdocs build, {name}: median {statistics.median(runs):.2f} s "
                  f"(min {min(runs):.2f}, max {max(runs):.2f}, {len(runs)} runs)")
        if args.base:
            base_runs, ours = times[f"base {args.base}"], times["this tree"]
            print(f"ratio, base / this tree: {statistics.median(base_runs) / statistics.median(ours):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
