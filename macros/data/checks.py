"""Checks between files, and between a file's parts, run after each file passed its schema."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from .. import formatting
from . import schema
from .paths import shown
from .problems import Problem, did_you_mean
from .read import DataFile


#: The keys whose value cites a reference: a fact's ``source``, and a note's ``why_source``.
SOURCE_KEYS = ("source", "why_source")


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
                        f"unknown model id {shown(model_id)}{did_you_mean(model_id, model_files)}; "
                        f"expected one of: {', '.join(model_files)}"
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
                            f"no glossary term {shown(other)}{did_you_mean(other, terms)}; "
                            "expected the exact `term` of another entry in this file",
                        )
                    )
            if term.successor is not None:
                for j, other in enumerate(term.successor.terms):
                    if other not in terms or other == term.term:
                        problems.append(
                            gfile.problem(
                                f"terms.{index}.successor.terms.{j}",
                                f"no glossary term {shown(other)}{did_you_mean(other, terms)}; "
                                "expected the exact `term` of another entry in this file",
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


def unknown_reference(ref: str, known: list[str]) -> str:
    """What is wrong with a citation of ``ref``, which is not in the bibliography (also
    the message of a page's ``cite()``)."""
    return f"unknown reference id {shown(ref)}{did_you_mean(ref, known)}; expected an id from data/references.bib"


def check_refs(files: dict[str, DataFile], ref_ids: list[str], problems: list[Problem]) -> None:
    """Every ``source: {ref: ...}`` in every file names a reference that exists.

    Runs on the raw YAML, so it also reports files that failed their schema.
    """
    known = set(ref_ids)
    ids = sorted(i for i in known if isinstance(i, str))
    for key, file in files.items():
        if key == "references":
            continue
        for path, value in _raw_walk(file.raw):
            if path.rsplit(".", 1)[-1] in SOURCE_KEYS and isinstance(value, dict):
                ref = value.get("ref")
                if isinstance(ref, str) and ref not in known:
                    problems.append(file.problem(f"{path}.ref", unknown_reference(ref, ids)))


#: A pound figure in a fact's wording: "£24 million", "£1.2 billion", "about £98m", "£860,000".
_POUNDS = re.compile(r"£\s?(\d[\d,]*(?:\.\d+)?)(?:\s*(billion|bn|million|m|thousand|k)\b)?", re.IGNORECASE)
_UNITS = {"billion": 9, "bn": 9, "million": 6, "m": 6, "thousand": 3, "k": 3}


def wording_pounds(wording: str) -> tuple[Decimal, Decimal] | None:
    """The first pound figure in ``wording`` and how far from it an amount may be.

    The figure is rounded ("about £98m", "approx £26.5 million" or plain "£24 million"), so
    it matches the amounts that round to it at its last written digit: "£24 million" any
    amount from £23.5 to £24.5 million, "£860,000" from £855,000 to £865,000.
    """
    match = _POUNDS.search(wording)
    if match is None:
        return None
    figure = Decimal(match[1].replace(",", "")).scaleb(_UNITS.get((match[2] or "").lower(), 0))
    digit = Decimal(1).scaleb(figure.normalize().as_tuple().exponent) if figure else Decimal(1)
    return figure, digit / 2


def check_money_wording(files: dict[str, DataFile], problems: list[Problem]) -> None:
    """Every fact with both an ``amount`` and a ``wording`` that names a pound figure says the
    same sum in both: a mistyped amount (2400000 for "£24 million") is caught here.

    Runs on the raw YAML, so it also reports files that failed their schema.
    """
    for file in files.values():
        for path, value in _raw_walk(file.raw):
            if not isinstance(value, dict) or not isinstance(value.get("wording"), str):
                continue
            amount = value.get("amount")
            if isinstance(amount, bool) or not isinstance(amount, (int, float)):
                continue
            said = wording_pounds(value["wording"])
            if said is None or abs(Decimal(str(amount)) - said[0]) <= said[1]:
                continue
            within = f"{path}." if path else ""
            problems.append(
                file.problem(
                    f"{within}amount",
                    f"amount {amount} is {formatting.money(amount)}, but its wording (line "
                    f"{file.line(f'{within}wording')}) says {shown(value['wording'])}; correct one of them",
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
