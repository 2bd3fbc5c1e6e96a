"""``alliance``: pooled budget and gain/pain share across alliance partners (see docs/calculators/method.md).

For Salford- and Lambeth-style alliances: commissioners pool money, providers
deliver against budgets, and the alliance as a whole shares the under- or
overspend.

* ``pool = Σ contributions`` (or, when ``pool`` is given, the commissioners'
  contributions divide it in proportion to their ``share_of_pool``, by largest
  remainder: £98m at 2 : 1 gives 65,333,333.33 and 32,666,666.67);
  the provider budgets must not exceed the pool; what they leave is reported as
  ``unallocated`` and stays with the commissioners, outside the risk share;
* ``variance = Σ budgets − Σ actual_spend`` (positive: underspend, the gain;
  negative: overspend, the pain);
* with ``risk_share`` the commissioners' collective part is
  ``commissioner_gain_pct`` (or ``commissioner_loss_pct``) of the variance and
  the providers take the rest (largest remainder, ties to the commissioners);
  without it the commissioners absorb the whole variance;
* the providers' part is divided by ``provider_split``: pro rata to budgets,
  equally, or by fixed percentages; with ``provider_loss_cap_pct`` each
  provider bears at most that percentage of its own budget of an overspend,
  and what the cap cuts off falls to the commissioners (it is not passed on to
  the other providers);
* the commissioners' part is divided among them pro rata to their contributions.

Each partner's row has ``own_variance`` (a provider's budget − actual spend; 0
for a commissioner), ``share_of_variance`` (the part of the alliance variance it
gains (+) or bears (−)), ``settlement = share_of_variance − own_variance`` (paid
to (+) or recovered from (−) the partner when the year is closed) and
``net_position``: what the partner receives less what it puts in or spends,
that is ``share_of_variance − contribution`` for a commissioner (minus the
year's net cost to it) and ``share_of_variance`` for a provider. The shares
sum to ``variance`` exactly; the settlements sum to 0.

>>> r = compute({"pool": 98000000, "partners": [
...     {"name": "CCG", "role": "commissioner", "share_of_pool": 2},
...     {"name": "Council", "role": "commissioner", "share_of_pool": 1},
...     {"name": "Trust", "role": "provider", "budget": 98000000, "actual_spend": 97000000}]})
>>> [p["contribution"] for p in r["partners"]][:2], [p["share_of_variance"] for p in r["partners"]]
(['65333333.33', '32666666.67'], ['333333.33', '166666.67', '500000.00'])
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from .inputs import Problems, Reader, check_number, describe, plain
from .money import HUNDRED, ZERO, allocate, exact, money_str, pct_str, penny, show_money, show_pct

NAME = "alliance"
TITLE = "Alliance pooled budget and gain/pain share"
FIELDS = (
    "partners", "pool", "risk_share", "commissioner_gain_pct", "commissioner_loss_pct", "provider_split",
    "provider_loss_cap_pct",
)
COMMISSIONER_FIELDS = ("name", "role", "contribution", "share_of_pool")
PROVIDER_FIELDS = ("name", "role", "budget", "actual_spend")


@dataclass(frozen=True)
class Partner:
    """One alliance partner. Commissioners contribute; providers have a budget and spend."""

    name: str
    role: str
    contribution: Decimal = ZERO
    budget: Decimal = ZERO
    actual_spend: Decimal = ZERO
    share_of_pool: Decimal | None = None


@dataclass(frozen=True)
class AllianceInputs:
    """Validated inputs of :func:`calculate` (see the module docstring)."""

    partners: tuple
    pool: Decimal | None = None
    risk_share: bool = True
    commissioner_gain_pct: Decimal = Decimal(50)
    commissioner_loss_pct: Decimal = Decimal(50)
    provider_split: str = "budget"
    fixed_split: tuple = ()  # ((provider name, pct), ...) when provider_split == "fixed"
    provider_loss_cap_pct: Decimal | None = None

    @property
    def commissioners(self):
        return [p for p in self.partners if p.role == "commissioner"]

    @property
    def providers(self):
        return [p for p in self.partners if p.role == "provider"]

    @classmethod
    def from_dict(cls, data) -> "AllianceInputs":
        """Validate JSON-like ``data``; raises :class:`ValidationError` with every problem."""
        problems = Problems()
        r = Reader(problems, data, "", FIELDS)
        pool = r.money("pool", default=None, positive=True)
        partners, seen = [], {}
        for path, item in r.items("partners", min_items=2) or []:
            role = item.get("role") if isinstance(item, dict) else None
            role = role if isinstance(role, str) else None
            allowed = {"commissioner": COMMISSIONER_FIELDS, "provider": PROVIDER_FIELDS}.get(
                role, COMMISSIONER_FIELDS + PROVIDER_FIELDS[2:])
            p = Reader(problems, item, path, allowed)
            name, role = p.text("name"), p.choice("role", ("commissioner", "provider"))
            if name is not None and name in seen:
                problems.add(f"{path}.name", f"repeats the name {json.dumps(name)} of an earlier partner; each"
                             " partner needs its own name")
            elif name is not None:
                seen[name] = path
            partner = dict(name=name, role=role)
            if role == "commissioner" and pool is None:
                partner["contribution"] = p.money("contribution", positive=True)
            elif role == "commissioner":
                if p.has("contribution"):
                    problems.add(f"{path}.contribution", "give either the pool with each commissioner's"
                                 " share_of_pool, or each commissioner's contribution, not both")
                partner["share_of_pool"] = p.number(
                    "share_of_pool", low=ZERO, low_open=True, high=Decimal(10) ** 6,
                    what="a number of parts, such as 2 (two parts of three)")
            elif role == "provider":
                partner["budget"] = p.money("budget", positive=True)
                partner["actual_spend"] = p.money("actual_spend")
            partners.append(partner)
        roles = [p["role"] for p in partners]
        if partners and None not in roles:
            for role in ("commissioner", "provider"):
                if role not in roles:
                    problems.add("partners", f"must include at least one {role}")
        values = dict(
            pool=pool,
            risk_share=r.boolean("risk_share", default=True),
            commissioner_gain_pct=r.pct("commissioner_gain_pct", default=50),
            commissioner_loss_pct=r.pct("commissioner_loss_pct", default=50),
            provider_loss_cap_pct=r.pct("provider_loss_cap_pct", default=None),
        )
        values["provider_split"], values["fixed_split"] = _split(problems, r, data, partners)
        if not problems.items:
            contributions = pool if pool is not None else sum(p["contribution"] for p in partners
                                                              if p["role"] == "commissioner")
            budgets = sum((p["budget"] for p in partners if p["role"] == "provider"), ZERO)
            if budgets > contributions:
                problems.add("partners", f"the provider budgets total {show_money(budgets)}, more than the pool of"
                             f" {show_money(contributions)}; they must not exceed it")
        problems.raise_if_any()
        values["partners"] = tuple(Partner(**{k: v for k, v in p.items() if v is not None}) for p in partners)
        return cls(**values)


def _split(problems: Problems, r: Reader, data, partners):
    """Read ``provider_split``: ``"budget"``, ``"equal"`` or ``{"fixed": {name: pct}}`` summing to 100."""
    if not r.has("provider_split"):
        return "budget", ()
    raw = data["provider_split"]
    if isinstance(raw, str) and raw in ("budget", "equal"):
        return raw, ()
    if not isinstance(raw, dict) or set(raw) != {"fixed"} or not isinstance(raw["fixed"], dict):
        problems.add("provider_split", 'must be "budget", "equal" or {"fixed": {"<provider name>": <per cent>, ...}},'
                     f" got {describe(raw)}")
        return None, ()
    providers = [p["name"] for p in partners if p["role"] == "provider" and p["name"] is not None]
    fixed, total = [], ZERO
    for name, pct in raw["fixed"].items():
        path = f"provider_split.fixed.{name}"
        if name not in providers:
            problems.add(path, f"is not the name of a provider; the providers are {', '.join(providers) or 'none'}")
            continue
        value = check_number(problems, path, pct, low=ZERO, high=HUNDRED,
                             what="a percentage (a number, such as 40 for 40%)")
        if value is not None:
            fixed.append((name, value))
            total += value
    for name in providers:
        if name not in raw["fixed"]:
            problems.add(f"provider_split.fixed.{name}", f"is missing: give every provider's percentage"
                         f" ({json.dumps(name)} has none)")
    if fixed and len(fixed) == len(raw["fixed"]) and total != HUNDRED:
        problems.add("provider_split.fixed", f"the percentages must sum to 100, got {plain(total)}")
    return "fixed", tuple(fixed)


def calculate(inp: AllianceInputs) -> dict:
    """The alliance's year, as a JSON-ready dict (see the module docstring)."""
    with exact():
        return _calculate(inp)


def _calculate(inp: AllianceInputs) -> dict:
    steps = []
    commissioners, providers = inp.commissioners, inp.providers
    if inp.pool is not None:
        parts = allocate(inp.pool, [c.share_of_pool for c in commissioners])
        contribution = {c.name: part for c, part in zip(commissioners, parts)}
        ratio = " : ".join(pct_str(c.share_of_pool) for c in commissioners)
        shares = ", ".join(f"{c.name} {show_money(contribution[c.name])}" for c in commissioners)
        steps.append(f"Contributions: the pool of {show_money(inp.pool)} divided {ratio}: {shares}")
    else:
        contribution = {c.name: c.contribution for c in commissioners}
    pool = sum(contribution.values(), ZERO)
    total_budget = sum((p.budget for p in providers), ZERO)
    total_spend = sum((p.actual_spend for p in providers), ZERO)
    variance = total_budget - total_spend
    unallocated = pool - total_budget
    steps.append(f"Pool = {' + '.join(show_money(v) for v in contribution.values())} = {show_money(pool)}")
    steps.append(f"Provider budgets = {show_money(total_budget)}"
                 + (f"; {show_money(unallocated)} of the pool is not allocated to a provider budget and stays"
                    " with the commissioners" if unallocated else ""))
    kind = "underspend (gain)" if variance > 0 else "overspend (pain)" if variance < 0 else "no variance"
    steps.append(f"Variance = budgets {show_money(total_budget)} − actual spend {show_money(total_spend)}"
                 f" = {show_money(variance)}: {kind}")
    if inp.risk_share:
        pct = inp.commissioner_gain_pct if variance >= 0 else inp.commissioner_loss_pct
        commissioners_part, providers_part = allocate(variance, [pct, HUNDRED - pct])
        steps.append(f"Commissioners' part = {show_money(variance)} × {show_pct(pct)} = {show_money(commissioners_part)};"
                     f" providers' part = {show_money(providers_part)}")
    else:
        commissioners_part, providers_part = variance, ZERO
        steps.append("No risk share: the commissioners absorb the whole variance")
    if inp.provider_split == "budget":
        weights, how = [p.budget for p in providers], "pro rata to budgets"
    elif inp.provider_split == "equal":
        weights, how = [Decimal(1)] * len(providers), "equally"
    else:
        fixed = dict(inp.fixed_split)
        weights, how = [fixed[p.name] for p in providers], "by the fixed percentages"
    if sum(weights) == 0:  # fixed split giving every provider 0 is refused; keep total safe anyway
        weights = [Decimal(1)] * len(providers)
    provider_share = dict(zip((p.name for p in providers), allocate(providers_part, weights)))
    if providers_part:
        steps.append(f"Providers' part divided {how}: "
                     + ", ".join(f"{p.name} {show_money(provider_share[p.name])}" for p in providers))
    capped = ZERO
    if inp.provider_loss_cap_pct is not None and variance < 0:
        for p in providers:
            limit = penny(p.budget * inp.provider_loss_cap_pct / HUNDRED)
            cut = max(-provider_share[p.name] - limit, ZERO)
            if cut:
                provider_share[p.name] += cut
                capped += cut
                steps.append(f"{p.name}'s part of the overspend is capped at {show_pct(inp.provider_loss_cap_pct)}"
                             f" of its budget ({show_money(limit)}): {show_money(cut)} falls to the commissioners")
        commissioners_part -= capped
    commissioner_share = dict(zip(contribution, allocate(commissioners_part, list(contribution.values()))))
    steps.append(f"Commissioners' part {show_money(commissioners_part)} divided pro rata to contributions: "
                 + ", ".join(f"{name} {show_money(v)}" for name, v in commissioner_share.items()))
    rows = []
    for p in inp.partners:
        if p.role == "commissioner":
            own, share, given = ZERO, commissioner_share[p.name], contribution[p.name]
            net = share - given
        else:
            own, share, given = p.budget - p.actual_spend, provider_share[p.name], ZERO
            net = share
        rows.append({
            "name": p.name,
            "role": p.role,
            "contribution": money_str(given),
            "budget": money_str(p.budget),
            "actual_spend": money_str(p.actual_spend),
            "own_variance": money_str(own),
            "share_of_variance": money_str(share),
            "settlement": money_str(share - own),
            "net_position": money_str(net),
        })
    return {
        "pool": money_str(pool),
        "total_budget": money_str(total_budget),
        "total_spend": money_str(total_spend),
        "unallocated": money_str(unallocated),
        "variance": money_str(variance),
        "risk_share": inp.risk_share,
        "commissioners_part": money_str(commissioners_part),
        "providers_part": money_str(providers_part + capped),
        "capped": money_str(capped),
        "partners": rows,
        "explanation": steps,
    }


def compute(data) -> dict:
    """Validate ``data`` and calculate (see :func:`calculators.compute`)."""
    return calculate(AllianceInputs.from_dict(data))
