"""The JSON Schema files in schemas/: fresh, named by every YAML file, and a second validator.

The schemas are generated from the pydantic models (`make schemas`). Here the
`jsonschema` package, which shares no code with pydantic, validates every data file
against them and rejects the same broken edits the loader tests make.
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from macros import data as site_data
from macros.data import jsonschemas
from macros.data.problems import DataError
from macros.data.read import read_bib, read_yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA = REPO_ROOT / "data"
YAML_FILES = sorted(DATA.rglob("*.yaml"))


def raw(path: Path):
    reader = read_bib if path.suffix == ".bib" else read_yaml
    problems: list = []
    file = reader(path, path.name, problems)
    assert not problems, problems
    return file.raw


def validator(stem: str) -> jsonschema.protocols.Validator:
    document = jsonschemas.document(stem)
    cls = jsonschema.validators.validator_for(document)
    cls.check_schema(document)
    return cls(document)


def kind_of(path: Path, root: Path = DATA) -> str:
    line = jsonschemas.modeline(path, root)
    assert line, f"{path}: no schema for this file"
    return line.rsplit("/", 1)[-1].removesuffix(".schema.json")


def test_the_schema_files_are_fresh():
    assert jsonschemas.stale() == [], "schemas/ is out of date with macros/data/schema.py: run `make schemas`"


def test_the_check_command_reports_a_stale_schema(tmp_path):
    jsonschemas.write(tmp_path)
    assert jsonschemas.stale(tmp_path) == []
    (tmp_path / "glossary.schema.json").write_text("{}\n", encoding="utf-8")
    assert jsonschemas.stale(tmp_path) == ["glossary.schema.json"]


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.relative_to(DATA).as_posix())
def test_every_yaml_file_names_its_schema_on_its_first_line(path):
    first = path.read_text("utf-8").splitlines()[0]
    assert first == jsonschemas.modeline(path, DATA)
    target = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert target.is_file(), f"{path.name} names {target}, which does not exist"


def test_the_check_reports_a_yaml_file_without_its_schema_line(data_copy):
    assert jsonschemas.missing_modelines(data_copy.root) == []
    data_copy.edit("glossary.yaml", lambda d: None)  # rewritten without its comments
    assert jsonschemas.missing_modelines(data_copy.root) == [
        "data/glossary.yaml: expected its first line to be "
        "'# yaml-language-server: $schema=../schemas/glossary.schema.json'"
    ]


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.relative_to(DATA).as_posix())
def test_jsonschema_accepts_every_data_file(path):
    errors = [f"{'.'.join(map(str, e.path))}: {e.message}" for e in validator(kind_of(path)).iter_errors(raw(path))]
    assert errors == []


def test_jsonschema_accepts_the_bibliography_as_the_loader_reads_it():
    assert list(validator("references").iter_errors(raw(DATA / "references.bib"))) == []


# The loader tests' broken edits that a schema can see (tests/data/test_loader.py).
BROKEN = {
    "money as text": ("case-studies/bedfordshire.yaml", lambda d: d["contract"]["first_year_value"].update(amount="lots")),
    "name as a number": ("case-studies/lambeth.yaml", lambda d: d.update(name=42)),
    "order not whole": ("case-studies/lambeth.yaml", lambda d: d.update(order=2.5)),
    "missing field": ("case-studies/cambridgeshire.yaml", lambda d: d["contract"]["term"].pop("years")),
    "unknown key": ("models/alliance.yaml", lambda d: d["money_flow"].update(colour="blue")),
    "unknown calculator": ("case-studies/bedfordshire.yaml", lambda d: d["presets"][0].update(calculator="forecast")),
    "bad id": ("case-studies/salford.yaml", lambda d: d["contract"]["term"]["source"].update(ref="Not An Id")),
    "percentage out of range": ("case-studies/bedfordshire.yaml",
                                lambda d: d["payment"]["terms"]["management-fee"].update(percent=700)),
    "date not as text": ("case-studies/salford.yaml", lambda d: d["contract"]["starts"][0].update(date="October 2014")),
    "glossary unknown key": ("glossary.yaml", lambda d: d["terms"][0].update(spelling="British")),
    "nuffield missing list": ("nuffield.yaml", lambda d: d.pop("questions")),
    "preset input of no kind": ("case-studies/staffordshire.yaml",
                                lambda d: d["presets"][0]["inputs"].update(years={"valu": 3})),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_jsonschema_rejects_what_the_loader_rejects(data_copy, case):
    name, change = BROKEN[case]
    data_copy.edit(name, change)
    path = data_copy.path(name)
    assert list(validator(kind_of(path, data_copy.root)).iter_errors(raw(path))), f"jsonschema accepted: {case}"
    with pytest.raises(DataError):
        site_data.load(data_copy.root)
