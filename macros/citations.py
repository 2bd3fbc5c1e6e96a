"""Short in-text citations: "Addicott 2014, p. 21"."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .data.schema import Reference

_INITIALS = re.compile(r"^[A-Z]{1,3}$")


def author_label(authors: str) -> str:
    """"Addicott R" -> "Addicott"; two authors joined by "and"; three or more "et al"."""
    names = []
    et_al = authors.rstrip(". ").endswith(" et al")
    if et_al:  # "Ferlie E et al": the source lists only the first author
        authors = authors.rstrip(". ")[: -len(" et al")]
    for person in authors.split(", "):
        words = person.split()
        if len(words) > 1 and _INITIALS.match(words[-1]):
            words = words[:-1]  # drop the initials
        names.append(" ".join(words))
    if et_al:
        return f"{names[0]} et al"
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al"


def page_label(page: str) -> str:
    """"21" -> "p. 21"; "15-19" or "9, 18" -> "pp. 15–19" / "pp. 9, 18"; words as they are."""
    page = page.strip()
    if re.fullmatch(r"\d+", page):
        return f"p. {page}"
    if re.fullmatch(r"[\d\s,\-–]+", page):
        return "pp. " + re.sub(r"\s*[-–]\s*", "–", page)
    return page


def label(reference: Reference, page: str | None = None) -> str:
    """The text of a citation, e.g. "Addicott 2014, p. 21" (without brackets)."""
    text = f"{author_label(reference.authors)} {reference.year}"
    return f"{text}, {page_label(page)}" if page else text
