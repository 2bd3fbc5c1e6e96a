"""``risk-share``: one contract year between a commissioner and a contract-holder (see docs/calculators/method.md).

For "if outturn cost is X and outcomes are Y, who gets what?". The
contract-holder is the prime contractor or prime provider ("provider" below).

* ``upfront``, ``management_fee`` and ``at_risk`` divide ``contract_value`` by
  their percentages (largest remainder, so they sum to it exactly);
* ``score = Σ weight × achievement / 100`` (a percentage);
  ``at_risk_earned = at_risk × ((100 − applied) + applied × score/100)/100``
  (``applied`` is the phase-in ``risk_applied_pct``);
  ``at_risk_withheld = at_risk − at_risk_earned``;
* ``surplus = upfront − actual_cost`` (negative: a deficit);
* the gain bands (or, for a deficit, the loss bands, on ``|surplus|``) are walked
  in order: band ``i`` covers the slice between the previous limit and
  ``up_to_pct × base/100`` (``base`` is the up-front sum or the contract value,
  as ``band_base`` says; each limit is rounded to the penny); the provider's part
  of a slice is ``provider_share_pct`` of it and the commissioner's the rest,
  split by largest remainder with ties to the provider (listed first);
* caps: ``provider_gain_cap`` limits what the provider keeps of a surplus and
  ``provider_loss_cap`` what it bears of a deficit; the amount a cap cuts off
  passes to the commissioner (who receives more of a surplus, or covers more
  of a deficit) and is reported as ``cap_applied``;
* signs: ``provider_share`` is kept (+) or borne (−) by the provider;
  ``commissioner_share`` is returned to (+) or paid extra by (−) the commissioner;
  ``provider_share + commissioner_share = surplus``;
* ``commissioner_net_cost = contract_value − at_risk_withheld − commissioner_share``;
  ``provider_margin = commissioner_net_cost − actual_cost``.

>>> r = compute({"contract_value": 26500000, "upfront_pct": 95, "management_fee_pct": 2.5,
...              "at_risk_pct": 2.5, "measures": [{"name": "All", "weight_pct": 100, "achievement_pct": 100}],
...              "actual_cost": 23500000, "gain_bands": [{"up_to_pct": 5, "provider_share_pct": 100},
...              {"up_to_pct": None, "provider_share_pct": 50}]})
>>> r["surplus"], r["provider_share"], r["commissioner_share"]
('1675000.00', '1466875.00', '208125.00')
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from . import uncertainty
from .inputs import Problems, Reader, describe, plain
from .spec import Calculator, Chart, Examples, Figures, Input, Section, Table, money, pct
from .money import HUNDRED, PENNY, ZERO, allocate, exact, money_str, pct_str, penny, round_pct, show_money, show_pct

MAX_BAND_PCT = 1000
BANDS_HINT = (
    "Bands in order. Each covers the amount up to its limit (a percentage of the band base); "
    "leave the last limit blank for no limit. The contract-holder's share applies to that slice."
)


def _bands(name: str, legend: str) -> Input:
    return Input(
        name, legend, "rows", BANDS_HINT, default=[{"up_to_pct": None, "provider_share_pct": 100}], min_items=1,
        max_items=20, item_label="Band {n}", add_label="Add a band",
        fields=(
            pct("up_to_pct", "Up to", "Blank means no limit.", default=None, blank="null", low=0, low_open=True,
                high=MAX_BAND_PCT, what="a percentage of the band base (a number, such as 5)"),
            pct("provider_share_pct", "Contract-holder's share of this slice"),
        ),
    )


MEASURES = Input(
    "measures", "Outcome measures", "rows", "Weights add up to 100; achievement is 0 to 100.", default=[],
    max_items=50, item_label="Measure {n}", add_label="Add a measure",
    fields=(
        Input("name", "Name", "text", width=20),
        pct("weight_pct", "Weight"),
        pct("achievement_pct", "Achievement"),
    ),
)
GAIN_BANDS = _bands("gain_bands", "Surplus bands")
LOSS_BANDS = _bands("loss_bands", "Deficit bands")

#: The shares of each year's value: declared once, used here and by ``multi-year``.
SHARES = (
    pct("upfront_pct", "Paid up front", "The contract-holder carries the financial risk on this share."),
    pct("management_fee_pct", "Management fee", default=0),
    pct("at_risk_pct", "Withheld against outcomes", "The three shares must add up to 100."),
)
SHARING = (
    Input("band_base", "Band limits are a percentage of", "choice", default="upfront",
          choices=(("upfront", "the up-front payment"), ("contract_value", "the contract value"))),
    GAIN_BANDS,
    LOSS_BANDS,
    money("provider_gain_cap", "Cap on what the contract-holder keeps (optional)", default=None),
    money("provider_loss_cap", "Cap on what the contract-holder bears (optional)", default=None),
)
OTHER_SHARING = (
    Input("band_mode", "How a band's share applies", "choice",
          "Whole amount: once the surplus passes a band's lower limit, that band's share applies to all of it.",
          default="marginal", choices=(("marginal", "to the slice inside the band"), ("whole", "to the whole amount"))),
    Input("gain_share_scaled_by_score", "Scale the contract-holder's share of a surplus by the outcome score?", "bool",
          "Its share of each slice is multiplied by the score; deficits are not scaled.", default=False),
    pct("provider_gain_cap_pct", "Cap on what it keeps, % of the contract value (optional)",
        "With a cap in pounds as well, the lower applies.", default=None),
    pct("provider_loss_cap_pct", "Cap on what it bears, % of the contract value (optional)",
        "With a cap in pounds as well, the lower applies.", default=None),
)
#: The inputs that set a year's terms (all but the contract value, the cost, the phase-in and the score).
TERMS_FIELDS = tuple(i.name for i in SHARES + (MEASURES,) + SHARING + OTHER_SHARING)


@dataclass(frozen=True)
class Measure:
    """One outcome measure: its weight in the score and how far it was achieved (both %)."""

    name: str
    weight_pct: Decimal
    achievement_pct: Decimal


@dataclass(frozen=True)
class Band:
    """A slice of a surplus or deficit up to ``up_to_pct`` of the band base (``None``: no limit)."""

    up_to_pct: Decimal | None
    provider_share_pct: Decimal


@dataclass(frozen=True)
class RiskShareInputs:
    """Validated inputs of :func:`calculate` (see the module docstring)."""

    contract_value: Decimal
    upfront_pct: Decimal
    at_risk_pct: Decimal
    actual_cost: Decimal
    management_fee_pct: Decimal = ZERO
    measures: tuple = ()
    risk_applied_pct: Decimal = HUNDRED
    band_base: str = "upfront"
    gain_bands: tuple = (Band(None, HUNDRED),)
    loss_bands: tuple = (Band(None, HUNDRED),)
    provider_gain_cap: Decimal | None = None
    provider_loss_cap: Decimal | None = None
    band_mode: str = "marginal"
    gain_share_scaled_by_score: bool = False
    provider_gain_cap_pct: Decimal | None = None
    provider_loss_cap_pct: Decimal | None = None
    outcome_score_pct: Decimal | None = None
    uncertainty: uncertainty.UncertaintyInputs | None = None

    @classmethod
    def from_dict(cls, data) -> "RiskShareInputs":
        """Validate JSON-like ``data``; raises :class:`ValidationError` with every problem."""
        problems = Problems()
        r, values = SPEC.read(data, problems, skip=(GAIN_BANDS.name, LOSS_BANDS.name, uncertainty.UNCERTAINTY.name))
        values["uncertainty"] = uncertainty.read(problems, r)
        shares = (values["upfront_pct"], values["management_fee_pct"], values["at_risk_pct"])
        if None not in shares and sum(shares) != HUNDRED:
            problems.add("at_risk_pct", "the shares paid up front, as a management fee and withheld against outcomes"
                         f" must add up to 100, got {' + '.join(plain(s) for s in shares)} = {plain(sum(shares))}")
        measures = tuple(Measure(**m) for m in values["measures"] or ())
        values["measures"] = measures
        weights = [m.weight_pct for m in measures]
        if measures and None not in weights and sum(weights) != HUNDRED:
            problems.add("measures", f"the measures' weights must add up to 100, got {plain(sum(weights))}")
        no_measures = not r.has("measures") or data["measures"] == []
        no_score = no_measures and not r.has("outcome_score_pct")
        if no_score and values["at_risk_pct"] not in (None, ZERO):
            problems.add("at_risk_pct", "must be 0 when there are no outcome measures (give measures to put money"
                         f" at risk), got {plain(values['at_risk_pct'])}")
        if no_score and values["gain_share_scaled_by_score"]:
            problems.add("gain_share_scaled_by_score", "needs an outcome score to scale by: give outcome measures"
                         " (or the outcome score itself)")
        for spec in (GAIN_BANDS, LOSS_BANDS):
            values[spec.name] = _read_bands(problems, r, spec)
        problems.raise_if_any()
        return cls(**values)


def _read_bands(problems: Problems, r: Reader, spec: Input) -> tuple:
    """Read an ordered list of bands: limits rising, only the last without a limit."""
    items = spec.entries(r)
    if items is None:
        return (Band(None, HUNDRED),)
    limit_field = spec.field("up_to_pct")
    bands, previous = [], ZERO
    for index, (path, item) in enumerate(items):
        b = spec.row_reader(problems, path, item)
        share = spec.field("provider_share_pct").read(b)
        last = index == len(items) - 1
        limit = None
        if b.has("up_to_pct"):
            if last:
                problems.add(f"{path}.up_to_pct", "the last band must have no limit (leave it blank), so that every"
                             f" amount falls in a band; got {describe(item['up_to_pct'])}")
            else:
                limit = limit_field.read(b)
                if limit is not None and limit <= previous:
                    problems.add(f"{path}.up_to_pct", "bands must be in order of rising limits: must be more than"
                                 f" the previous band's {plain(previous)}, got {plain(limit)}")
                elif limit is not None:
                    previous = limit
        elif not last and b.ok:
            problems.add(f"{path}.up_to_pct", "only the last band may have no limit; give this band's"
                         " limit as a percentage of the band base")
        bands.append(Band(limit, share))
    return tuple(bands)


class Terms(NamedTuple):
    """A year's terms with every figure that does not depend on the cost or the score worked out."""

    value: Decimal
    upfront: Decimal
    fee: Decimal
    at_risk: Decimal
    applied: Decimal
    score: Decimal | None
    base: Decimal
    gain: tuple  # ((lower, upper or None, provider_share_pct, up_to_pct), ...), limits in pounds
    loss: tuple
    gain_cap: Decimal | None
    loss_cap: Decimal | None
    whole: bool
    scaled: bool


class Settlement(NamedTuple):
    """The settlement of one year at one cost and score: every figure, unrounded nowhere."""

    cost: Decimal
    score: Decimal | None
    earned: Decimal
    withheld: Decimal
    surplus: Decimal
    gain: bool
    parts: tuple  # ((band, slice, provider part), ...), band as in Terms, amounts unsigned
    before_cap: Decimal  # unsigned
    cut: Decimal
    cap: Decimal | None
    provider_share: Decimal
    commissioner_share: Decimal
    net_cost: Decimal
    margin: Decimal


def score_of(inp: RiskShareInputs) -> Decimal | None:
    """The outcome score: ``outcome_score_pct`` if given, else ``Σ weight × achievement / 100``."""
    if inp.outcome_score_pct is not None:
        return inp.outcome_score_pct
    if inp.measures:
        return sum((m.weight_pct * m.achievement_pct / HUNDRED for m in inp.measures), ZERO)
    return None


def _cap(absolute: Decimal | None, pct: Decimal | None, value: Decimal) -> Decimal | None:
    """The cap that applies: the lower of the absolute cap and ``pct`` of the contract value."""
    caps = [c for c in (absolute, penny(value * pct / HUNDRED) if pct is not None else None) if c is not None]
    return min(caps) if caps else None


def terms(inp: RiskShareInputs) -> Terms:
    """Work out the figures of ``inp`` that do not depend on the cost (call inside :func:`exact`)."""
    value = inp.contract_value
    upfront, fee, at_risk = allocate(value, [inp.upfront_pct, inp.management_fee_pct, inp.at_risk_pct])
    base = upfront if inp.band_base == "upfront" else value

    def limits(bands):
        out, lower = [], ZERO
        for band in bands:
            upper = penny(band.up_to_pct * base / HUNDRED) if band.up_to_pct is not None else None
            out.append((lower, upper, band.provider_share_pct, band.up_to_pct))
            if upper is not None:
                lower = upper
        return tuple(out)

    return Terms(value, upfront, fee, at_risk, inp.risk_applied_pct, score_of(inp), base,
                 limits(inp.gain_bands), limits(inp.loss_bands),
                 _cap(inp.provider_gain_cap, inp.provider_gain_cap_pct, value),
                 _cap(inp.provider_loss_cap, inp.provider_loss_cap_pct, value),
                 inp.band_mode == "whole", inp.gain_share_scaled_by_score)


def settle(t: Terms, cost: Decimal, score: Decimal | None = None) -> Settlement:
    """Settle a year with terms ``t`` at ``cost`` (and ``score``, else the terms' score).

    The whole arithmetic of the calculator, and the only copy of it: the full result,
    the break-even search, the payoff curve, the multi-year rows and every uncertainty
    trial call this. Run inside :func:`exact`.

    A slice is split between the provider and the commissioner by largest remainder
    with ties to the provider; for two parties that is the provider's exact part
    rounded half-up to the penny (its remainder wins exactly when it is at least half a
    penny), so ``penny(slice × share/100)`` is used.
    """
    if score is None:
        score = t.score
    if t.at_risk:
        applied = t.applied
        factor = ((HUNDRED - applied) + applied * (score if score is not None else ZERO) / HUNDRED) / HUNDRED
        earned = (t.at_risk * factor).quantize(PENNY, ROUND_HALF_UP)  # penny(), inlined: trials call this
    else:
        earned = ZERO
    withheld = t.at_risk - earned
    surplus = t.upfront - cost
    gain = surplus >= 0
    if gain:
        bands, amount, cap = t.gain, surplus, t.gain_cap
        scale = score / HUNDRED if t.scaled and score is not None else None
    else:
        bands, amount, cap = t.loss, -surplus, t.loss_cap
        scale = None
    if t.whole:
        for band in bands:
            if band[1] is None or band[1] >= amount:
                break
        share = band[2] if scale is None else band[2] * scale
        before = (amount * share / HUNDRED).quantize(PENNY, ROUND_HALF_UP)
        parts = ((band, amount, before),)
    else:
        parts, before = [], ZERO
        for band in bands:
            lower, upper, pct = band[0], band[1], band[2]
            top = amount if upper is None or amount < upper else upper
            piece = top - lower if top > lower else ZERO
            provider = (piece * (pct if scale is None else pct * scale) / HUNDRED).quantize(PENNY, ROUND_HALF_UP)
            parts.append((band, piece, provider))
            before += provider
    cut = before - cap if cap is not None and before > cap else ZERO
    provider_share = before - cut if gain else cut - before
    commissioner_share = surplus - provider_share
    net_cost = t.value - withheld - commissioner_share
    return Settlement(cost, score, earned, withheld, surplus, gain, parts, before, cut, cap,
                      provider_share, commissioner_share, net_cost, net_cost - cost)


def margin_and_net_cost(t: Terms, cost: Decimal, score: Decimal | None = None) -> tuple:
    """``(provider_margin, commissioner_net_cost)`` of :func:`settle`: what a trial needs."""
    s = settle(t, cost, score)
    return s.margin, s.net_cost


#: How far above the up-front sum the break-even is looked for: ten times the contract value.
BREAK_EVEN_REACH = 10


def break_even_cost(t: Terms) -> Decimal | None:
    """The smallest cost, in whole pennies and not below the up-front sum, with margin ≤ 0.

    ``None`` if no cost up to the up-front sum plus ten times the contract value gets
    there. From the up-front sum on, the year is in deficit and the margin is the fee
    plus the earned at-risk sum less what the provider bears; what it bears never falls
    as the deficit grows within one loss band (in ``marginal`` mode, never at all), so
    the margin is monotone within each band and the search bisects on pennies band by
    band, in order: about 50 settlements a band, never a scan.
    """
    top = t.upfront + BREAK_EVEN_REACH * t.value
    for lower, upper, _, _ in t.loss:
        low = t.upfront + lower + (PENNY if lower else ZERO)  # a deficit exactly at a limit is in the band below
        high = top if upper is None else min(t.upfront + upper, top)
        if low > top:
            break
        if low > high:  # an empty band (its limits round to the same penny)
            continue
        if settle(t, high).margin > 0:
            continue
        lo, hi = int(low * 100), int(high * 100)  # margin(hi) <= 0; find the first such penny
        while lo < hi:
            mid = (lo + hi) // 2
            if settle(t, Decimal(mid).scaleb(-2)).margin <= 0:
                hi = mid
            else:
                lo = mid + 1
        return Decimal(lo).scaleb(-2).quantize(PENNY)
    return None


#: The payoff curve's costs, as percentages of the up-front sum: 80, 82, ... 120.
PAYOFF_PCTS = tuple(range(80, 121, 2))


def payoff(t: Terms) -> list[dict]:
    """Both parties' positions at 21 costs from 80% to 120% of the up-front sum."""
    rows = []
    for percent in PAYOFF_PCTS:
        s = settle(t, penny(t.upfront * percent / HUNDRED))
        rows.append({
            "actual_cost_pct": str(percent),
            "actual_cost": money_str(s.cost),
            "surplus": money_str(s.surplus),
            "provider_share": money_str(s.provider_share),
            "commissioner_share": money_str(s.commissioner_share),
            "commissioner_net_cost": money_str(s.net_cost),
            "provider_margin": money_str(s.margin),
        })
    return rows


def calculate(inp: RiskShareInputs) -> dict:
    """Who gets what in one contract year, as a JSON-ready dict (see the module docstring)."""
    with exact():
        t = terms(inp)
        s = settle(t, inp.actual_cost)
        result = figures(inp, t, s)
        steps = explain(inp, t, s)
        even = break_even_cost(t)
        result["break_even_cost"] = money_str(even) if even is not None else None
        steps.append(explain_break_even(t, even))
        result["payoff"] = payoff(t)
        result["uncertainty"] = None
        if inp.uncertainty is not None:
            result["uncertainty"] = uncertainty.simulate(inp.uncertainty, [(t, inp.actual_cost, None)], margin_and_net_cost)
            steps.append(uncertainty.explain(result["uncertainty"], False))
        result["explanation"] = steps
        return result


def band_rows(s: Settlement) -> list[dict]:
    """The ``bands`` output: the side walked, limits, slices and both parts, signed like the totals."""
    sign = 1 if s.gain else -1
    return [{
        "kind": "gain" if s.gain else "loss",
        "from": money_str(lower),
        "to": money_str(upper) if upper is not None else None,
        "up_to_pct": pct_str(up_to) if up_to is not None else None,
        "provider_share_pct": pct_str(pct),
        "slice": money_str(sign * piece),
        "provider_part": money_str(sign * provider),
        "commissioner_part": money_str(sign * (piece - provider)),
    } for (lower, upper, pct, up_to), piece, provider in s.parts]


def figures(inp: RiskShareInputs, t: Terms, s: Settlement) -> dict:
    """The year's figures as JSON-ready values (no explanation)."""
    rows = band_rows(s)
    sign = 1 if s.gain else -1
    return {
        "contract_value": money_str(t.value),
        "upfront": money_str(t.upfront),
        "management_fee": money_str(t.fee),
        "at_risk": money_str(t.at_risk),
        "outcome_score_pct": str(round_pct(s.score)) if s.score is not None else None,
        "risk_applied_pct": pct_str(t.applied),
        "at_risk_earned": money_str(s.earned),
        "at_risk_withheld": money_str(s.withheld),
        "actual_cost": money_str(s.cost),
        "surplus": money_str(s.surplus),
        "band_base": inp.band_base,
        "band_base_amount": money_str(t.base),
        "band_mode": inp.band_mode,
        "gain_share_scaled_by_score": inp.gain_share_scaled_by_score,
        "bands": rows,
        "provider_gain_cap_applies": money_str(t.gain_cap) if t.gain_cap is not None else None,
        "provider_loss_cap_applies": money_str(t.loss_cap) if t.loss_cap is not None else None,
        "provider_share_before_cap": money_str(sign * s.before_cap),
        "cap_applied": money_str(s.cut),
        "provider_share": money_str(s.provider_share),
        "commissioner_share": money_str(s.commissioner_share),
        "commissioner_net_cost": money_str(s.net_cost),
        "provider_margin": money_str(s.margin),
    }


def explain(inp: RiskShareInputs, t: Terms, s: Settlement, tag: str = "") -> list[str]:
    """The steps of one year's settlement with the numbers put in (``tag`` starts each, e.g. ``Year 2: ``)."""
    value, upfront, fee, at_risk = t.value, t.upfront, t.fee, t.at_risk
    steps = [
        f"Up front = {show_money(value)} × {show_pct(inp.upfront_pct)} = {show_money(upfront)}; management fee ="
        f" {show_money(value)} × {show_pct(inp.management_fee_pct)} = {show_money(fee)}; at risk on outcomes ="
        f" {show_money(value)} × {show_pct(inp.at_risk_pct)} = {show_money(at_risk)} (pennies shared by largest"
        f" remainder, so the three add up to {show_money(value)})"
    ]
    score = s.score
    if inp.outcome_score_pct is not None:
        steps.append(f"Outcome score (given) = {show_pct(round_pct(score))}")
    elif score is not None:
        terms_text = " + ".join(f"{show_pct(m.weight_pct)} × {show_pct(m.achievement_pct)}" for m in inp.measures)
        steps.append(f"Outcome score = {terms_text} = {show_pct(round_pct(score))}")
    applied, earned, withheld = t.applied, s.earned, s.withheld
    if not at_risk:
        steps.append("Nothing is at risk on outcomes this year")
    elif applied == 0:
        steps.append(f"Risk not applied this year (phase-in 0%): the whole at-risk sum is paid,"
                     f" earned = {show_money(earned)}, withheld = 0.00")
    else:
        shown = show_pct(round_pct(score if score is not None else ZERO))
        how = shown if applied == HUNDRED else f"({show_pct(HUNDRED - applied)} paid regardless + {show_pct(applied)} × score {shown})"
        steps.append(f"At risk earned = {show_money(at_risk)} × {how} = {show_money(earned)};"
                     f" withheld = {show_money(at_risk)} − {show_money(earned)} = {show_money(withheld)}")
    gain = s.gain
    steps.append(f"{'Surplus' if gain else 'Deficit'} = up front {show_money(upfront)} − actual cost"
                 f" {show_money(s.cost)} = {show_money(s.surplus)}")
    base_name = "the up-front sum" if inp.band_base == "upfront" else "the contract value"
    keeps = "keeps" if gain else "bears"
    scaled = gain and t.scaled and score is not None
    scale_text = f" × score {show_pct(round_pct(score))}" if scaled else ""
    if t.whole:
        (lower, upper, pct, _), amount, provider = s.parts[0]
        where = (f"up to {show_money(upper)} ({base_name} {show_money(t.base)} × its limit)" if upper is not None
                 else f"above {show_money(lower)}")
        steps.append(f"Whole-amount sharing: the {'surplus' if gain else 'deficit'} of {show_money(amount)} falls in the"
                     f" {'gain' if gain else 'loss'} band {where}, so that band's share applies to all of it: the"
                     f" provider {keeps} {show_money(amount)} × {show_pct(pct)}{scale_text} = {show_money(provider)},"
                     f" the commissioner's part is {show_money(amount - provider)}")
    else:
        for number, ((lower, upper, pct, _), piece, provider) in enumerate(s.parts, start=1):
            where = (f"{show_money(lower)} to {show_money(upper)} (a limit on {base_name}, {show_money(t.base)})"
                     if upper is not None else f"above {show_money(lower)}")
            steps.append(f"{'Gain' if gain else 'Loss'} band {number}, {where}: slice {show_money(piece)};"
                         f" the provider {keeps} {show_pct(pct)}{scale_text} = {show_money(provider)},"
                         f" the commissioner's part is {show_money(piece - provider)}")
    if s.cut:
        which = _cap_words(inp, gain)
        steps.append(f"The provider's {'gain' if gain else 'loss'} is capped at {show_money(s.cap)}{which}:"
                     f" {show_money(s.cut)} of its {show_money(s.before_cap)} passes to the commissioner")
    steps.append(f"Provider share = {show_money(s.provider_share)}; commissioner share = surplus"
                 f" {show_money(s.surplus)} − provider share {show_money(s.provider_share)} ="
                 f" {show_money(s.commissioner_share)}")
    steps.append(f"Commissioner's net cost = contract value {show_money(value)} − withheld {show_money(withheld)}"
                 f" − commissioner share {show_money(s.commissioner_share)} = {show_money(s.net_cost)}")
    steps.append(f"Provider margin = net cost {show_money(s.net_cost)} − actual cost {show_money(s.cost)}"
                 f" = {show_money(s.margin)}")
    return [tag + step for step in steps] if tag else steps


def _cap_words(inp: RiskShareInputs, gain: bool) -> str:
    absolute = inp.provider_gain_cap if gain else inp.provider_loss_cap
    pct = inp.provider_gain_cap_pct if gain else inp.provider_loss_cap_pct
    if absolute is not None and pct is not None:
        return f" (the lower of {show_money(absolute)} and {show_pct(pct)} of the contract value)"
    if pct is not None:
        return f" ({show_pct(pct)} of the contract value)"
    return ""


def explain_break_even(t: Terms, even: Decimal | None) -> str:
    if even is None:
        return (f"Break-even: no cost up to {show_money(t.upfront + BREAK_EVEN_REACH * t.value)} (the up-front sum plus"
                " ten times the contract value) brings the provider's margin to zero or below: what it bears of a"
                " deficit is capped or shared away")
    return (f"Break-even: {show_money(even)} is the lowest actual cost (from the up-front sum on) at which the"
            " provider's margin is 0.00 or less")


def compute(data) -> dict:
    """Validate ``data`` and calculate (see :func:`calculators.compute`)."""
    return calculate(RiskShareInputs.from_dict(data))


SPEC = Calculator(
    name="risk-share",
    title="Risk share",
    question="If the outturn cost is X and the outcomes are Y, who gets what in one contract year?",
    sections=(
        Section("The contract year", (
            money("contract_value", "Contract value for the year", positive=True),
            *SHARES,
            money("actual_cost", "Actual cost of delivering the service"),
        )),
        Section("Outcome measures", (
            MEASURES,
            pct("risk_applied_pct", "Share of the at-risk sum that depends on the measures this year",
                "Phase-in: 0 means it is paid regardless, 100 means fully at risk.", 100,
                assumed="the whole at-risk sum is taken to depend on the measures unless a source says otherwise"),
            pct("outcome_score_pct", "Outcome score given directly (optional)",
                "Used instead of the score worked out from the measures.", default=None, unit="points"),
        )),
        Section("Sharing a surplus or deficit", SHARING),
        Section("Other ways of sharing", OTHER_SHARING),
        Section("How likely is a loss? (optional)", (uncertainty.UNCERTAINTY,)),
    ),
    labels={
        "contract_value": "Contract value", "upfront": "Paid up front", "management_fee": "Management fee",
        "at_risk": "At risk on outcomes", "at_risk_earned": "At-risk sum earned",
        "at_risk_withheld": "At-risk sum withheld", "actual_cost": "Actual cost",
        "surplus": "Surplus (deficit if negative)", "provider_share": "Contract-holder keeps (bears if negative)",
        "commissioner_share": "Returned to commissioner (paid if negative)",
        "commissioner_net_cost": "Commissioner's net cost", "provider_margin": "Contract-holder's margin",
        "outcome_score_pct": "Outcome score", "risk_applied_pct": "Share of the at-risk sum applied",
        "band_base": "Band base", "band_base_amount": "Band base amount",
        "provider_share_before_cap": "Contract-holder's share before any cap", "cap_applied": "Cut off by the cap",
        "slice": "Slice of the surplus or deficit", "kind": "Kind", "from": "From", "to": "To",
        "up_to_pct": "Up to", "provider_share_pct": "Contract-holder's share",
        "provider_part": "Contract-holder's part", "commissioner_part": "Commissioner's part",
        "break_even_cost": "Break-even cost", "actual_cost_pct": "Cost, % of the up-front sum",
        "band_mode": "Band shares apply to", "gain_share_scaled_by_score": "Surplus share scaled by the score",
        "provider_gain_cap_applies": "Cap on what the contract-holder keeps",
        "provider_loss_cap_applies": "Cap on what the contract-holder bears",
        **uncertainty.LABELS,
    },
    key_figures=("break_even_cost", "outcome_score_pct", "at_risk_withheld", "surplus", "provider_share",
                 "commissioner_share", "commissioner_net_cost", "provider_margin"),
    layout=(
        Figures("How the year's money divides", (
            "contract_value", "upfront", "management_fee", "at_risk", "outcome_score_pct", "risk_applied_pct",
            "at_risk_earned", "at_risk_withheld", "actual_cost", "surplus", "band_base", "band_base_amount",
            "band_mode", "gain_share_scaled_by_score", "provider_gain_cap_applies", "provider_loss_cap_applies",
            "provider_share_before_cap", "cap_applied", "provider_share", "commissioner_share",
            "commissioner_net_cost", "provider_margin", "break_even_cost")),
        Table("Surplus or deficit, band by band", "bands", (
            "kind", "from", "to", "up_to_pct", "provider_share_pct", "slice", "provider_part", "commissioner_part")),
        Table("What each party gets across a range of costs", "payoff", (
            "actual_cost_pct", "actual_cost", "surplus", "provider_share", "commissioner_share",
            "commissioner_net_cost", "provider_margin")),
        *uncertainty.LAYOUT,
    ),
    compute=compute,
    words={
        "band_base": {"upfront": "the up-front payment", "contract_value": "the contract value"},
        "band_mode": {"marginal": "the slice inside each band", "whole": "the whole amount"},
        "kind": {"gain": "Surplus", "loss": "Deficit"},
        "to": {None: "no limit"}, "up_to_pct": {None: "no limit"},
        "break_even_cost": {None: "none within reach"},
        "provider_gain_cap_applies": {None: "none"}, "provider_loss_cap_applies": {None: "none"},
    },
    notes={
        "at_risk_withheld": "The part of the sum at risk on outcomes that the commissioner keeps because the"
                            " outcome measures were not fully met.",
        "provider_share": "What the contract-holder keeps of a surplus on the up-front sum (positive) or bears"
                          " of a deficit (negative), after the bands and any cap.",
        "commissioner_share": "What comes back to the commissioner from a surplus (positive) or what it pays"
                              " on top to cover a deficit (negative).",
        "commissioner_net_cost": "What the year costs the commissioner in the end: the contract value less the"
                                 " sum withheld and less its share of any surplus.",
        "provider_margin": "What the contract-holder is left with: what the commissioner pays it less what"
                           " delivering the service cost.",
        "break_even_cost": "The lowest cost at which the contract-holder's margin falls to nothing or below;"
                           " none if a cap or the shares keep it above nothing up to ten times the contract value.",
    },
    charts=(
        Chart("What each party gets as the cost changes", ("provider_margin", "provider_share", "commissioner_share"),
              rows="payoff", row_label="{actual_cost}", line=True, marks=("actual_cost", "break_even_cost")),
        Chart("From the contract value to what the commissioner pays", (),
              waterfall=("contract_value", ("at_risk_withheld", "commissioner_share"), "commissioner_net_cost")),
        uncertainty.HISTOGRAM,
    ),
    examples=Examples(
        worked=(
            ("Bedfordshire's terms with a loss cap and phase-in", {
                "contract_value": 26500000, "upfront_pct": 95, "management_fee_pct": 2.5, "at_risk_pct": 2.5,
                "measures": [{"name": "Outcomes", "weight_pct": 100, "achievement_pct": 77.7}],
                "risk_applied_pct": 40, "actual_cost": 26123456.78, "provider_loss_cap": 500000,
                "gain_bands": [{"up_to_pct": 5, "provider_share_pct": 100},
                               {"up_to_pct": None, "provider_share_pct": 50}]}),
            # Whole-amount bands, score scaling, % caps, break-even, payoff and seeded trials (floats,
            # math.sqrt and the Mersenne Twister must give the same bits in every Python).
            ("first-dollar sharing scaled by the score, caps and 3,000 trials", {
                "contract_value": "26500000", "upfront_pct": 95, "management_fee_pct": 2.5, "at_risk_pct": 2.5,
                "measures": [{"name": "A", "weight_pct": 60, "achievement_pct": 71.3},
                             {"name": "B", "weight_pct": 40, "achievement_pct": 88}],
                "actual_cost": "24987654.32", "band_mode": "whole", "gain_share_scaled_by_score": True,
                "provider_gain_cap_pct": 4, "provider_gain_cap": 1200000, "provider_loss_cap_pct": 3,
                "gain_bands": [{"up_to_pct": 2, "provider_share_pct": 0}, {"up_to_pct": None, "provider_share_pct": 50}],
                "loss_bands": [{"up_to_pct": 2, "provider_share_pct": 100},
                               {"up_to_pct": None, "provider_share_pct": 30}],
                "uncertainty": {"trials": 3000, "seed": 20141231,
                                "actual_cost": {"low_pct": 88.5, "mode_pct": 101, "high_pct": 117.25},
                                "outcome_score": {"low": 35, "mode": 72.5, "high": 99}}}),
        ),
        edits=(("actual_cost", "26000000"), ("measures.1.achievement_pct", "45")),
        bad=(("measures.0.weight_pct", "60"),),
    ),
)
