"""Load and validate everything in ``data/`` once per build, or fail with one clear message.

:func:`load` reads every file (:mod:`.read`), checks each against its model in
:mod:`.schema` (:mod:`.messages` words the errors), then checks the links between files
(:mod:`.checks`) and the calculator presets (:mod:`.presets`). It collects *every*
problem before failing, and raises one :class:`~.problems.DataError` whose message lists
them, one per line::

    data/case-studies/bedfordshire.yaml, line 31: contract.first_year_value.amount:
        expected an amount in pounds written as a number, e.g. 26500000, got 'lots'
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import cache, checks, presets, schema
from .messages import validate
from .problems import DataError, Problem
from .read import DataFile, read_bib, read_yaml
from .site import SiteData

#: The repository's data folder (the default for :func:`load`).
DATA_DIR = Path(__file__).resolve().parents[2] / "data"

#: Environment variable naming another data folder to build from (tests use it to
#: build the site against a deliberately broken copy of ``data/``).
DATA_DIR_VARIABLE = "SITE_DATA_DIR"

_CACHE: dict[tuple, SiteData] = {}


def data_dir(root: Path | str | None = None) -> Path:
    """The data folder: ``root``, else ``$SITE_DATA_DIR``, else the repository's ``data/``."""
    return Path(root or os.environ.get(DATA_DIR_VARIABLE) or DATA_DIR).resolve()


def _fingerprint(root: Path) -> tuple:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return (str(root),) + tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


def load(root: Path | str | None = None, *, check_presets: bool = True) -> SiteData:
    """Load and validate the data folder (see :func:`data_dir`), cached.

    The cache is keyed on every file's name, size and modification time, so a ``mkdocs
    serve`` rebuild after an edit reads the data again. The build calls this once, in
    ``define_env``, and hands the result to every macro. ``check_presets=False`` skips
    running the presets through the calculators (for checks that read only the text).
    """
    root = data_dir(root)
    key = _fingerprint(root) + (check_presets,)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = _load(root, check_presets)
    return _CACHE[key]


def _load(root: Path, check_presets: bool) -> SiteData:
    problems: list[Problem] = []
    base = root.parent

    def shown(path: Path) -> str:
        return path.relative_to(base).as_posix()

    if not root.is_dir():
        raise DataError([Problem(str(root), "", "data folder not found")])

    files: dict[str, DataFile] = {}

    def read_one(path: Path, key: str, model: type[BaseModel]):
        if not path.is_file():
            problems.append(Problem(shown(path), "", "file is missing"))
            return None
        reader = read_bib if path.suffix == ".bib" else read_yaml
        file = reader(path, shown(path), problems)
        if file is None:
            return None
        files[key] = file
        return validate(file, model, problems)

    def read_folder(folder: str, prefix: str, model: type[BaseModel]) -> dict[str, Any]:
        found = {}
        directory = root / folder
        paths = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
        if not paths:
            problems.append(Problem(shown(directory), "", "expected at least one .yaml file"))
        for path in sorted(directory.glob("*.yml")) if directory.is_dir() else []:
            problems.append(Problem(shown(path), "", "use the .yaml extension so the site finds this file"))
        for path in paths:
            obj = read_one(path, f"{prefix}:{path.stem}", model)
            if obj is None:
                continue
            if obj.id != path.stem:
                problems.append(
                    files[f"{prefix}:{path.stem}"].problem(
                        "id", f"expected {path.stem!r} (the file name without .yaml), got {obj.id!r}"
                    )
                )
                continue
            found[obj.id] = obj
        return found

    cases = read_folder("case-studies", "case", schema.CaseStudy)
    models = read_folder("models", "model", schema.ContractModel)
    glossary = read_one(root / "glossary.yaml", "glossary", schema.Glossary)
    references = read_one(root / "references.bib", "references", schema.References)
    nuffield = read_one(root / "nuffield.yaml", "nuffield", schema.Nuffield)

    checks.check_orders("case study", "case", cases, files, problems)
    checks.check_orders("model", "model", models, files, problems)
    if "references" in files:
        raw_refs = files["references"].raw
        raw_list = raw_refs.get("references") if isinstance(raw_refs, dict) else None
        ids = [r.get("id") for r in raw_list if isinstance(r, dict)] if isinstance(raw_list, list) else []
        checks.check_refs(files, ids, problems)
    checks.check_money_wording(files, problems)
    model_files = sorted(p.stem for p in (root / "models").glob("*.yaml"))
    checks.check_links(cases, models, model_files, glossary, references, nuffield, files, problems)

    if problems or None in (glossary, references, nuffield):
        raise DataError(problems)

    data = SiteData(
        root=root,
        case_studies=dict(sorted(cases.items(), key=lambda kv: kv[1].order)),
        models=dict(sorted(models.items(), key=lambda kv: kv[1].order)),
        glossary=glossary,
        references={r.id: r for r in references.references},
        nuffield=nuffield,
        files={key: f.shown for key, f in files.items()},
        digest=cache.folder_digest(root),
    )
    if check_presets:
        for case in data.case_studies.values():
            problems.extend(presets.check_case(case, files[f"case:{case.id}"], data))
        problems.extend(presets.check_unique(data, files))
    if problems:
        raise DataError(problems)
    return data
