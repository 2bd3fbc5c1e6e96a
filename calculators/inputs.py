"""Reading JSON-like inputs into typed values, collecting every problem.

A :class:`Reader` wraps one JSON object at one field path. Each ``read_*``
method returns the typed value, or ``None`` after recording an
:class:`~calculators.errors.InvalidInput` that names the field, says what is
allowed and shows what was given. Unknown fields are reported too. Nothing here
raises until :meth:`Problems.raise_if_any`.

Numbers may be JSON numbers or decimal strings. A JSON number that arrives as a
Python ``float`` is converted through ``str()`` so that ``0.1`` stays ``0.1``;
booleans are never numbers; NaN and infinities are refused.
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal, InvalidOperation

from .errors import InvalidInput, ValidationError

#: The largest amount of money accepted (one trillion pounds): keeps every
#: calculation well inside the arithmetic context's 60 digits.
MAX_MONEY = Decimal("1000000000000")

_NUMBER = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,6})?\s*")
# An amount as people type it (GOV.UK: accept a £ sign and commas that group thousands),
# with an optional multiplier word or letter: "£26,500,000.00", "£26.5m", "26.5 million",
# "£1.2bn", "£208k". Anything else is left for the ordinary number check.
_TYPED_MONEY = re.compile(
    r"\s*£?\s*(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?P<part>\.\d+)?\s*(?P<unit>[a-z]+)?\s*", re.IGNORECASE)
_MULTIPLIERS = {"k": 3, "thousand": 3, "m": 6, "mn": 6, "million": 6, "bn": 9, "b": 9, "billion": 9}


def plain_money(value):
    """``"£26,500,000.50"`` -> ``"26500000.50"``, ``"£26.5m"`` -> ``"26500000"``; other values unchanged.

    >>> [plain_money(v) for v in ("£26.5m", "26.5 million", "£1.2bn", "£208k", "26,500,000", "abc", 7)]
    ['26500000', '26500000', '1200000000', '208000', '26500000', 'abc', 7]
    """
    if not isinstance(value, str) or not (match := _TYPED_MONEY.fullmatch(value)):
        return value
    number = match["whole"].replace(",", "") + (match["part"] or "")
    unit = (match["unit"] or "").lower()
    if not unit:
        return number
    if unit not in _MULTIPLIERS:
        return value
    scaled = Decimal(number).scaleb(_MULTIPLIERS[unit])
    return format(scaled, "f")


MISSING = object()


def join(path: str, key) -> str:
    """``join("measures", 2)`` → ``"measures.2"``."""
    return f"{path}.{key}" if path else str(key)


#: Limits on a number given as input: digits before and after the decimal point.
MAX_WHOLE_DIGITS = 15
MAX_PLACES = 10
#: Limits on a whole input document.
MAX_DOCUMENT_BYTES = 1_000_000
MAX_DEPTH = 10
#: A value quoted back in a message is cut to this many characters.
QUOTE = 40


def _cut(text: str) -> str:
    return text if len(text) <= QUOTE else text[: QUOTE - 3] + "..."


def describe(value) -> str:
    """How a given value is shown in a message: as the JSON it came from, at most 40 characters."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        digits = value.bit_length() * 0.30103
        return _cut(str(value)) if digits < 1000 else f"a whole number of about {int(digits)} digits"
    if isinstance(value, float):
        return _cut(str(value)) if math.isfinite(value) else "a non-finite number"
    if isinstance(value, Decimal):
        return _cut(format(value, "f") if -QUOTE < value.adjusted() < QUOTE else str(value))
    if isinstance(value, str):
        return _cut(json.dumps(value, ensure_ascii=False))
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def plain(number: Decimal) -> str:
    """A limit in a message: ``100`` rather than ``1E+2``."""
    text = format(number.normalize(), "f")
    return "0" if text == "-0" else text


class Problems:
    """The problems found so far in one set of inputs."""

    def __init__(self):
        self.items: list[InvalidInput] = []

    def add(self, field: str, message: str) -> None:
        self.items.append(InvalidInput(field, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise ValidationError(self.items)


def to_decimal(value):
    """A finite :class:`Decimal` from a JSON number or decimal string, else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        try:
            return Decimal(value)
        except (ValueError, OverflowError):  # pragma: no cover - absurdly long ints
            return None
    if isinstance(value, float):
        return Decimal(str(value)) if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, str) and len(value) <= 100 and _NUMBER.fullmatch(value):
        try:
            return Decimal(value.strip())
        except (InvalidOperation, ValueError):  # pragma: no cover - the pattern guards
            return None
    return None


class Reader:
    """Reads the fields of one JSON object found at ``path``."""

    def __init__(self, problems: Problems, data, path: str, allowed):
        self.problems = problems
        self.path = path
        self.ok = isinstance(data, dict)
        self.data = data if self.ok else {}
        if not self.ok:
            problems.add(path, f"must be an object of named fields, got {describe(data)}")
            return
        allowed = list(allowed)
        for key in self.data:
            if key not in allowed:
                problems.add(
                    join(path, key) if isinstance(key, str) else path,
                    f"unknown field {json.dumps(str(key))}; allowed fields are {', '.join(allowed)}",
                )

    def field(self, key: str) -> str:
        return join(self.path, key)

    def has(self, key: str) -> bool:
        """Whether ``key`` was given: ``null`` and blank text (an empty form field) count as not given."""
        value = self.data.get(key)
        return value is not None and not (isinstance(value, str) and not value.strip())

    def _get(self, key, default, wanted):
        if self.has(key):
            return self.data[key], True
        if default is MISSING and self.ok:  # a non-object was reported once already
            self.problems.add(self.field(key), f"is required: give {wanted}")
        return default, False

    def number(
        self,
        key: str,
        *,
        default=MISSING,
        low=None,
        high=None,
        low_open=False,
        high_open=False,
        what="a number",
        places=None,
        unit="",
        typed=None,
    ):
        """A :class:`Decimal` within the given bounds (``None`` if absent or invalid).

        ``typed``, if given, turns what a person typed into a plain number first.
        """
        raw, given = self._get(key, default, what)
        if not given:
            return None if default is MISSING or default is None else Decimal(default)
        if typed is not None:
            raw = typed(raw)
        return check_number(
            self.problems, self.field(key), raw, low=low, high=high, low_open=low_open,
            high_open=high_open, what=what, places=places, unit=unit,
        )

    def money(self, key: str, *, default=MISSING, positive=False):
        """An amount in pounds: at least 0 (or more than 0), at most :data:`MAX_MONEY`, whole pence.

        A string may carry a £ sign and commas between groups of thousands.
        """
        return self.number(
            key, default=default, low=Decimal(0), low_open=positive, high=MAX_MONEY,
            what='an amount in pounds, such as 26500000 or "26500000.00"', places=2, typed=plain_money,
        )

    def pct(self, key: str, *, default=MISSING, low=Decimal(0), high=Decimal(100), low_open=False, high_open=False):
        """A percentage given as a number of per cent (``2.5`` means 2.5%)."""
        return self.number(
            key, default=default, low=low, high=high, low_open=low_open, high_open=high_open,
            what="a percentage (a number, such as 2.5 for 2.5%)",
        )

    def integer(self, key: str, *, default=MISSING, low=None, high=None):
        """A whole number within bounds."""
        raw, given = self._get(key, default, f"a whole number from {low} to {high}")
        if not given:
            return None if default is MISSING else default
        value = to_decimal(raw)
        if value is None or value != value.to_integral_value():
            self.problems.add(self.field(key), f"must be a whole number, got {describe(raw)}")
            return None
        if (low is not None and value < low) or (high is not None and value > high):  # before int(): 1e999999
            self.problems.add(self.field(key), f"must be a whole number from {low} to {high}, got {describe(raw)}")
            return None
        return int(value)

    def text(self, key: str, *, default=MISSING):
        """A non-empty string."""
        raw, given = self._get(key, default, "a name (text)")
        if not given:
            return None if default is MISSING else default
        if not isinstance(raw, str) or not raw.strip():
            self.problems.add(self.field(key), f"must be a non-empty piece of text, got {describe(raw)}")
            return None
        return raw.strip()

    def choice(self, key: str, options, *, default=MISSING):
        """One of a fixed set of strings."""
        shown = " or ".join(json.dumps(o) for o in options)
        raw, given = self._get(key, default, shown)
        if not given:
            return None if default is MISSING else default
        if not isinstance(raw, str) or raw not in options:
            self.problems.add(self.field(key), f"must be {shown}, got {describe(raw)}")
            return None
        return raw

    def boolean(self, key: str, *, default=MISSING):
        raw, given = self._get(key, default, "true or false")
        if not given:
            return None if default is MISSING else default
        if not isinstance(raw, bool):
            self.problems.add(self.field(key), f"must be true or false, got {describe(raw)}")
            return None
        return raw

    def items(self, key: str, *, default=MISSING, min_items=0, max_items=None):
        """A list: returns ``[(path, item), ...]`` (``None`` if invalid)."""
        raw, given = self._get(key, default, _entries(min_items) if min_items else "a list")
        if not given:
            if default is MISSING or default is None:
                return None
            return [(join(self.field(key), i), v) for i, v in enumerate(default)]
        if not isinstance(raw, list):
            self.problems.add(self.field(key), f"must be a list, got {describe(raw)}")
            return None
        if len(raw) < min_items or (max_items is not None and len(raw) > max_items):
            if max_items is None:
                allowed = _entries(min_items)
            else:
                allowed = f"from {min_items} to {max_items} entries"
            self.problems.add(self.field(key), f"must have {allowed}, got {len(raw)}")
            return None
        return [(join(self.field(key), i), v) for i, v in enumerate(raw)]


def _entries(n: int) -> str:
    return f"at least {n} entr{'y' if n == 1 else 'ies'}"


def check_number(problems, field, raw, *, low=None, high=None, low_open=False, high_open=False,
                 what="a number", places=None, unit=""):
    """Check one number against its bounds, recording a problem; returns it or ``None``."""
    value = to_decimal(raw)
    if value is None:
        problems.add(field, f"must be {what}, got {describe(raw)}")
        return None
    if value and value.adjusted() >= MAX_WHOLE_DIGITS:
        problems.add(field, f"must have at most {MAX_WHOLE_DIGITS} digits before the decimal point, got {describe(raw)}")
        return None
    if value and value.normalize().as_tuple().exponent < -MAX_PLACES:
        problems.add(field, f"must have at most {MAX_PLACES} digits after the decimal point, got {describe(raw)}")
        return None
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if (too_low or too_high) and high == MAX_MONEY:  # money: name only the bound that was crossed
        limit = bounds(low, None, low_open, False) if too_low else "must be at most 1000000000000 (a trillion pounds)"
        problems.add(field, f"{limit}, got {describe(raw)}")
        return None
    if too_low or too_high:
        problems.add(field, f"{bounds(low, high, low_open, high_open)}, got {describe(raw)}")
        return None
    if places is not None and value.as_tuple().exponent < -places:
        problems.add(field, f"must be in pounds and pence (at most {places} decimal places), got {describe(raw)}")
        return None
    return value


def bounds(low, high, low_open, high_open) -> str:
    """The allowed range in words, e.g. ``must be between 0 and 100``."""
    if low is not None and high is not None:
        if not low_open and not high_open:
            return f"must be between {plain(low)} and {plain(high)}"
        lo = f"more than {plain(low)}" if low_open else f"at least {plain(low)}"
        hi = f"less than {plain(high)}" if high_open else f"at most {plain(high)}"
        return f"must be {lo} and {hi}"
    if low is not None:
        return f"must be more than {plain(low)}" if low_open else f"must be at least {plain(low)}"
    return f"must be less than {plain(high)}" if high_open else f"must be at most {plain(high)}"
