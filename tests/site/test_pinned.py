"""Dependencies are pinned, so building the same commit next year gives the same site."""

from __future__ import annotations

import json
import re
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==[0-9][^\s;]*$")


def lines(name: str) -> list[str]:
    text = (REPO_ROOT / name).read_text("utf-8")
    return [line.split("#")[0].strip() for line in text.splitlines() if line.split("#")[0].strip()]


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_python_requirement_is_pinned_to_one_version():
    loose = [line for line in lines("requirements.txt") if not PIN.match(line)]
    assert not loose, f"requirements.txt lines without an exact ==version: {loose}"


def test_every_top_level_python_requirement_is_in_the_lock():
    pinned = {canonical(PIN.match(line).group(1)) for line in lines("requirements.txt")}
    wanted = {canonical(re.split(r"[<>=!~\[; ]", line)[0]) for line in lines("requirements.in")}
    assert wanted <= pinned, f"in requirements.in but not pinned (run `make lock`): {wanted - pinned}"


def test_npm_packages_are_exact_and_locked():
    package = json.loads((REPO_ROOT / "package.json").read_text("utf-8"))
    lock = json.loads((REPO_ROOT / "package-lock.json").read_text("utf-8"))
    wanted = {**package.get("dependencies", {}), **package.get("devDependencies", {})}
    loose = {name: v for name, v in wanted.items() if not re.fullmatch(r"\d+\.\d+\.\d+", v)}
    assert not loose, f"package.json versions that are ranges, not exact (npm install --save-exact): {loose}"
    locked = {name: lock["packages"].get(f"node_modules/{name}", {}).get("version") for name in wanted}
    assert locked == wanted, "package-lock.json disagrees with package.json: run `npm install`"
