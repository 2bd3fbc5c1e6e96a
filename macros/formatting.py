"""How figures, dates and text from ``data/`` are written on the page, in one place."""

from __future__ import annotations

import html
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

MONTHS = (
    "January February March April May June July August September October November December"
).split()

_FRACTION_WORDS = {
    Fraction(1, 2): "half",
    Fraction(1, 3): "one-third",
    Fraction(2, 3): "two-thirds",
    Fraction(1, 4): "one-quarter",
    Fraction(3, 4): "three-quarters",
}


def _trim(value: Decimal, places: int) -> str:
    """A decimal with at most ``places`` decimals and no trailing zeros: 26.50 -> 26.5."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def money(amount: Decimal | int | float) -> str:
    """£26.5 million, £1.2 billion, £860,000, £1,234.50.

    Millions and billions keep up to two decimals (65,333,333.33 is "£65.33 million");
    smaller amounts are written in full, with pence only when there are any.
    """
    value = Decimal(str(amount))
    sign = "−" if value < 0 else ""
    value = abs(value)
    if value >= 1_000_000_000:
        return f"{sign}£{_trim(value / 1_000_000_000, 2)} billion"
    if value >= 1_000_000:
        return f"{sign}£{_trim(value / 1_000_000, 2)} million"
    if value == value.to_integral_value():
        return f"{sign}£{value:,.0f}"
    return f"{sign}£{value:,.2f}"


def number(value: Decimal | int | float, halves: bool = False) -> str:
    """900,000; 1.3; with ``halves``, 3.5 as 3½ (as the report writes contract lengths)."""
    value = Decimal(str(value))
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    if halves and value * 2 == (value * 2).to_integral_value():
        whole = int(value)
        return f"{whole}½" if whole else "½"
    return _trim(value, 2)


def percent(value: Decimal | int | float) -> str:
    """2.5%."""
    return f"{number(value)}%"


def fraction(text: str) -> str:
    """"2/3" -> "two-thirds"."""
    value = Fraction(text)
    return _FRACTION_WORDS.get(value, text)


def years(value: float) -> str:
    """"5 years", "1 year", "3½ years"."""
    return f"{number(value, halves=True)} year{'' if value == 1 else 's'}"


def partial_date(text: str, qualifier: str | None = None) -> str:
    """"2014-04" -> "April 2014"; "2015-03-01" -> "1 March 2015"; with "mid" -> "mid-2015", "early" -> "early 2012"."""
    parts = text.split("-")
    year = parts[0]
    if len(parts) == 1:
        shown = year
    elif len(parts) == 2:
        shown = f"{MONTHS[int(parts[1]) - 1]} {year}"
    else:
        shown = f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {year}"
    if qualifier:
        # "mid-2015" takes a hyphen; "early 2012", "late 2013" and any month-level date do not.
        shown = f"{qualifier}-{shown}" if qualifier == "mid" and len(parts) == 1 else f"{qualifier} {shown}"
    return shown


def join(items: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def slug(text: str) -> str:
    """An anchor id: "A&E" -> "a-e", "Section 75" -> "section-75"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Abbreviations:
    """Wraps glossary abbreviations in ``<abbr>`` inside HTML that macros write.

    Markdown's ``abbr`` extension only sees Markdown text; tables and fact boxes are
    raw HTML, so they get the same tooltips from here.
    """

    def __init__(self, expansions: dict[str, str]):
        self.expansions = expansions
        terms = sorted(expansions, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<![\w&])(" + "|".join(re.escape(html.escape(t)) for t in terms) + r")(?![\w])")
            if terms
            else None
        )
        self._by_escaped = {html.escape(t): t for t in terms}

    def text(self, value: object) -> str:
        """Escape ``value`` for HTML and mark up the abbreviations in it."""
        escaped = html.escape(str(value), quote=False)
        if not self.pattern:
            return escaped

        def wrap(match: re.Match) -> str:
            term = self._by_escaped[match.group(1)]
            return f'<abbr title="{html.escape(self.expansions[term])}">{match.group(1)}</abbr>'

        return self.pattern.sub(wrap, escaped)
