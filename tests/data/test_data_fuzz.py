"""No edit to a data file can crash the loader: every one loads or ends in a DataError.

Each case replaces one value somewhere in a copy of data/ (every file, values chosen
from all over it, with wrong types, out-of-range numbers, impossible dates, empty
things) and loads it as the build does. The loader must either accept the copy or
raise DataError, whose every line names a file and stays short; never any other
exception. Bounded (a fixed sample) so it stays quick.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
import yaml

from macros import data as site_data
from macros.data import DataError

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA = REPO_ROOT / "data"
FILES = sorted(p.relative_to(DATA).as_posix() for p in DATA.rglob("*.yaml"))
REPLACEMENTS = [None, "", "x" * 500, [], {}, {"a": 1}, True, 0, -1, 700, 1e308, 10**40, 2.5, "2014-02-30",
                "2/0", "../x", "lots", ["a", 1], float("nan")]
CASES_PER_FILE = 12


def leaves(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, (*path, index))


def cases():
    rng = random.Random(20141101)
    for name in FILES:
        content = yaml.safe_load((DATA / name).read_text("utf-8"))
        paths = [p for p in leaves(content) if p]
        for path in rng.sample(paths, min(CASES_PER_FILE, len(paths))):
            yield pytest.param(name, path, rng.choice(REPLACEMENTS), id=f"{name}:{'.'.join(map(str, path))}")


def set_at(content, path, value):
    target = content
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz") / "data"


@pytest.mark.slow
@pytest.mark.parametrize(("name", "path", "value"), list(cases()))
def test_any_one_bad_value_loads_or_fails_with_a_data_error(scratch, name, path, value):
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(DATA, scratch)
    target = scratch / name
    content = yaml.safe_load(target.read_text("utf-8"))
    set_at(content, path, value)
    target.write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True), encoding="utf-8")
    try:
        site_data.load(scratch)
    except DataError as error:
        for problem in error.problems:
            assert problem.file.startswith("data/"), problem
            assert len(str(problem)) < 400, str(problem)
