"""The shape of every file in ``data/``, as pydantic v2 models.

Every model forbids unknown keys and uses strict types (a number must be written as a
number, text as text), so a typing slip in a YAML file fails the build instead of
quietly changing a page. Checks that need more than one file (a ``ref`` that must exist
in ``references.bib``, a model id, a glossary ``see_also``) live in
:mod:`macros.data.checks`. ``make schemas`` writes these models as JSON Schema into
``schemas/`` (:mod:`macros.data.jsonschemas`), which editors use while a file is typed.

Conventions a maintainer relies on (see ``data/README.md``):

- A *fact* carries ``source: {ref, page}``; ``ref`` is an id from ``references.bib``.
- Money is a plain number of pounds (``26500000``), never text; the report's own
  wording goes in ``wording`` and ``approx: true`` marks an approximate figure.
- Dates may be partial: ``"2014"``, ``"2014-04"`` or ``"2014-04-01"``, with an optional
  ``qualifier`` (``early``, ``mid``, ``late``) for the report's "mid-2015" style.
"""

from __future__ import annotations

import calendar
import re
from decimal import Decimal
from typing import Annotated, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
    model_validator,
)

from .registry import CALCULATORS

#: The calculators a preset may name: the calculators package's registry, so a new
#: calculator needs no edit here.
CalculatorName = Literal[tuple(CALCULATORS)]  # type: ignore[valid-type]

# -- Building blocks --------------------------------------------------------------

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, description="lower-case words joined by hyphens")]
Text = Annotated[str, Field(min_length=1)]


def _money(value: object) -> Decimal:
    """Accept a YAML number of pounds; refuse text, booleans and negative amounts."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise ValueError("expected an amount in pounds written as a number, e.g. 26500000")
    amount = Decimal(str(value))
    if amount < 0:
        raise ValueError("expected an amount of at least 0")
    return amount


Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    WithJsonSchema({"type": "number", "minimum": 0, "description": "pounds, written as a number"}),
]

PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


_DATE_HINT = 'expected a date written "YYYY", "YYYY-MM" or "YYYY-MM-DD" in quotes'


def _partial_date(value: object) -> str:
    if not isinstance(value, str) or not PARTIAL_DATE.match(value):
        raise ValueError(_DATE_HINT)
    if value.count("-") == 2:
        year, month, day = (int(part) for part in value.split("-"))
        days = calendar.monthrange(year, month)[1]
        if day > days:
            raise ValueError(f"no such day: {calendar.month_name[month]} {year} has {days} days")
    return value


PartialDate = Annotated[
    str,
    BeforeValidator(_partial_date),
    WithJsonSchema({"type": "string", "pattern": PARTIAL_DATE.pattern, "description": _DATE_HINT}),
]


def _fraction(value: object) -> str:
    if not isinstance(value, str) or not re.match(FRACTION_PATTERN, value):
        raise ValueError('expected a fraction written in quotes, e.g. "2/3"')
    return value


FRACTION_PATTERN = r"^\d+/[1-9]\d*$"
Fraction = Annotated[
    str,
    AfterValidator(_fraction),
    WithJsonSchema({"type": "string", "pattern": FRACTION_PATTERN, "description": 'a fraction, e.g. "2/3"'}),
]

#: A percentage in a fact: a number of per cent (2.5 means 2.5%), a share or a change of
#: at most the whole. Checked wherever it appears, whether or not a preset uses it.
Percent = Annotated[
    float,
    Field(ge=-100, le=100, allow_inf_nan=False, description="per cent: 2.5 means 2.5%; -100 to 100"),
]


class Strict(BaseModel):
    """Base for every data model: unknown keys and loose types are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Source(Strict):
    """Where a fact comes from: a reference id and a page (or section)."""

    ref: Id = Field(description="an id from data/references.bib")
    page: Annotated[
        Text,
        WithJsonSchema(
            {"type": ["string", "integer"], "description": 'page or page range in the source, e.g. "21" or "15-19"'}
        ),
    ] = Field(description='page or page range in the source, e.g. "21" or "15-19"')

    @model_validator(mode="before")
    @classmethod
    def _page_as_text(cls, data):
        # `page: 21` reads naturally in YAML; keep it as text so "15-19" works too.
        if isinstance(data, dict) and isinstance(data.get("page"), int) and not isinstance(
            data.get("page"), bool
        ):
            data = {**data, "page": str(data["page"])}
        return data


class Sourced(Strict):
    """Any fact that cites where it comes from."""

    source: Source


class Item(Sourced):
    """A short fact in a list: a line of text with its source."""

    text: Text


class MoneyFact(Sourced):
    """An amount of money as reported."""

    amount: Money
    approx: bool = Field(False, description="the report calls the figure approximate")
    wording: Text = Field(description="the report's own phrasing, e.g. 'approx £26.5 million'")
    note: Text | None = Field(None, description="what the figure covers, where that is not plain; our words")


class Figure(Sourced):
    """A reported figure that is not a contract value: an amount, a percentage or a count."""

    amount: Money | None = None
    percent: Percent | None = None
    count: int | None = Field(None, ge=0)
    approx: bool = False
    almost: bool = Field(False, description="the report says the true figure is a little below it ('almost')")
    label: Text = Field(description="what the figure is, our words")
    wording: Text = Field(description="the report's own phrasing")

    @model_validator(mode="after")
    def _exactly_one_value(self):
        given = [k for k in ("amount", "percent", "count") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("expected exactly one of amount, percent or count")
        if self.approx and self.almost:
            raise ValueError("a figure is either approx or almost, not both")
        return self


class DatedFact(Sourced):
    """Something that happened (or is planned) at a date the report gives."""

    date: PartialDate
    qualifier: Literal["early", "mid", "late"] | None = None
    planned: bool = Field(False, description="true if the report describes it as expected")
    event: Text


# -- Case studies --------------------------------------------------------------------

PartnerRole = Literal[
    "commissioner",
    "prime contractor",
    "prime provider",
    "provider",
    "funder and facilitator",
    "national body",
    "local authority",
    "alliance member",
    "honorary member",
]


class Partner(Sourced):
    name: Text
    short_name: Text | None = None
    roles: list[PartnerRole] = Field(min_length=1)
    note: Text | None = None


class Focus(Sourced):
    summary: Text = Field(description="Table 1's focus of the contract, in brief")
    population: Text | None = None
    scope: Text | None = Field(None, description="what is in and out of scope, our words")


class ContractType(Sourced):
    models: list[Id] = Field(min_length=1, description="model ids from data/models/")
    label: Text = Field(description="how Table 1 names the contract type")


class ContractTerm(Sourced):
    years: float = Field(gt=0, le=50)
    extension_years: float = Field(0, ge=0, le=50)
    wording: Text


class Contract(Strict):
    type: ContractType
    total_value: MoneyFact
    first_year_value: MoneyFact
    first_year_basis: Literal["first year", "per year"] = Field(
        description="whether the yearly figure is the first year's or every year's"
    )
    term: ContractTerm
    starts: list[DatedFact] = Field(default_factory=list)
    start_note: Text | None = Field(None, description="shown when no start date is known")
    procurement: Item | None = None


class PaymentTerm(Sourced):
    """One term of the payment model (a share, a rate, an amount, a schedule...)."""

    label: Text
    percent: Percent | None = None
    approx: bool = False
    amount: Money | None = None
    share: Fraction | None = Field(None, description='a fraction of a total, e.g. "2/3"')
    by_year: list[Percent] | None = Field(None, description="a percentage per contract year")
    detail: Text | None = None


class Payment(Sourced):
    summary: Text = Field(description="the payment model in a sentence or two, our words")
    mechanisms: list[Text] = Field(min_length=1, description="short tags, e.g. capitation")
    terms: dict[Id, PaymentTerm] = Field(default_factory=dict)


class Measure(Strict):
    id: Id
    name: Text
    group: Text | None = None
    weight_pct: float | None = Field(None, ge=0, le=100, allow_inf_nan=False)
    source: Source | None = None


class Outcomes(Sourced):
    framework: Text = Field(description="what the outcome framework is called")
    summary: Text
    measures: list[Measure] = Field(default_factory=list)
    weights_note: Text | None = None

    @model_validator(mode="after")
    def _unique_ids(self):
        ids = [m.id for m in self.measures]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"measure ids must be unique, repeated: {', '.join(dupes)}")
        return self


# Presets: inputs for the calculators, taken from this file or marked as assumed.


class FactInput(Strict):
    fact: Text = Field(description="dotted path to a value in this case-study file")
    times: Text | None = Field(
        None, description='dotted path to a fraction ("2/3") or number to multiply the fact by'
    )


class ReportedInput(Strict):
    value: object
    source: Source


class IllustrativeInput(Strict):
    value: object
    illustrative: Text = Field(description="why this assumed value was chosen")


def _input_kind(data: object) -> str | None:
    """Which kind of preset input a mapping is, from its keys (None: cannot tell)."""
    if isinstance(data, dict):
        if "illustrative" in data:
            return "illustrative"
        if "source" in data:
            return "reported"
        if "fact" in data:
            return "fact"
    return None


PresetInput = Annotated[
    Union[
        Annotated[FactInput, Tag("fact")],
        Annotated[ReportedInput, Tag("reported")],
        Annotated[IllustrativeInput, Tag("illustrative")],
    ],
    Discriminator(
        _input_kind,
        custom_error_type="preset_input",
        custom_error_message=(
            "expected {fact: <path in this file>}, {value: ..., source: {ref, page}} "
            "or {value: ..., illustrative: <why this value is assumed>}"
        ),
    ),
]


class Preset(Strict):
    id: Id
    calculator: CalculatorName = Field(description="a calculator of the calculators package")
    title: Text
    summary: Text
    inputs: dict[Text, PresetInput] = Field(
        min_length=1, description="calculator input field path -> where its value comes from"
    )


class CaseStudy(Strict):
    id: Id = Field(description="must equal the file name without .yaml")
    name: Text = Field(description="the place, as Table 1 heads its column")
    title: Text = Field(description="the service, as the report titles the case")
    order: int = Field(ge=1, description="position in Table 1 (the report's order)")
    summary: Text = Field(description="one or two sentences, our words")
    source: Source = Field(description="the pages of the report that cover this case")
    focus: Focus
    contract: Contract
    partners: list[Partner] = Field(min_length=1)
    motivation: list[Item] = Field(min_length=1)
    payment: Payment
    outcomes: Outcomes
    key_dates: list[DatedFact] = Field(default_factory=list)
    key_figures: dict[Id, Figure] = Field(default_factory=dict)
    presets: list[Preset] = Field(default_factory=list)


# -- Contract models --------------------------------------------------------------


class Risk(Sourced):
    party: Text = Field(description="who carries it, e.g. 'prime contractor'")
    risk: Text


class ContractModel(Strict):
    id: Id = Field(description="must equal the file name without .yaml")
    name: Text
    order: int = Field(ge=1)
    also_called: list[Text] = Field(default_factory=list)
    definition: Item
    money_flow: Item
    accountability_flow: Item
    commissioner_relationship: Item
    risks: list[Risk] = Field(min_length=1)
    advantages: list[Item] = Field(min_length=1)
    disadvantages: list[Item] = Field(min_length=1)
    suits: Item | None = Field(None, description="where the model fits best, if the sources say")
    case_studies: list[Id] | None = Field(
        None,
        description="optional: if given, must match the case-study files naming this model",
    )


# -- Glossary, references, Nuffield --------------------------------------------------


class Successor(Sourced):
    """What replaced a term after the report (a body abolished, a rule revoked), and when."""

    terms: list[Text] = Field(min_length=1, description="the glossary terms that replaced it")
    date: PartialDate = Field(description="when the change took effect")
    note: Text = Field(description="what changed, in a sentence, our words")
    section: Text = Field(
        description='the Since 2014 page and anchor that explain it, e.g. "since-2014/commissioners.md#icbs"'
    )


class GlossaryTerm(Strict):
    term: Text
    expansion: Text | None = None
    definition: Text
    source: Source | None = None
    background: Text | None = Field(
        None, description="context the cited source does not give; shown after the citation, marked as ours"
    )
    see_also: list[Text] = Field(default_factory=list)
    successor: Successor | None = Field(None, description="set on terms the report uses that were later replaced")


class Glossary(Strict):
    terms: list[GlossaryTerm] = Field(min_length=1)


def _year(value: object) -> object:
    if (isinstance(value, int) and not isinstance(value, bool) and 1800 <= value <= 2100) or value == "n.d.":
        return value
    raise ValueError('expected a year such as 2014, or "n.d." when the source has no date')


Year = Annotated[
    Union[int, str],
    BeforeValidator(_year),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 1800, "maximum": 2100}, {"const": "n.d."}]}),
]


class Reference(Strict):
    id: Id
    role: Literal["source", "bibliography", "further reading", "later"] = Field(
        description="source: a document the site is built from; bibliography: a work the sources cite; "
        "further reading: a work a source cites that the site lists for wider reading; "
        "later: a public source for what happened after the report (the Since 2014 pages)"
    )
    authors: Text
    year: Year
    title: Text
    publisher: Text
    url: Text | None = Field(None, pattern=r"^https?://")
    accessed: PartialDate | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _later_sources_say_where_and_when(self):
        if self.role == "later" and not (self.url and self.accessed):
            raise ValueError("a later source needs its address (url) and the date it was read (accessed)")
        return self


class References(Strict):
    references: list[Reference] = Field(min_length=1)


class NuffieldOption(Sourced):
    id: Id
    name: Text
    summary: Text
    strengths: list[Text] = Field(default_factory=list)
    weaknesses: list[Text] = Field(default_factory=list)


class NuffieldQuestion(Sourced):
    id: Id
    question: Text
    why_it_matters: Text = Field(description="our note on the question")
    why_source: Source | None = Field(None, description="where a fact the note uses comes from")


class Nuffield(Sourced):
    options: list[NuffieldOption] = Field(min_length=1)
    questions: list[NuffieldQuestion] = Field(min_length=1)
