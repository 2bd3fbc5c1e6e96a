"""The data models as JSON Schema files, for editors and for a second, independent check.

``make schemas`` (``python -m macros.data.jsonschemas``) writes one file per kind of
data file into ``schemas/``; each YAML file in ``data/`` names its schema on its first
line (``# yaml-language-server: $schema=...``), so an editor with YAML support checks
and completes the file as it is typed. The files are generated from :mod:`.schema`:
edit the models, then run ``make schemas`` (a test fails while they are stale).

What JSON Schema cannot say (a reference id that must exist in ``references.bib``,
exactly one of ``amount``/``percent``/``count``, a preset the calculator rejects) is
checked by the build alone.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pydantic import BaseModel

from . import schema
from .loader import data_dir
from .problems import Problem
from .read import read_text

SCHEMAS_DIR = Path(__file__).resolve().parents[2] / "schemas"

#: Schema file stem -> (model, the data files it describes, as globs under data/).
KINDS: dict[str, tuple[type[BaseModel], tuple[str, ...]]] = {
    "case-study": (schema.CaseStudy, ("case-studies/*.yaml",)),
    "contract-model": (schema.ContractModel, ("models/*.yaml",)),
    "glossary": (schema.Glossary, ("glossary.yaml",)),
    "nuffield": (schema.Nuffield, ("nuffield.yaml",)),
    # references.bib is BibTeX; this describes its entries as the loader reads them.
    "references": (schema.References, ()),
}

def document(stem: str) -> dict:
    """The JSON Schema of one kind of data file."""
    model, _ = KINDS[stem]
    generated = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": "Generated from macros/data/schema.py by `make schemas`; do not edit by hand.",
        **generated,
    }


def text(stem: str) -> str:
    return json.dumps(document(stem), indent=2, ensure_ascii=False) + "\n"


def path_for(stem: str, folder: Path = SCHEMAS_DIR) -> Path:
    return folder / f"{stem}.schema.json"


def stale(folder: Path = SCHEMAS_DIR) -> list[str]:
    """The schema files that are missing or differ from what the models give."""
    return [
        path_for(stem, folder).name
        for stem in KINDS
        if not path_for(stem, folder).is_file() or path_for(stem, folder).read_text("utf-8") != text(stem)
    ]


def write(folder: Path = SCHEMAS_DIR) -> list[Path]:
    """Write every schema file whose content changed; return those written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for stem in KINDS:
        target = path_for(stem, folder)
        if not target.is_file() or target.read_text("utf-8") != text(stem):
            target.write_text(text(stem), encoding="utf-8")
            written.append(target)
    return written


def modeline(data_file: Path, data_root: Path, folder: Path = SCHEMAS_DIR) -> str | None:
    """The first line a YAML file in ``data/`` should have: its schema's relative path."""
    relative = data_file.relative_to(data_root).as_posix()
    for stem, (_, patterns) in KINDS.items():
        if any(Path(relative).match(p) and relative.count("/") == p.count("/") for p in patterns):
            depth = relative.count("/") + 1  # data/ itself, plus any sub-folder
            return f"# yaml-language-server: $schema={'../' * depth}{folder.name}/{stem}.schema.json"
    return None


def missing_modelines(data_root: Path, unreadable: list[Problem] | None = None) -> list[str]:
    """YAML files in ``data_root`` whose first line does not name their schema.

    A byte-order mark before that line is no mistake (editors may write one). A file that
    cannot be read as UTF-8 goes to ``unreadable``, as the problem the build reports.
    """
    wrong = []
    unreadable = [] if unreadable is None else unreadable
    for path in sorted(data_root.rglob("*.yaml")):
        expected = modeline(path, data_root)
        shown = path.relative_to(data_root.parent).as_posix()
        text = read_text(path, shown, unreadable)
        if text is None:
            continue
        lines = text.splitlines()
        if expected and (not lines or lines[0] != expected):
            wrong.append(f"{shown}: expected its first line to be {expected!r}")
    return wrong


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.data.jsonschemas", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only report stale schema files; write nothing")
    args = parser.parse_args(argv)
    if args.check:
        out_of_date = stale()
        if out_of_date:
            print(f"Error: out of date in schemas/: {', '.join(out_of_date)}; run `make schemas`", file=sys.stderr)
        unreadable: list[Problem] = []
        unnamed = missing_modelines(data_dir(), unreadable)
        for problem in unreadable:
            print(f"Error: {problem}", file=sys.stderr)
        for line in unnamed:
            print(f"Error: {line} (so editors find its schema)", file=sys.stderr)
        if out_of_date or unnamed or unreadable:
            return 1
        print("schemas: OK")
        return 0
    for path in write():
        print(f"wrote {path.relative_to(SCHEMAS_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
