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
from .spec import Calculator, Chart, Examples, Input, Section, Table, money, pct
from .money import HUNDRED, ZERO, allocate, exact, money_str, pct_str, penny, show_money, show_pct

COMMISSIONER, PROVIDER = ("role", "commissioner"), ("role", "provider")
PARTNERS = Input(
    "partners", "Alliance partners", "rows",
    "Commissioners give a contribution to the pool; providers a budget and their actual spend.",
    min_items=2, max_items=50, item_label="Partner {n}", add_label="Add a partner",
    fields=(
        Input("name", "Name", "text", width=20),
        Input("role", "Role", "choice", initial="provider",
              choices=(("commissioner", "Commissioner"), ("provider", "Provider"))),
        money("contribution", "Contribution", "What this commissioner puts into the pool.", default=None,
              positive=True, when=COMMISSIONER),
        Input("share_of_pool", "Share of the pool", "number", "Parts of the pool, such as 2 (two parts of three),"
              " when the pool is given instead of contributions.", default=None, low=0, low_open=True,
              high=10 ** 6, what="a number of parts, such as 2 (two parts of three)", when=COMMISSIONER, form=False),
        money("budget", "Budget", "This provider's budget from the pool.", positive=True, when=PROVIDER),
        money("actual_spend", "Actual spend", when=PROVIDER),
    ),
)
SPLIT = Input("provider_split", "Divide the providers' part", "choice", default="budget",
              choices=(("budget", "in proportion to their budgets"), ("equal", "equally")))


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
        r, values = SPEC.read(data, problems, skip=(PARTNERS.name, SPLIT.name))
        pool = values["pool"]
        partners, seen = [], {}
        for path, item in PARTNERS.entries(r) or []:
            p = PARTNERS.row_reader(problems, path, item)
            partner = PARTNERS.read_row(p)
            name, role = partner["name"], partner["role"]
            if name is not None and name in seen:
                problems.add(f"{path}.name", f"repeats the name {json.dumps(name)} of an earlier partner; each"
                             " partner needs its own name")
            elif name is not None:
                seen[name] = path
            if role == "commissioner" and pool is None:
                if partner.get("contribution") is None and not p.has("contribution"):
                    problems.add(f"{path}.contribution", "is required: give what this commissioner puts into the pool")
                if p.has("share_of_pool"):
                    problems.add(f"{path}.share_of_pool", "applies only when the pool is given; give the"
                                 " contribution instead")
            elif role == "commissioner":
                if p.has("contribution"):
                    problems.add(f"{path}.contribution", "give either the pool with each commissioner's"
                                 " share of it, or each commissioner's contribution, not both")
                elif partner.get("share_of_pool") is None and not p.has("share_of_pool"):
                    problems.add(f"{path}.share_of_pool", "is required when the pool is given: give this"
                                 " commissioner's parts of it, such as 2 (two parts of three)")
            partners.append(partner)
        roles = [p["role"] for p in partners]
        if partners and None not in roles:
            for role in ("commissioner", "provider"):
                if role not in roles:
                    problems.add("partners", f"must include at least one {role}")
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
    given = {}
    for key, share in raw["fixed"].items():  # names are trimmed, as partner names are
        name = key.strip() if isinstance(key, str) else key
        given[name] = share
        path = f"provider_split.fixed.{name}"
        if name not in providers:
            problems.add(path, f"is not the name of a provider; the providers are {', '.join(providers) or 'none'}")
            continue
        value = check_number(problems, path, share, low=ZERO, high=HUNDRED,
                             what="a percentage (a number, such as 40 for 40%)")
        if value is not None:
            fixed.append((name, value))
            total += value
    for name in providers:
        if name not in given:
            problems.add(f"provider_split.fixed.{name}", f"is missing: give every provider's percentage"
                         f" ({json.dumps(name)} has none)")
    if fixed and len(fixed) == len(raw["fixed"]) and total != HUNDRED:
        problems.add("provider_split.fixed", f"the providers' percentages must add up to 100, got {plain(total)}")
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


SPEC = Calculator(
    name="alliance",
    title="Alliance gain and pain share",
    question="How is an alliance's under- or overspend shared between its commissioners and providers?",
    sections=(
        Section("Partners", (
            PARTNERS,
            money("pool", "Pooled budget (optional)", "Give the pool and each commissioner's share of it instead of"
                  " contributions.", default=None, positive=True, form=False),
        )),
        Section("Sharing the variance", (
            Input("risk_share", "Do the partners share the under- or overspend?", "bool",
                  "If not, the commissioners absorb all of it.", default=True),
            pct("commissioner_gain_pct", "Commissioners' part of an underspend", default=50),
            pct("commissioner_loss_pct", "Commissioners' part of an overspend", default=50),
            SPLIT,
            pct("provider_loss_cap_pct", "Cap on each provider's part of an overspend (optional)",
                "As a percentage of its budget; the commissioners bear what is cut off.", default=None),
        )),
    ),
    labels={
        "pool": "Pooled budget", "total_budget": "Provider budgets", "total_spend": "Provider spend",
        "unallocated": "Pool not allocated to providers", "variance": "Variance (underspend positive)",
        "risk_share": "Variance shared", "commissioners_part": "Commissioners' part of the variance",
        "providers_part": "Providers' part of the variance", "capped": "Cut off by the providers' loss cap",
        "name": "Partner", "role": "Role", "contribution": "Contribution", "budget": "Budget",
        "actual_spend": "Actual spend", "own_variance": "Own variance", "share_of_variance": "Share of variance",
        "settlement": "Settlement", "net_position": "Net position",
    },
    key_figures=("pool", "total_budget", "total_spend", "variance"),
    layout=(
        Table("Each partner's position", "partners", (
            "name", "role", "contribution", "budget", "actual_spend", "own_variance", "share_of_variance",
            "settlement", "net_position")),
    ),
    compute=compute,
    charts=(Chart("Each partner's share of the variance", ("share_of_variance",), rows="partners",
                row_label="{name}"),),
    compare_rows=(("partners", "net_position"),),
    words={"role": {"commissioner": "Commissioner", "provider": "Provider"}},
    notes={
        "own_variance": "A provider's budget less what it spent: positive if it underspent. Nil for a commissioner.",
        "share_of_variance": "The part of the whole alliance's under- or overspend that falls to this partner:"
                             " a gain if positive, a loss if negative.",
        "settlement": "What changes hands when the year is closed: paid to the partner if positive, recovered"
                      " from it if negative. It is the share of the variance less the partner's own variance,"
                      " so the settlements add up to nothing.",
        "net_position": "Where the partner ends the year: for a provider, its share of the variance; for a"
                        " commissioner, its share less what it put into the pool (its net cost, shown negative).",
    },
    examples=Examples(
        worked=(
            ("Salford's pool shared two to one, with a loss cap", {"pool": 98000000, "partners": [
                {"name": "CCG", "role": "commissioner", "share_of_pool": 2},
                {"name": "Council", "role": "commissioner", "share_of_pool": 1},
                {"name": "Trust", "role": "provider", "budget": 60000000, "actual_spend": 63333333.33},
                {"name": "Care", "role": "provider", "budget": 30000000, "actual_spend": 29000000}],
                "provider_loss_cap_pct": 3}),
        ),
        edits=(("partners.2.actual_spend", "64500000"), ("commissioner_loss_pct", "60")),
        bad=(("commissioner_gain_pct", "1O0"),),
    ),
)
