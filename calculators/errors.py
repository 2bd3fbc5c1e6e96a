"""The one error hierarchy of the package.

Every problem with the inputs is an :class:`InvalidInput` naming the field it is
about (a dotted path such as ``measures.2.weight_pct``, the same as the form
field's ``name`` on the page) and saying what is allowed and what was given.
Validation collects every problem before raising one :class:`ValidationError`,
so a reader can fix all of them at once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InvalidInput:
    """One problem with one input field."""

    field: str
    message: str

    def as_dict(self) -> dict:
        return {"field": self.field, "message": self.message}

    def cli_field(self) -> str:
        """The field path in command-line style: ``measures[2].weight_pct``."""
        out = ""
        for part in self.field.split(".") if self.field else []:
            if part.isdigit():
                out += f"[{part}]"
            else:
                out += ("." if out else "") + part
        return out or "input"

    def __str__(self) -> str:
        return f"{self.cli_field()}: {self.message}"


class ValidationError(ValueError):
    """Raised with every problem found in one set of inputs (``.problems``)."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))
