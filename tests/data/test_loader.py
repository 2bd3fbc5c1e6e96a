"""Broken copies of data/ fail with one message naming the file, the field and what was expected.

Each test copies data/ to a temporary folder, breaks one thing, and loads it through
the same loader the site build uses (macros.data.load).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from macros import data as site_data
from macros.data import DataError

from .conftest import problems_of

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_the_real_data_loads():
    data = site_data.load()
    assert list(data.case_studies) == ["staffordshire", "bedfordshire", "cambridgeshire", "lambeth", "salford"]
    assert list(data.models) == ["prime-contractor", "prime-provider", "alliance"]
    # Salford is both an alliance and a prime provider; the model files do not repeat it.
    assert [c.id for c in data.cases_using("prime-provider")] == ["cambridgeshire", "salford"]
    assert [c.id for c in data.cases_using("alliance")] == ["lambeth", "salford"]


def test_data_errors_are_plugin_errors_so_mkdocs_prints_them_without_a_traceback():
    assert issubclass(DataError, PluginError)


def test_wrong_type(data_copy):
    data_copy.edit(
        "case-studies/bedfordshire.yaml",
        lambda d: d["contract"]["first_year_value"].update(amount="lots"),
    )
    message = problems_of(data_copy.root)
    assert "data/case-studies/bedfordshire.yaml" in message
    assert "contract.first_year_value.amount" in message
    assert "expected an amount in pounds written as a number" in message
    assert "got 'lots'" in message


def test_wrong_type_for_text_and_whole_numbers(data_copy):
    def change(d):
        d["name"] = 42
        d["order"] = 2.5

    data_copy.edit("case-studies/lambeth.yaml", change)
    message = problems_of(data_copy.root)
    assert "data/case-studies/lambeth.yaml" in message
    assert "name: expected text, got 42" in message
    assert "order: expected a whole number, got 2.5" in message


def test_missing_field(data_copy):
    data_copy.edit("case-studies/cambridgeshire.yaml", lambda d: d["contract"]["term"].pop("years"))
    message = problems_of(data_copy.root)
    assert "data/case-studies/cambridgeshire.yaml" in message
    assert "contract.term.years: required field is missing" in message


def test_unknown_key_lists_the_allowed_keys(data_copy):
    data_copy.edit("models/alliance.yaml", lambda d: d["money_flow"].update(colour="blue"))
    message = problems_of(data_copy.root)
    assert "data/models/alliance.yaml" in message
    assert "money_flow.colour: unknown key; allowed keys: source, text" in message


def test_dangling_reference_id(data_copy):
    data_copy.edit(
        "case-studies/salford.yaml", lambda d: d["contract"]["term"]["source"].update(ref="adicott-2014")
    )
    message = problems_of(data_copy.root)
    assert "data/case-studies/salford.yaml" in message
    assert ("contract.term.source.ref: unknown reference id 'adicott-2014' (did you mean 'addicott-2014'?); "
            "expected an id from data/references.bib") in message


def test_case_study_naming_an_unknown_model(data_copy):
    data_copy.edit(
        "case-studies/lambeth.yaml", lambda d: d["contract"]["type"].update(models=["aliance"])
    )
    message = problems_of(data_copy.root)
    assert "data/case-studies/lambeth.yaml" in message
    assert "contract.type.models.0: unknown model id 'aliance' (did you mean 'alliance'?)" in message
    assert "expected one of: alliance, prime-contractor, prime-provider" in message


def test_glossary_see_also_that_does_not_exist(data_copy):
    def change(d):
        ccg = next(t for t in d["terms"] if t["term"] == "CCG")
        ccg["see_also"] = ["Commissioning support gnome"]

    data_copy.edit("glossary.yaml", change)
    message = problems_of(data_copy.root)
    assert "data/glossary.yaml" in message
    assert "see_also.0: no glossary term 'Commissioning support gnome'" in message


def test_preset_naming_an_unknown_calculator(data_copy):
    data_copy.edit("case-studies/bedfordshire.yaml", lambda d: d["presets"][0].update(calculator="forecast"))
    message = problems_of(data_copy.root)
    assert "data/case-studies/bedfordshire.yaml" in message
    assert "presets.0.calculator: expected one of 'projection', 'risk-share', 'alliance' or 'multi-year', got 'forecast'" in message


def test_preset_fact_path_that_does_not_exist(data_copy):
    data_copy.edit(
        "case-studies/staffordshire.yaml",
        lambda d: d["presets"][0]["inputs"].update(years={"fact": "contract.term.yeers"}),
    )
    message = problems_of(data_copy.root)
    assert "data/case-studies/staffordshire.yaml" in message
    assert "presets.0.inputs.years.fact: preset staffordshire-projection" in message
    assert "'contract.term.yeers' does not exist" in message
    assert "expected one of: source, years, extension_years, wording" in message


def test_preset_the_calculator_engine_rejects(data_copy):
    def change(d):
        d["presets"][1]["inputs"]["measures"]["value"][0]["weight_pct"] = 25  # weights now sum to 110

    data_copy.edit("case-studies/bedfordshire.yaml", change)
    message = problems_of(data_copy.root)
    assert "data/case-studies/bedfordshire.yaml" in message
    assert "presets.1.inputs.measures: preset bedfordshire-risk-share" in message
    assert "weights must add up to 100, got 110" in message


def test_yaml_syntax_error_names_file_and_line(data_copy):
    data_copy.replace_text("nuffield.yaml", "options:", "options: [")
    message = problems_of(data_copy.root)
    assert "data/nuffield.yaml, line " in message
    assert "not valid YAML" in message


def _save_a_latin1_pound_sign(data_copy, name: str) -> int:
    """Put a pound sign saved as Latin-1 (byte 0xa3) in a comment above ``options:``; its line."""
    path = data_copy.path(name)
    lines = path.read_text("utf-8").splitlines(keepends=True)
    line = next(i for i, t in enumerate(lines, 1) if t.startswith("options:"))
    lines.insert(line - 1, "# Cost: POUND24 million\n")
    path.write_bytes("".join(lines).encode("utf-8").replace(b"POUND", "\u00a3".encode("latin-1")))
    return line


def test_a_yaml_file_that_is_not_utf8_names_its_line_and_column(data_copy):
    line = _save_a_latin1_pound_sign(data_copy, "nuffield.yaml")
    assert (f"data/nuffield.yaml, line {line}, column 9: not UTF-8: byte 0xa3 is not a UTF-8 character "
            "(save the file as UTF-8)") in problems_of(data_copy.root)


def test_a_yaml_file_that_is_not_utf8_fails_the_data_check_commands_without_a_traceback(data_copy):
    line = _save_a_latin1_pound_sign(data_copy, "nuffield.yaml")
    expected = f"data/nuffield.yaml, line {line}, column 9: not UTF-8: byte 0xa3 is not a UTF-8 character"
    for command in (["macros.export_presets", "--check", "--data", str(data_copy.root)],
                    ["macros.data.jsonschemas", "--check"]):
        result = subprocess.run(
            [sys.executable, "-m", *command], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
            env={**os.environ, site_data.DATA_DIR_VARIABLE: str(data_copy.root)},
        )
        assert result.returncode == 1, command
        assert expected in result.stderr, result.stderr
        assert "Traceback" not in result.stdout + result.stderr


def test_a_byte_order_mark_at_the_start_of_a_yaml_file_is_no_mistake(data_copy):
    path = data_copy.path("nuffield.yaml")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    site_data.load(data_copy.root, check_presets=False)
    result = subprocess.run(
        [sys.executable, "-m", "macros.data.jsonschemas", "--check"], cwd=REPO_ROOT, capture_output=True,
        text=True, timeout=120, env={**os.environ, site_data.DATA_DIR_VARIABLE: str(data_copy.root)},
    )
    assert (result.returncode, result.stdout.strip()) == (0, "schemas: OK"), result.stderr


def _line_of(data_copy, name: str, text: str) -> int:
    return next(i for i, t in enumerate(data_copy.path(name).read_text("utf-8").splitlines(), 1) if text in t)


def test_a_tab_used_for_indentation_says_to_indent_with_spaces(data_copy):
    data_copy.replace_text("nuffield.yaml", "    name: A series of contracts", "\tname: A series of contracts")
    line = _line_of(data_copy, "nuffield.yaml", "\tname: A series of contracts")
    assert (f"data/nuffield.yaml, line {line}, column 1: not valid YAML: while scanning a plain scalar, "
            "found a tab character that violates indentation; indent with spaces, not tabs") in problems_of(data_copy.root)


def test_an_unquoted_colon_says_the_text_needs_quotes(data_copy):
    data_copy.replace_text("nuffield.yaml", "name: A series of contracts", "name: Option 1: a series of contracts")
    line = _line_of(data_copy, "nuffield.yaml", "name: Option 1: a series")
    assert (f"data/nuffield.yaml, line {line}, column 19: not valid YAML: mapping values are not allowed in this "
            "context; text that contains ': ' needs quotes, e.g. title: \"Home: start\"") in problems_of(data_copy.root)


def test_an_unclosed_quote_says_where_it_opened(data_copy):
    path = data_copy.path("nuffield.yaml")
    text = path.read_text("utf-8")
    path.write_text(text + 'notes: "begun\n  and never finished\n', encoding="utf-8")
    line = text.count("\n") + 1
    assert (f"data/nuffield.yaml, line {line + 2}, column 1: not valid YAML: while scanning a quoted scalar, "
            f"found unexpected end of stream; the quote opened at line {line}, column 8 is not closed"
            ) in problems_of(data_copy.root)


def test_duplicate_key_is_an_error_not_silently_the_last_one(data_copy):
    data_copy.replace_text("case-studies/lambeth.yaml", "order: 4\n", "order: 4\norder: 5\n")
    message = problems_of(data_copy.root)
    assert "data/case-studies/lambeth.yaml" in message
    assert "duplicate key 'order'" in message


def test_id_must_match_the_file_name(data_copy):
    data_copy.edit("case-studies/salford.yaml", lambda d: d.update(id="salfrod"))
    message = problems_of(data_copy.root)
    assert "data/case-studies/salford.yaml" in message
    assert "id: expected 'salford' (the file name without .yaml), got 'salfrod'" in message


def test_every_problem_is_listed_at_once(data_copy):
    data_copy.edit("case-studies/bedfordshire.yaml", lambda d: d["contract"]["term"].update(years="five"))
    data_copy.edit("models/prime-provider.yaml", lambda d: d.pop("definition"))
    data_copy.edit("glossary.yaml", lambda d: d["terms"][0].update(spelling="British"))
    message = problems_of(data_copy.root)
    assert message.startswith("3 problems in the site data")
    assert "data/case-studies/bedfordshire.yaml" in message and "contract.term.years" in message
    assert "data/models/prime-provider.yaml" in message and "definition: required field is missing" in message
    assert "data/glossary.yaml" in message and "terms.0.spelling: unknown key" in message


def test_problems_give_the_line_in_the_file(data_copy):
    path = data_copy.path("case-studies/bedfordshire.yaml")
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, start=1) if text.strip() == "amount: 26500000")
    data_copy.replace_text("case-studies/bedfordshire.yaml", "amount: 26500000", "amount: lots")
    assert f"data/case-studies/bedfordshire.yaml, line {line}: contract.first_year_value.amount" in problems_of(
        data_copy.root
    )


def test_adding_a_case_study_is_one_file(data_copy):
    text = data_copy.path("case-studies/lambeth.yaml").read_text(encoding="utf-8")
    text = text.replace("id: lambeth", "id: newtown").replace("name: Lambeth", "name: Newtown")
    text = text.replace("order: 4", "order: 6").replace("id: lambeth-alliance", "id: newtown-alliance")
    data_copy.path("case-studies/newtown.yaml").write_text(text, encoding="utf-8")
    data = site_data.load(data_copy.root)
    assert list(data.case_studies)[-1] == "newtown"
    assert "newtown" in [c.id for c in data.cases_using("alliance")]


# -- The bibliography is BibTeX: its errors read like the YAML files' ----------------------


def test_bibtex_syntax_error_names_the_file_and_line(data_copy):
    data_copy.replace_text("references.bib", "@misc{addicott-2014,", "@misc{addicott-2014\n  broken")
    message = problems_of(data_copy.root)
    assert "data/references.bib" in message
    assert "not valid BibTeX" in message
    assert "line " in message


def test_bibtex_unknown_field_lists_the_allowed_fields(data_copy):
    data_copy.replace_text("references.bib", "  role      = {source},", "  role      = {source},\n  jornal = {BMJ},", )
    message = problems_of(data_copy.root)
    assert "data/references.bib" in message
    assert "references.0.jornal: unknown key" in message
    assert "title" in message  # the allowed keys are listed


def test_bibtex_missing_title_and_bad_role(data_copy):
    data_copy.replace_text("references.bib", "  title     = {Commissioning and contracting for integrated care},\n", "")
    data_copy.replace_text("references.bib", "  role      = {source},", "  role      = {primary},")
    message = problems_of(data_copy.root)
    assert "references.0.title: required field is missing" in message
    assert "references.0.role" in message and "'primary'" in message


def test_a_renamed_reference_is_one_line_with_its_count_first_place_and_nearest_id(data_copy):
    data_copy.replace_text("references.bib", "@misc{addicott-2014,", "@misc{addicott-2014a,")
    citing = re.compile(r"ref: addicott-2014[,}\s]")
    count = sum(len(citing.findall(p.read_text("utf-8"))) for p in data_copy.root.rglob("*.yaml"))
    first = sorted(data_copy.root.rglob("*.yaml"))[0]
    line = next(i for i, t in enumerate(first.read_text("utf-8").splitlines(), 1) if citing.search(t + "\n"))
    assert count > 2
    assert problems_of(data_copy.root).splitlines() == [
        f"{count} problems in the site data (see data/README.md for what each file may contain):",
        "  - unknown reference id 'addicott-2014' (did you mean 'addicott-2014a'?); expected an id from "
        f"data/references.bib, in {count} places; the first: data/{first.relative_to(data_copy.root).as_posix()}, "
        f"line {line} (source.ref)",
    ]


def test_the_same_message_in_two_places_is_listed_at_each():
    from macros.data.problems import DataError, Problem

    error = DataError([Problem("data/a.yaml", "x.ref", "unknown reference id 'x'", 3),
                       Problem("data/b.yaml", "y.ref", "unknown reference id 'x'", 5)])
    assert str(error).splitlines()[1:] == ["  - data/a.yaml, line 3: x.ref: unknown reference id 'x'",
                                           "  - data/b.yaml, line 5: y.ref: unknown reference id 'x'"]


def test_an_amount_that_disagrees_with_its_wording_names_both(data_copy):
    data_copy.replace_text("case-studies/lambeth.yaml", "amount: 24000000\n", "amount: 2400000\n")
    line = _line_of(data_copy, "case-studies/lambeth.yaml", "amount: 2400000")
    assert _line_of(data_copy, "case-studies/lambeth.yaml", "wording: £24 million") == line + 1
    assert (f"data/case-studies/lambeth.yaml, line {line}: contract.total_value.amount: amount 2400000 is "
            f"£2.4 million, but its wording (line {line + 1}) says '£24 million'; correct one of them"
            ) in problems_of(data_copy.root)


@pytest.mark.parametrize(("wording", "amount", "agree"), [
    ("£24 million", 24_000_000, True),
    ("£24 million", 24_400_000, True),  # written to two significant figures
    ("£24 million", 24_600_000, False),
    ("£8 million per year", 8_000_000, True),
    ("£1.2 billion", 1_230_000_000, True),
    ("£1.2 billion", 120_000_000, False),
    ("about £98m", 98_000_000, True),
    ("approx £26.5 million in the first year", 26_500_000, True),
    ("approx £26.5 million in the first year", 26_000_000, False),
    ("around £860,000 to date", 864_000, True),
    ("around £860,000 to date", 86_000, False),
])
def test_a_wordings_pound_figure_matches_the_amounts_that_round_to_it(wording, amount, agree):
    from macros.data.checks import wording_pounds

    figure, within = wording_pounds(wording)
    assert (abs(amount - figure) <= within) is agree


def test_a_citation_to_a_removed_bibtex_entry_fails(data_copy):
    data_copy.replace_text("references.bib", "@misc{addicott-2014,", "@misc{addicott-2014-removed,")
    message = problems_of(data_copy.root)
    assert "unknown reference id 'addicott-2014'" in message
    assert "expected an id from data/references.bib" in message


# -- Dates, percentages and preset values: each mistake reported where it is written ------


def test_an_impossible_unquoted_date_names_the_file_line_and_field(data_copy):
    data_copy.replace_text("case-studies/salford.yaml", '- date: "2014-10"', "- date: 2014-09-31")
    lines = data_copy.path("case-studies/salford.yaml").read_text("utf-8").splitlines()
    line = next(i for i, t in enumerate(lines, 1) if "date: 2014-09-31" in t)
    message = problems_of(data_copy.root)
    assert (f"data/case-studies/salford.yaml, line {line}: contract.starts.0.date: "
            "no such day: September 2014 has 30 days, got '2014-09-31'") in message


def test_an_impossible_date_fails_the_data_check_command_without_a_traceback(data_copy):
    data_copy.replace_text("case-studies/salford.yaml", '- date: "2014-10"', "- date: 2014-02-30")
    result = subprocess.run(
        [sys.executable, "-m", "macros.export_presets", "--check", "--data", str(data_copy.root)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert "contract.starts.0.date: no such day: February 2014 has 28 days" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_the_data_check_command_prints_annotations_in_github_actions(data_copy):
    data_copy.replace_text("case-studies/salford.yaml", '- date: "2014-10"', "- date: 2014-09-31")
    result = subprocess.run(
        [sys.executable, "-m", "macros.export_presets", "--check", "--data", str(data_copy.root)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, env={**os.environ, "GITHUB_ACTIONS": "true"},
    )
    lines = data_copy.path("case-studies/salford.yaml").read_text("utf-8").splitlines()
    line = next(i for i, t in enumerate(lines, 1) if "date: 2014-09-31" in t)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"::error file=data/case-studies/salford.yaml,line={line},title=Site data::"
        "contract.starts.0.date: no such day: September 2014 has 30 days, got '2014-09-31'"
    ]


def test_an_unquoted_real_date_is_read_as_the_same_text_as_a_quoted_one(data_copy):
    data_copy.replace_text("case-studies/salford.yaml", '- date: "2014-10"', "- date: 2014-10-01")
    case = site_data.load(data_copy.root).case_studies["salford"]
    assert case.contract.starts[0].date == "2014-10-01"


@pytest.mark.parametrize("value", ["700", "-150", ".nan"])
def test_a_percentage_in_a_fact_is_range_checked_even_when_no_preset_uses_it(data_copy, value):
    data_copy.edit("case-studies/bedfordshire.yaml", lambda d: d["key_figures"].update(
        stray={"percent": float(value) if value != ".nan" else float("nan"), "label": "a share",
               "wording": "a share", "source": {"ref": "addicott-2014", "page": "19"}}))
    message = problems_of(data_copy.root)
    assert "key_figures.stray.percent: expected a percentage from -100 to 100 (2.5 means 2.5%)" in message


def test_a_percentage_by_year_is_range_checked_at_its_item(data_copy):
    data_copy.replace_text("case-studies/cambridgeshire.yaml", "by_year: [0, 10, 10, 15, 15]", "by_year: [0, 10, 110, 15, 15]")
    message = problems_of(data_copy.root)
    assert "payment.terms.outcome-incentive.by_year.2: expected a percentage from -100 to 100" in message


def test_a_preset_value_the_calculator_rejects_is_reported_at_the_fact_it_came_from(data_copy):
    data_copy.replace_text("case-studies/staffordshire.yaml", "    years: 10\n", "    years: 40\n")
    lines = data_copy.path("case-studies/staffordshire.yaml").read_text("utf-8").splitlines()
    line = next(i for i, t in enumerate(lines, 1) if t == "    years: 40")
    message = problems_of(data_copy.root)
    assert (f"data/case-studies/staffordshire.yaml, line {line}: contract.term.years: the projection calculator "
            "rejects years: must be a whole number from 1 to 30, got 40 "
            "(preset staffordshire-projection takes years from here)") in message
