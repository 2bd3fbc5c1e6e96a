"""Money arithmetic: the one place where amounts are rounded and divided.

The rules (``docs/calculators/method.md``, "Rules every figure follows"):

* amounts are :class:`decimal.Decimal`, made from strings, never from floats;
* a figure computed by multiplying or dividing is rounded to the penny, half-up
  (away from zero), once, by :func:`penny`;
* an amount divided between parties is split by :func:`allocate` (largest
  remainder, ties to the party listed first), so the parts sum to the whole.

All arithmetic runs inside :func:`exact`, a fixed decimal context with 60
significant digits, so results do not depend on the caller's context and are
the same in CPython and in Pyodide (both round ``+ - * /`` correctly).
"""

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Sequence

PENNY = Decimal("0.01")
ZERO = Decimal("0")
HUNDRED = Decimal("100")

#: The arithmetic context used for every calculation.
CONTEXT = decimal.Context(
    prec=60,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=999999,
    Emin=-999999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


def exact():
    """Context manager: run the enclosed arithmetic in :data:`CONTEXT`."""
    return decimal.localcontext(CONTEXT)


def penny(amount: Decimal) -> Decimal:
    """Round ``amount`` to the penny, half-up (away from zero): the only rounding of money.

    >>> penny(Decimal("27546993.7205")), penny(Decimal("-0.005"))
    (Decimal('27546993.72'), Decimal('-0.01'))
    """
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def exact_round(value: Fraction, places: int = 2) -> Decimal:
    """Round an exact fraction half-up (away from zero) to ``places`` decimals, with no error at all.

    For figures whose exact value has no finite decimal form (a ratio of population
    indices, a present value): rounding a 60-digit approximation instead could fall on
    the wrong side of a half penny.

    >>> exact_round(Fraction(145101847, 20)), exact_round(Fraction(-1, 200)), exact_round(Fraction(1, 3), 4)
    (Decimal('7255092.35'), Decimal('-0.01'), Decimal('0.3333'))
    """
    scaled = abs(value) * 10 ** places
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    return (Decimal(-whole if value < 0 else whole).scaleb(-places)).quantize(Decimal(1).scaleb(-places))


def round_pct(pct: Decimal, places: int = 2) -> Decimal:
    """Round a computed percentage for display (half-up, ``places`` decimals)."""
    return pct.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def of(amount: Decimal, *pcts: Decimal) -> Decimal:
    """``amount × pct₁/100 × pct₂/100 …`` rounded to the penny once.

    >>> of(Decimal("26500000"), Decimal("2.5"))
    Decimal('662500.00')
    """
    result = amount
    for pct in pcts:
        result = result * pct / HUNDRED
    return penny(result)


def allocate(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split ``total`` (whole pennies) in proportion to ``weights``, parts summing to it exactly.

    Largest-remainder method: each party first gets its exact share rounded
    down to the penny (towards zero); the pennies left over go one each to the
    parties with the largest remainders, ties going to the party listed first.
    A negative total is split as its absolute value, then negated.

    >>> allocate(Decimal("98000000"), [Decimal(2), Decimal(1)])
    [Decimal('65333333.33'), Decimal('32666666.67')]
    >>> allocate(Decimal("0.01"), [Decimal(50), Decimal(50)])
    [Decimal('0.01'), Decimal('0.00')]
    """
    if total < 0:
        return [-part for part in allocate(-total, weights)]
    fractions = [Fraction(w) for w in weights]
    whole = sum(fractions)
    if whole <= 0 or any(f < 0 for f in fractions):
        raise ValueError("allocation weights must be non-negative with a positive sum")
    pennies = int(penny(total) * 100)
    exact_shares = [pennies * f / whole for f in fractions]
    floors = [int(s) for s in exact_shares]  # exact shares are >= 0: int() is floor
    left = pennies - sum(floors)
    order = sorted(range(len(floors)), key=lambda i: (-(exact_shares[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [(Decimal(p) / 100).quantize(PENNY) for p in floors]


def money_str(amount: Decimal) -> str:
    """Money as JSON shows it: a decimal string with two places (``"26844500.00"``)."""
    return str(penny(amount) + ZERO)  # + ZERO turns -0.00 into 0.00


def pct_str(pct: Decimal) -> str:
    """A percentage as given, in plain notation without trailing zeros (``"2.5"``)."""
    text = format(pct.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def show_money(amount: Decimal) -> str:
    """Money for people: thousands separated, two places (``26,844,500.00``)."""
    return format(penny(amount) + ZERO, ",.2f")


def show_pct(pct: Decimal) -> str:
    """A percentage for people: ``1.3%``."""
    return pct_str(pct) + "%"
