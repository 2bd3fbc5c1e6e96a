"""A page that calls a macro wrongly fails the build naming the page, the line and the problem.

Each case builds a small fixture site (tests/data/conftest.py) whose page holds the
mistake, and checks mkdocs' output: the message, a non-zero exit, and no traceback. In
GitHub Actions the same problems are printed as workflow annotations.
"""

from __future__ import annotations

import pytest

from macros.data import DATA_DIR_VARIABLE

from .conftest import REPO_ROOT

CASES = {
    "wrong argument count": (
        "# Page\n\nText.\n\n{{ table1('lambeth') }}\n",
        "docs/index.md, line 5: table1(): too many positional arguments; call it as {{ table1() }}",
    ),
    "missing argument": (
        "# Page\n\n{{ fact('lambeth') }}\n",
        "docs/index.md, line 3: fact(): missing a required argument: 'path'; call it as {{ fact(case_id, path) }}",
    ),
    "undefined variable": (
        "# Page\n\n{{ contract_value }}\n",
        "docs/index.md, line 3: 'contract_value' is undefined: no such variable or macro",
    ),
    "undefined macro": (
        "# Page\n\n{{ tabel1() }}\n",
        "docs/index.md, line 3: 'tabel1' is undefined: no such variable or macro",
    ),
    "unknown calculator": (
        "# Page\n\n{{ calculator('forecast') }}\n",
        "docs/index.md, line 3: calculator(): unknown calculator 'forecast'",
    ),
    "unknown case study": (
        "# Page\n\n{{ case_study_facts('newtown') }}\n",
        "docs/index.md, line 3: unknown case study 'newtown'; expected one of: staffordshire,",
    ),
    "unknown reference": (
        "# Page\n\nAs reported {{ cite('adicott-2014', '21') }}.\n",
        "docs/index.md, line 3: cite(): unknown reference id 'adicott-2014' (did you mean 'addicott-2014'?); "
        "expected an id from data/references.bib",
    ),
    "macro syntax error": (
        "# Page\n\n{{ cite('addicott-2014' }}\n",
        "docs/index.md, line 3: macro syntax error:",
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES))
def test_a_page_error_names_the_page_line_and_problem_without_a_traceback(fixture_site, case):
    page, expected = CASES[case]
    result = fixture_site.build({"index.md": page})
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert expected in output, output
    assert "Traceback" not in output, output
    assert "::error" not in output, "annotations are printed only in GitHub Actions"


@pytest.mark.slow
def test_in_github_actions_a_page_error_is_also_an_annotation(fixture_site):
    result = fixture_site.build({"index.md": "# Page\n\n{{ tabel1() }}\n"}, env={"GITHUB_ACTIONS": "true"})
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert annotations == [
        "::error file=docs/index.md,line=3,title=Page::'tabel1' is undefined: no such variable or macro"
        " (the macros a page may call: macros/render/__init__.py)"
    ], result.stdout + result.stderr


@pytest.mark.slow
def test_in_github_actions_each_data_problem_is_an_annotation_at_its_line(fixture_site, data_copy):
    path = data_copy.path("case-studies/bedfordshire.yaml")
    line = next(i for i, t in enumerate(path.read_text("utf-8").splitlines(), 1) if t.strip() == "amount: 26500000")
    data_copy.replace_text("case-studies/bedfordshire.yaml", "amount: 26500000", "amount: lots")
    data_copy.replace_text("glossary.yaml", "terms:", "terms:\n  - term: Broken\n    definiton: typo")
    result = fixture_site.build(
        {"index.md": "# Page\n"}, env={"GITHUB_ACTIONS": "true", DATA_DIR_VARIABLE: str(data_copy.root)}
    )
    annotations = sorted(line for line in result.stdout.splitlines() if line.startswith("::error"))
    assert result.returncode != 0
    assert f"::error file=data/case-studies/bedfordshire.yaml,line={line},title=Site data::" \
           "contract.first_year_value.amount: expected an amount in pounds" in "\n".join(annotations)
    assert any(a.startswith("::error file=data/glossary.yaml,line=") and "definiton: unknown key" in a
               for a in annotations), annotations
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.slow
def test_an_impossible_date_stops_the_build_with_its_file_line_and_field(fixture_site, data_copy):
    data_copy.replace_text("case-studies/lambeth.yaml", "order: 4\n", "order: 4\nkey_dates_typo: 2014-04-31\n")
    data_copy.replace_text("case-studies/salford.yaml", '- date: "2014-10"', "- date: 2014-09-31")
    result = fixture_site.build({"index.md": "# Page\n"}, env={DATA_DIR_VARIABLE: str(data_copy.root)})
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "data/case-studies/salford.yaml, line " in output
    assert "contract.starts.0.date: no such day: September 2014 has 30 days, got '2014-09-31'" in output
    assert "data/case-studies/lambeth.yaml, line " in output and "key_dates_typo: unknown key" in output
    assert "Traceback" not in output, output


@pytest.mark.slow
def test_in_github_actions_a_broken_link_is_an_annotation_at_its_line(fixture_site):
    page = "# Page\n\nSome text.\n\nSee [the models](models.md).\n"
    result = fixture_site.build({"index.md": page}, env={"GITHUB_ACTIONS": "true"})
    assert result.returncode != 0
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert annotations == [
        "::error file=docs/index.md,line=5,title=Build::Doc file 'index.md' contains a link 'models.md', "
        "but the target is not found among documentation files."
    ], result.stdout + result.stderr


FRONT_MATTER = "---\ntitle: Home\ndescription: A page with front matter.\n---\n\n# Page\n\nText.\n\n{{ tabel1() }}\n"


@pytest.mark.slow
def test_a_page_error_after_front_matter_names_the_line_in_the_file(fixture_site):
    # MkDocs renders the page without its front matter; the line is still the file's.
    result = fixture_site.build({"index.md": FRONT_MATTER}, env={"GITHUB_ACTIONS": "true"})
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "docs/index.md, line 10: 'tabel1' is undefined: no such variable or macro" in output, output
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert annotations == [
        "::error file=docs/index.md,line=10,title=Page::'tabel1' is undefined: no such variable or macro"
        " (the macros a page may call: macros/render/__init__.py)"
    ], output


@pytest.mark.slow
def test_a_macro_syntax_error_after_front_matter_names_the_line_in_the_file(fixture_site):
    page = FRONT_MATTER.replace("{{ tabel1() }}", "{{ cite('addicott-2014' }}")
    result = fixture_site.build({"index.md": page})
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "docs/index.md, line 10: macro syntax error:" in output, output


@pytest.mark.slow
def test_front_matter_that_is_not_valid_yaml_stops_the_build_at_its_line(fixture_site):
    # MkDocs would drop such front matter and show it as the page's first paragraph.
    page = "---\ntitle: Home: start\n---\n\n# Page\n"
    result = fixture_site.build({"index.md": page}, env={"GITHUB_ACTIONS": "true"})
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert ("docs/index.md, line 2, column 12: front matter is not valid YAML: "
            "mapping values are not allowed here; text that contains ': ' needs quotes, e.g. title: \"Home: start\"") in output, output
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert annotations == [
        "::error file=docs/index.md,line=2,col=12,title=Page::front matter is not valid YAML: "
        "mapping values are not allowed here; text that contains ': ' needs quotes, e.g. title: \"Home: start\""
    ], output
    assert "Traceback" not in output, output


@pytest.mark.slow
def test_a_page_that_is_not_utf8_stops_the_build_at_its_line_without_a_traceback(fixture_site):
    page = "# Page\n\nIt cost \u00a324 million.\n".encode("latin-1")
    result = fixture_site.build({"index.md": page})
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert ("docs/index.md, line 3, column 9: not UTF-8: byte 0xa3 is not a UTF-8 character "
            "(save the file as UTF-8)") in output, output
    assert "Traceback" not in output, output


def test_the_pages_are_utf8_with_front_matter_that_is_yaml():
    from macros.render import sources

    assert sources.problems(REPO_ROOT / "docs") == []
