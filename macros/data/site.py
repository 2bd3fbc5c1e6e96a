"""The validated data of one build: :class:`SiteData`, what :func:`macros.data.load` returns."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from .. import formatting
from . import schema


@dataclass(frozen=True)
class SiteData:
    """Everything in ``data/``, validated."""

    root: Path
    case_studies: dict[str, schema.CaseStudy]  # in Table 1 order
    models: dict[str, schema.ContractModel]  # in the models' own order
    glossary: schema.Glossary
    references: dict[str, schema.Reference]
    nuffield: schema.Nuffield
    digest: str  # a hash of the data files' bytes, naming what the build cache keeps for them
    files: dict[str, str] = field(default_factory=dict)  # "case:<id>", "model:<id>", ... -> path shown

    def cases_using(self, model_id: str) -> list[schema.CaseStudy]:
        """Case studies whose contract type includes ``model_id``, in Table 1 order."""
        return [c for c in self.case_studies.values() if model_id in c.contract.type.models]

    @functools.cached_property
    def abbreviations(self) -> formatting.Abbreviations:
        """The glossary's abbreviations, for tooltips in the HTML the macros write (made once)."""
        return formatting.Abbreviations({t.term: t.expansion for t in self.glossary.terms if t.expansion})
