"""How one fact from a case study reads on a page: "approx. £26.5 million", "3½ years"."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .. import formatting
from ..data import schema
from ..data.paths import PathError


def money_fact(fact: schema.MoneyFact) -> str:
    return ("approx. " if fact.approx else "") + formatting.money(fact.amount)


def basis_words(first_year_basis: str) -> str:
    """What the yearly figure is: "in the first year" or "a year"."""
    return "in the first year" if first_year_basis == "first year" else "a year"


def basis_text(contract: schema.Contract) -> str:
    return basis_words(contract.first_year_basis)


def length_text(years: float, extension_years: float) -> str:
    """"5 years (option of a further 2 years)"."""
    text = formatting.years(years)
    return text + (f" (option of a further {formatting.years(extension_years)})" if extension_years else "")


def term_text(term: schema.ContractTerm) -> str:
    return length_text(term.years, term.extension_years)


def when_text(date: str, qualifier: str | None = None, planned: bool = False) -> str:
    """"April 2014", "mid-2015 (planned)"."""
    return formatting.partial_date(date, qualifier or None) + (" (planned)" if planned else "")


def date_text(fact: schema.DatedFact) -> str:
    return when_text(fact.date, fact.qualifier, fact.planned)


def starts_text(contract: schema.Contract) -> str:
    return "; ".join(date_text(s) for s in contract.starts) or (contract.start_note or "Not reported")


def figure_value(figure: schema.Figure) -> str:
    about = "about " if figure.approx else "almost " if figure.almost else ""
    if figure.amount is not None:
        return about + formatting.money(figure.amount)
    if figure.percent is not None:
        return about + formatting.percent(figure.percent)
    return about + formatting.number(figure.count)


def payment_value(term: schema.PaymentTerm) -> str:
    parts = []
    if term.percent is not None:
        parts.append(("about " if term.approx else "") + formatting.percent(term.percent))
    if term.amount is not None:
        parts.append(("approx. " if term.approx else "") + formatting.money(term.amount))
    if term.share is not None:
        parts.append(formatting.fraction(term.share))
    if term.by_year is not None:
        parts.append(
            "; ".join(f"year {i}: {formatting.percent(v)}" for i, v in enumerate(term.by_year, start=1))
        )
    return "; ".join(parts)


def format_fact(value: Any, chain: list[Any], name: str) -> str:
    """Any value a dotted path reaches, written as the page shows it (``fact()``)."""
    parent = chain[-1] if chain else None
    if isinstance(value, schema.MoneyFact):
        return money_fact(value)
    if isinstance(value, schema.DatedFact):
        return date_text(value)
    if isinstance(value, schema.ContractTerm):
        return term_text(value)
    if isinstance(value, schema.BaseModel):
        fields = ", ".join(type(value).model_fields)
        raise PathError(f"points at a group of fields ({fields}); add the one to show")
    if isinstance(value, (list, tuple)):
        return formatting.join([format_fact(v, [*chain, value], name) for v in value])
    if isinstance(value, bool):
        return "yes" if value else "no"
    if name == "amount" or isinstance(value, Decimal):
        return formatting.money(value)
    if name == "percent" or name.endswith("_pct") or (name.isdigit() and isinstance(parent, schema.PaymentTerm)):
        return formatting.percent(value)
    if name == "share":
        return formatting.fraction(value)
    if name == "date" and isinstance(parent, schema.DatedFact):
        return formatting.partial_date(value, parent.qualifier)
    if isinstance(value, (int, float)):
        return formatting.number(value, halves=name in ("years", "extension_years"))
    return str(value)
