"""``risk-share``: one contract year between a commissioner and a contract-holder (CALCULATORS.md §2).

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
from decimal import Decimal

from .inputs import Problems, Reader, describe, plain
from .spec import Calculator, Chart, Examples, Figures, Input, Section, Table, money, pct
from .money import HUNDRED, ZERO, allocate, exact, money_str, pct_str, penny, round_pct, show_money, show_pct

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

    @classmethod
    def from_dict(cls, data) -> "RiskShareInputs":
        """Validate JSON-like ``data``; raises :class:`ValidationError` with every problem."""
        problems = Problems()
        r, values = SPEC.read(data, problems, skip=(GAIN_BANDS.name, LOSS_BANDS.name))
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
        if no_measures and values["at_risk_pct"] not in (None, ZERO):
            problems.add("at_risk_pct", "must be 0 when there are no outcome measures (give measures to put money"
                         f" at risk), got {plain(values['at_risk_pct'])}")
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


def calculate(inp: RiskShareInputs) -> dict:
    """Who gets what in one contract year, as a JSON-ready dict (see the module docstring)."""
    with exact():
        return _calculate(inp)


def _calculate(inp: RiskShareInputs) -> dict:
    value = inp.contract_value
    steps = []
    upfront, fee, at_risk = allocate(value, [inp.upfront_pct, inp.management_fee_pct, inp.at_risk_pct])
    steps.append(
        f"Up front = {show_money(value)} × {show_pct(inp.upfront_pct)} = {show_money(upfront)}; management fee ="
        f" {show_money(value)} × {show_pct(inp.management_fee_pct)} = {show_money(fee)}; at risk on outcomes ="
        f" {show_money(value)} × {show_pct(inp.at_risk_pct)} = {show_money(at_risk)} (pennies shared by largest"
        f" remainder, so the three add up to {show_money(value)})"
    )
    score = None
    if inp.measures:
        score = sum((m.weight_pct * m.achievement_pct / HUNDRED for m in inp.measures), ZERO)
        terms = " + ".join(f"{show_pct(m.weight_pct)} × {show_pct(m.achievement_pct)}" for m in inp.measures)
        steps.append(f"Outcome score = {terms} = {show_pct(round_pct(score))}")
    applied = inp.risk_applied_pct
    factor = ((HUNDRED - applied) + applied * (score if score is not None else ZERO) / HUNDRED) / HUNDRED
    earned = penny(at_risk * factor)
    withheld = at_risk - earned
    if not at_risk:
        steps.append("Nothing is at risk on outcomes this year")
    elif applied == 0:
        steps.append(f"Risk not applied this year (phase-in 0%): the whole at-risk sum is paid,"
                     f" earned = {show_money(earned)}, withheld = 0.00")
    else:
        how = (show_pct(round_pct(score)) if applied == HUNDRED else
               f"({show_pct(HUNDRED - applied)} paid regardless + {show_pct(applied)} × score {show_pct(round_pct(score))})")
        steps.append(f"At risk earned = {show_money(at_risk)} × {how} = {show_money(earned)};"
                     f" withheld = {show_money(at_risk)} − {show_money(earned)} = {show_money(withheld)}")
    surplus = upfront - inp.actual_cost
    gain = surplus >= 0
    steps.append(f"{'Surplus' if gain else 'Deficit'} = up front {show_money(upfront)} − actual cost"
                 f" {show_money(inp.actual_cost)} = {show_money(surplus)}")
    base = upfront if inp.band_base == "upfront" else value
    base_name = "the up-front sum" if inp.band_base == "upfront" else "the contract value"
    amount, sign = abs(surplus), (1 if gain else -1)
    rows, lower = [], ZERO
    keeps = "keeps" if gain else "bears"
    for number, band in enumerate(inp.gain_bands if gain else inp.loss_bands, start=1):
        upper = penny(band.up_to_pct * base / HUNDRED) if band.up_to_pct is not None else None
        top = amount if upper is None else min(amount, upper)
        piece = max(top - lower, ZERO)
        provider, commissioner = allocate(piece, [band.provider_share_pct, HUNDRED - band.provider_share_pct])
        rows.append({
            "kind": "gain" if gain else "loss",
            "from": money_str(lower),
            "to": money_str(upper) if upper is not None else None,
            "up_to_pct": pct_str(band.up_to_pct) if band.up_to_pct is not None else None,
            "provider_share_pct": pct_str(band.provider_share_pct),
            "slice": money_str(sign * piece),
            "provider_part": money_str(sign * provider),
            "commissioner_part": money_str(sign * commissioner),
        })
        where = (f"{show_money(lower)} to {show_money(upper)} ({show_pct(band.up_to_pct)} of {base_name},"
                 f" {show_money(base)})" if upper is not None else f"above {show_money(lower)}")
        steps.append(f"{'Gain' if gain else 'Loss'} band {number}, {where}: slice {show_money(piece)};"
                     f" the provider {keeps} {show_pct(band.provider_share_pct)} = {show_money(provider)},"
                     f" the commissioner's part is {show_money(commissioner)}")
        if upper is not None:
            lower = upper
    before_cap = sum((Decimal(row["provider_part"]) for row in rows), ZERO)
    cap = inp.provider_gain_cap if gain else inp.provider_loss_cap
    cut = max(abs(before_cap) - cap, ZERO) if cap is not None else ZERO
    provider_share = before_cap - sign * cut
    if cut:
        steps.append(f"The provider's {'gain' if gain else 'loss'} is capped at {show_money(cap)}:"
                     f" {show_money(cut)} of its {show_money(abs(before_cap))} passes to the commissioner")
    commissioner_share = surplus - provider_share
    net_cost = value - withheld - commissioner_share
    margin = net_cost - inp.actual_cost
    steps.append(f"Provider share = {show_money(provider_share)}; commissioner share = surplus"
                 f" {show_money(surplus)} − provider share {show_money(provider_share)} = {show_money(commissioner_share)}")
    steps.append(f"Commissioner's net cost = contract value {show_money(value)} − withheld {show_money(withheld)}"
                 f" − commissioner share {show_money(commissioner_share)} = {show_money(net_cost)}")
    steps.append(f"Provider margin = net cost {show_money(net_cost)} − actual cost {show_money(inp.actual_cost)}"
                 f" = {show_money(margin)}")
    return {
        "contract_value": money_str(value),
        "upfront": money_str(upfront),
        "management_fee": money_str(fee),
        "at_risk": money_str(at_risk),
        "outcome_score_pct": str(round_pct(score)) if score is not None else None,
        "risk_applied_pct": pct_str(applied),
        "at_risk_earned": money_str(earned),
        "at_risk_withheld": money_str(withheld),
        "actual_cost": money_str(inp.actual_cost),
        "surplus": money_str(surplus),
        "band_base": inp.band_base,
        "band_base_amount": money_str(base),
        "bands": rows,
        "provider_share_before_cap": money_str(before_cap),
        "cap_applied": money_str(cut),
        "provider_share": money_str(provider_share),
        "commissioner_share": money_str(commissioner_share),
        "commissioner_net_cost": money_str(net_cost),
        "provider_margin": money_str(margin),
        "explanation": steps,
    }


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
            pct("upfront_pct", "Paid up front", "The contract-holder carries the financial risk on this share."),
            pct("management_fee_pct", "Management fee", default=0),
            pct("at_risk_pct", "Withheld against outcomes", "The three shares must add up to 100."),
            money("actual_cost", "Actual cost of delivering the service"),
        )),
        Section("Outcome measures", (
            MEASURES,
            pct("risk_applied_pct", "Share of the at-risk sum that depends on the measures this year",
                "Phase-in: 0 means it is paid regardless, 100 means fully at risk.", 100,
                assumed="the whole at-risk sum is taken to depend on the measures unless a source says otherwise"),
        )),
        Section("Sharing a surplus or deficit", (
            Input("band_base", "Band limits are a percentage of", "choice", default="upfront",
                  choices=(("upfront", "the up-front payment"), ("contract_value", "the contract value"))),
            GAIN_BANDS,
            LOSS_BANDS,
            money("provider_gain_cap", "Cap on what the contract-holder keeps (optional)", default=None),
            money("provider_loss_cap", "Cap on what the contract-holder bears (optional)", default=None),
        )),
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
    },
    key_figures=("outcome_score_pct", "at_risk_withheld", "surplus", "provider_share", "commissioner_share",
                 "commissioner_net_cost", "provider_margin"),
    layout=(
        Figures("How the year's money divides", (
            "contract_value", "upfront", "management_fee", "at_risk", "outcome_score_pct", "risk_applied_pct",
            "at_risk_earned", "at_risk_withheld", "actual_cost", "surplus", "band_base", "band_base_amount",
            "provider_share_before_cap", "cap_applied", "provider_share", "commissioner_share",
            "commissioner_net_cost", "provider_margin")),
        Table("Surplus or deficit, band by band", "bands", (
            "kind", "from", "to", "up_to_pct", "provider_share_pct", "slice", "provider_part", "commissioner_part")),
    ),
    compute=compute,
    words={
        "band_base": {"upfront": "the up-front payment", "contract_value": "the contract value"},
        "kind": {"gain": "Surplus", "loss": "Deficit"},
        "to": {None: "no limit"}, "up_to_pct": {None: "no limit"},
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
    },
    chart=Chart("From the contract value to what the commissioner pays", (),
                waterfall=("contract_value", ("at_risk_withheld", "commissioner_share"), "commissioner_net_cost")),
    examples=Examples(
        worked=(
            ("Bedfordshire's terms with a loss cap and phase-in", {
                "contract_value": 26500000, "upfront_pct": 95, "management_fee_pct": 2.5, "at_risk_pct": 2.5,
                "measures": [{"name": "Outcomes", "weight_pct": 100, "achievement_pct": 77.7}],
                "risk_applied_pct": 40, "actual_cost": 26123456.78, "provider_loss_cap": 500000,
                "gain_bands": [{"up_to_pct": 5, "provider_share_pct": 100},
                               {"up_to_pct": None, "provider_share_pct": 50}]}),
        ),
        edits=(("actual_cost", "26000000"), ("measures.1.achievement_pct", "45")),
        bad=(("measures.0.weight_pct", "60"),),
    ),
)
