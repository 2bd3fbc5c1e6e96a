"""Checks between files, and between a file's parts, run after each file passed its schema."""

from __future__ import annotations

from typing import Any

from . import schema
from .paths import shown
from .problems import Problem
from .read import DataFile


def check_links(
    cases: dict[str, schema.CaseStudy],
    models: dict[str, schema.ContractModel],
    model_files: list[str],
    glossary: schema.Glossary | None,
    references: schema.References | None,
    nuffield: schema.Nuffield | None,
    files: dict[str, DataFile],
    problems: list[Problem],
) -> None:
    """Checks between files, run on whatever passed its schema.

    Model ids are checked against the model *files* present, so a model file with a
    typo in it does not also make every case study that names it look wrong.
    """
    for case in cases.values():
        file = files[f"case:{case.id}"]
        for index, model_id in enumerate(case.contract.type.models):
            if model_id not in model_files:
                problems.append(
                    file.problem(
                        f"contract.type.models.{index}",
                        f"unknown model id {shown(model_id)}; expected one of: {', '.join(model_files)}"
                        " (the files in data/models/)",
                    )
                )

    for model in models.values():
        if model.case_studies is None:
            continue
        derived = [c.id for c in cases.values() if model.id in c.contract.type.models]
        if sorted(model.case_studies) != sorted(derived):
            problems.append(
                files[f"model:{model.id}"].problem(
                    "case_studies",
                    f"lists {model.case_studies} but the case-study files naming this model are "
                    f"{derived}; remove this key (it is derived) or make them agree",
                )
            )

    if glossary is not None:
        terms = [t.term for t in glossary.terms]
        gfile = files["glossary"]
        for index, term in enumerate(glossary.terms):
            if terms.index(term.term) != index:
                problems.append(gfile.problem(f"terms.{index}.term", f"{shown(term.term)} is defined twice"))
            for j, other in enumerate(term.see_also):
                if other not in terms:
                    problems.append(
                        gfile.problem(
                            f"terms.{index}.see_also.{j}",
                            f"no glossary term {shown(other)}; expected the exact `term` of another entry in this file",
                        )
                    )
            if term.successor is not None:
                for j, other in enumerate(term.successor.terms):
                    if other not in terms or other == term.term:
                        problems.append(
                            gfile.problem(
                                f"terms.{index}.successor.terms.{j}",
                                f"no glossary term {shown(other)}; expected the exact `term` of another entry in this file",
                            )
                        )
                page, _, anchor = term.successor.section.partition("#")
                if not page.endswith(".md") or not anchor:
                    problems.append(
                        gfile.problem(
                            f"terms.{index}.successor.section",
                            f"expected a page of the site and an anchor, e.g. "
                            f'"since-2014/commissioners.md#icbs", got {term.successor.section!r}',
                        )
                    )
    if references is not None:
        check_unique_ids(files["references"], "references", [r.id for r in references.references], problems)
    if nuffield is not None:
        check_unique_ids(files["nuffield"], "options", [o.id for o in nuffield.options], problems)
        check_unique_ids(files["nuffield"], "questions", [q.id for q in nuffield.questions], problems)


def _raw_walk(value: Any, path: str = ""):
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _raw_walk(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _raw_walk(item, f"{path}.{index}" if path else str(index))


def check_refs(files: dict[str, DataFile], ref_ids: list[str], problems: list[Problem]) -> None:
    """Every ``source: {ref: ...}`` in every file names a reference that exists.

    Runs on the raw YAML, so it also reports files that failed their schema.
    """
    known = set(ref_ids)
    for key, file in files.items():
        if key == "references":
            continue
        for path, value in _raw_walk(file.raw):
            if path.rsplit(".", 1)[-1] == "source" and isinstance(value, dict):
                ref = value.get("ref")
                if isinstance(ref, str) and ref not in known:
                    problems.append(
                        file.problem(
                            f"{path}.ref",
                            f"unknown reference id {shown(ref)}; expected an id from data/references.bib",
                        )
                    )


def check_unique_ids(file: DataFile, path: str, ids: list[str], problems: list[Problem]) -> None:
    for index, value in enumerate(ids):
        if ids.index(value) != index:
            problems.append(file.problem(f"{path}.{index}.id", f"id {shown(value)} is used twice"))




def check_orders(label: str, prefix: str, items: dict[str, Any], files: dict[str, DataFile],
                 problems: list[Problem]) -> None:
    """No two case studies (or models) share an ``order``."""
    orders = [item.order for item in items.values()]
    for item in items.values():
        if orders.count(item.order) > 1:
            problems.append(files[f"{prefix}:{item.id}"].problem("order", f"order {item.order} is shared with another {label}"))
