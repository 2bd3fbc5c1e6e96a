"""Renderers for the page macros (placeholders until the data lands)."""

from __future__ import annotations


def _placeholder(name: str, *args) -> str:
    shown = ", ".join(repr(a) for a in args)
    return f'<p class="data-placeholder"><em>({name}({shown}) will render here.)</em></p>'


def table1(ctx) -> str:
    return _placeholder("table1")


def model_comparison(ctx) -> str:
    return _placeholder("model_comparison")


def model_summary(ctx, model_id: str) -> str:
    return _placeholder("model_summary", model_id)


def case_study_facts(ctx, case_id: str) -> str:
    return _placeholder("case_study_facts", case_id)


def case_study_outcomes(ctx, case_id: str) -> str:
    return _placeholder("case_study_outcomes", case_id)


def case_study_payment(ctx, case_id: str) -> str:
    return _placeholder("case_study_payment", case_id)


def case_study_timeline(ctx, case_id: str) -> str:
    return _placeholder("case_study_timeline", case_id)


def calculator_links(ctx, case_id: str) -> str:
    return _placeholder("calculator_links", case_id)


def nuffield_options(ctx) -> str:
    return _placeholder("nuffield_options")


def nuffield_questions(ctx) -> str:
    return _placeholder("nuffield_questions")


def glossary(ctx) -> str:
    return _placeholder("glossary")


def references(ctx) -> str:
    return _placeholder("references")


def cite(ctx, ref: str, page: str = "") -> str:
    return f"({ref}{', ' + page if page else ''})"


def fact(ctx, case_id: str, path: str) -> str:
    return f"[{case_id}:{path}]"
