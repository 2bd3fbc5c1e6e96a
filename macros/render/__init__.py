"""The page renderers: a loaded :class:`~macros.data.SiteData` in, HTML or Markdown out.

One module per page family; each public function is one macro, taking the
:class:`~.page.Page` (data and current page) first:

==================  ==========================================================
:mod:`.case_studies` ``table1``, ``case_study_*``, ``calculator_links``, ``fact``
:mod:`.models`       ``model_comparison``, ``model_summary``
:mod:`.nuffield`     ``nuffield_options``, ``nuffield_questions``
:mod:`.glossary`     ``glossary`` (and every page's abbreviation tooltips)
:mod:`.references`   ``references``, ``cite``
:mod:`.open_data`    ``open_data`` (the Data page) and the CSV and Excel it links to
==================  ==========================================================

Shared pieces: :mod:`.page` (links, citations, lookups that fail cleanly), :mod:`.html`
(tables, lists, boxes), :mod:`.figures` (how a fact reads), :mod:`.text` (tooltips for
the calculator pages), :mod:`.errors` (page errors without tracebacks).
"""

from __future__ import annotations

from . import case_studies, glossary, models, nuffield, open_data, references

#: Macro name -> renderer: the macros pages may call (the interface content relies on).
MACROS = {
    "table1": case_studies.table1,
    "case_study_facts": case_studies.case_study_facts,
    "case_study_outcomes": case_studies.case_study_outcomes,
    "case_study_payment": case_studies.case_study_payment,
    "case_study_timeline": case_studies.case_study_timeline,
    "calculator_links": case_studies.calculator_links,
    "fact": case_studies.fact,
    "model_comparison": models.model_comparison,
    "model_summary": models.model_summary,
    "nuffield_options": nuffield.nuffield_options,
    "nuffield_questions": nuffield.nuffield_questions,
    "glossary": glossary.glossary,
    "references": references.references,
    "cite": references.cite,
    "open_data": open_data.open_data,
}
