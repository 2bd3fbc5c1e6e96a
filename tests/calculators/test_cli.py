"""The command line: formats, presets, exit status 2 with one line per problem, never a traceback."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from calculators import CALCULATORS, compute
from calculators.cli import main

from .conftest import BEDFORDSHIRE_PROJECTION, BEDFORDSHIRE_RISK_SHARE, SALFORD_ALLIANCE

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv, stdin=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def inputs_file(tmp_path):
    def write(data, name="inputs.json"):
        path = tmp_path / name
        path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
        return str(path)
    return write


class TestCommandLine:
    def test_json_output_is_the_library_result(self, capsys, inputs_file):
        status, out, err = run(capsys, "projection", "--input", inputs_file(BEDFORDSHIRE_PROJECTION))
        assert (status, err) == (0, "")
        assert json.loads(out) == compute("projection", BEDFORDSHIRE_PROJECTION)

    def test_standard_input(self, capsys, monkeypatch):
        status, out, _ = run(capsys, "alliance", "--input", "-", stdin=json.dumps(SALFORD_ALLIANCE),
                             monkeypatch=monkeypatch)
        assert status == 0 and json.loads(out)["pool"] == "98000000.00"

    def test_csv_of_single_figures_gives_each_in_words_with_its_unit_and_field(self, capsys, inputs_file):
        status, out, _ = run(capsys, "risk-share", "--input", inputs_file(BEDFORDSHIRE_RISK_SHARE), "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(out)))
        assert status == 0 and out.startswith("Figure,Value,Unit,Field\n")
        by_field = {row["Field"]: row for row in rows}
        assert by_field["provider_share"]["Value"] == "1466875.00" and by_field["provider_share"]["Unit"] == "£"
        assert by_field["provider_share"]["Figure"] == "Contract-holder keeps (bears if negative)"
        assert not any(key.startswith("explanation") for key in by_field)

    def test_csv_of_a_table_has_one_row_per_year_headed_in_words(self, capsys, inputs_file):
        status, out, _ = run(capsys, "projection", "--input", inputs_file(BEDFORDSHIRE_PROJECTION), "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(out)))
        assert status == 0 and [row["Year"] for row in rows] == ["1", "2", "3", "4", "5", "Total"]
        # The spec's worked example: year 2 = 26,500,000 × 1.013; the total as the spec gives it.
        assert rows[1]["Contract value (£)"] == "26844500.00" and rows[-1]["Contract value (£)"] == "135990076.86"

    def test_table_is_aligned_and_explains(self, capsys, inputs_file):
        status, out, _ = run(capsys, "projection", "--input", inputs_file(BEDFORDSHIRE_PROJECTION), "--format", "table")
        lines = out.splitlines()
        assert status == 0
        # Column headings are the declared labels of the result's fields.
        assert lines[0].startswith("Year") and "Contract value" in lines[0]
        total = next(line for line in lines if line.startswith("Total"))
        assert total.split()[1] == "135,990,076.86"
        # Figures right-aligned: every year row ends its value column at the same place.
        value_ends = {line.index(line.split()[1]) + len(line.split()[1]) for line in lines[2:8]}
        assert len(value_ends) == 1
        assert "How this was worked out:" in out
        assert "Year 2 value = 26,500,000.00 × (1 + 1.3%) = 26,844,500.00" in out

    @pytest.mark.parametrize("name", ["risk-share", "alliance"])
    def test_tables_for_the_other_calculators(self, capsys, inputs_file, name):
        data = BEDFORDSHIRE_RISK_SHARE if name == "risk-share" else SALFORD_ALLIANCE
        status, out, _ = run(capsys, name, "--input", inputs_file(data), "--format", "table")
        assert status == 0 and "How this was worked out:" in out
        assert ("1,466,875.00" if name == "risk-share" else "65,333,333.33") in out

    def test_bad_input_exits_2_with_one_line_per_problem(self, capsys, inputs_file):
        bad = {**BEDFORDSHIRE_RISK_SHARE, "upfront_pct": 96, "measures": [
            {"name": "a", "weight_pct": 0, "achievement_pct": 1}, {"name": "b", "weight_pct": 0, "achievement_pct": 1},
            {"name": "c", "weight_pct": 140, "achievement_pct": 1}]}
        status, out, err = run(capsys, "risk-share", "--input", inputs_file(bad))
        assert (status, out) == (2, "")
        assert err.splitlines() == [
            "at_risk_pct: the shares paid up front, as a management fee and withheld against outcomes must add up to 100, got 96 + 2.5 + 2.5 = 101",
            "measures[2].weight_pct: must be between 0 and 100, got 140",
        ]

    @pytest.mark.parametrize(("argv", "message"), [
        (["projection", "--input", "/no/such/file.json"], "input: no such file: /no/such/file.json"),
        (["projection"], "input: give the inputs with --input FILE.json (or - for standard input) or --preset ID"),
        (["payback", "--input", "-"], 'calculator: unknown calculator "payback"; choose one of projection,'
                                      " risk-share, alliance, multi-year (or 'list')"),
    ])
    def test_usage_problems(self, capsys, argv, message):
        status, _, err = run(capsys, *argv)
        assert (status, err.strip()) == (2, message)

    def test_bad_json(self, capsys, inputs_file):
        status, _, err = run(capsys, "projection", "--input", inputs_file('{"years": 5,}'))
        assert status == 2
        assert err.startswith("input: ") and "are not valid JSON (line 1, column 13)" in err

    def test_presets(self, capsys, fixture_presets):
        status, out, _ = run(capsys, "projection", "--preset", "bedfordshire-projection")
        assert status == 0 and json.loads(out)["totals"]["value"] == "135990076.86"
        status, _, err = run(capsys, "projection", "--preset", "nowhere-projection")
        assert status == 2 and err.startswith('preset: unknown preset "nowhere-projection"; known presets are'
                                              " bedfordshire-projection, bedfordshire-risk-share, salford-alliance")
        status, _, err = run(capsys, "alliance", "--preset", "bedfordshire-projection")
        assert (status, err.strip()) == (2, "preset: bedfordshire-projection is a preset for projection, not alliance")

    def test_missing_presets_file_says_what_to_run(self, capsys, tmp_path, monkeypatch):
        from calculators import presets

        monkeypatch.setattr(presets, "PRESETS_FILE", tmp_path / "presets.json")
        status, _, err = run(capsys, "projection", "--preset", "bedfordshire-projection")
        assert status == 2 and "run `make presets`" in err

    def test_list(self, capsys, fixture_presets):
        status, out, _ = run(capsys, "list")
        assert status == 0
        assert "projection" in out and "risk-share" in out and "alliance" in out
        assert "salford-alliance" in out and "Salford's pool" in out


class TestAsAProcess:
    """``python -m calculators`` really runs, and errors never show a traceback."""

    def cli(self, *argv, stdin=""):
        return subprocess.run([sys.executable, "-m", "calculators", *argv], input=stdin, capture_output=True,
                              text=True, cwd=ROOT, timeout=60)

    def test_runs(self):
        done = self.cli("projection", "--input", "-", stdin=json.dumps(BEDFORDSHIRE_PROJECTION))
        assert done.returncode == 0 and json.loads(done.stdout)["totals"]["value"] == "135990076.86"

    @pytest.mark.parametrize("stdin", ["not json", "[]", '{"years": "many"}', '{"x": 1e999}'])
    def test_no_traceback(self, stdin):
        done = self.cli("projection", "--input", "-", stdin=stdin)
        assert done.returncode == 2 and "Traceback" not in done.stderr and done.stderr.strip()

    def test_bad_option_is_a_usage_error(self):
        done = self.cli("projection", "--format", "xml")
        assert done.returncode == 2 and "invalid choice" in done.stderr and "Traceback" not in done.stderr


class TestPresetWithoutName:
    def test_the_preset_names_its_calculator(self, capsys, fixture_presets):
        status, out, _ = run(capsys, "--preset", "salford-alliance", "--format", "csv")
        # Salford's £98m pool split 2 : 1, by largest remainder: 65,333,333.33 to the first commissioner.
        assert status == 0 and out.splitlines()[1].startswith("CCG,commissioner,65333333.33,")

    def test_nothing_given(self, capsys):
        status, _, err = run(capsys)
        assert (status, err.strip()) == (2, "calculator: name a calculator (projection, risk-share, alliance,"
                                            " multi-year), 'list', or give --preset ID")


@pytest.mark.parametrize("name", list(CALCULATORS))
def test_schema_of_each_calculator_is_printed(capsys, name):
    status, out, _ = run(capsys, name, "--schema")
    assert status == 0 and json.loads(out) == CALCULATORS[name].json_schema()


class TestContractDesignOnTheCommandLine:
    """multi-year, break-even, payoff and uncertainty: JSON, CSV, table, presets and list."""

    UNCERTAIN = {"trials": 200, "seed": 3, "actual_cost": {"low_pct": 90, "mode_pct": 100, "high_pct": 120}}

    def test_multi_year_json_is_the_library_result(self, capsys, inputs_file):
        from .test_multi_year import FIVE_YEARS

        status, out, err = run(capsys, "multi-year", "--input", inputs_file(FIVE_YEARS))
        assert (status, err) == (0, "")
        assert json.loads(out) == compute("multi-year", FIVE_YEARS)

    def test_multi_year_table_and_csv(self, capsys, inputs_file):
        from .test_multi_year import FIVE_YEARS

        path = inputs_file({**FIVE_YEARS, "uncertainty": self.UNCERTAIN})
        status, out, _ = run(capsys, "multi-year", "--input", path, "--format", "table")
        lines = out.splitlines()
        assert status == 0 and lines[0].split()[:4] == ["Year", "Contract", "value", "Cost"]
        total = next(line for line in lines if line.startswith("Total"))
        assert total.split()[1:3] == ["5,204,040.16", "4,778,222.23"] and "403,547.73" in total
        assert "Simulated outturns" in out and "5th percentile" in out
        assert "How this was worked out:" in out
        status, out, _ = run(capsys, "multi-year", "--input", path, "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows[4]["Contract-holder's margin (£)"] == "64062.07"
        assert rows[-1]["Year"] == "Total" and rows[-1]["Contract-holder's margin (£)"] == "403547.73"

    def test_risk_share_break_even_payoff_and_uncertainty(self, capsys, inputs_file):
        path = inputs_file({**BEDFORDSHIRE_RISK_SHARE, "uncertainty": self.UNCERTAIN})
        status, out, _ = run(capsys, "risk-share", "--input", path, "--format", "csv")
        by_field = {row["Field"]: row["Value"] for row in csv.DictReader(io.StringIO(out))}
        assert status == 0 and by_field["break_even_cost"] == "26500000.00"
        status, out, _ = run(capsys, "risk-share", "--input", path, "--format", "table")
        assert "Break-even cost" in out and "26,500,000.00" in out.split("Break-even cost", 1)[1].splitlines()[0]
        payoff = out.split("Cost, % of the up-front sum", 1)[1].splitlines()
        assert payoff[2].split()[:2] == ["80", "20,140,000.00"] and payoff[22].split()[:2] == ["120", "30,210,000.00"]
        assert "5th percentile" in out and "Median" in out

    def test_null_break_even_in_csv_and_table(self, capsys, inputs_file):
        path = inputs_file({**BEDFORDSHIRE_RISK_SHARE, "provider_loss_cap": 1000000})
        _, out, _ = run(capsys, "risk-share", "--input", path, "--format", "csv")
        by_field = {row["Field"]: row["Value"] for row in csv.DictReader(io.StringIO(out))}
        assert by_field["break_even_cost"] == ""
        _, out, _ = run(capsys, "risk-share", "--input", path, "--format", "table")
        assert out.split("Break-even cost", 1)[1].splitlines()[0].strip() == "none within reach"

    def test_bad_multi_year_input(self, capsys, inputs_file):
        from .test_multi_year import FIVE_YEARS

        status, out, err = run(capsys, "multi-year", "--input", inputs_file(
            {**FIVE_YEARS, "risk_applied_pct_by_year": [0, 140], "uncertainty": {"trials": 5}}))
        assert (status, out) == (2, "")
        assert err.splitlines() == [
            "risk_applied_pct_by_year[1]: must be between 0 and 100, got 140",
            "uncertainty.trials: must be a whole number from 100 to 20000, got 5",
            "uncertainty.actual_cost: is required: give {low_pct: ..., mode_pct: ..., high_pct: ...}",
        ]

    def test_multi_year_preset_and_list(self, capsys, tmp_path, monkeypatch):
        from calculators import presets

        from .conftest import FIXTURE_PRESETS
        from .test_multi_year import FIVE_YEARS

        path = tmp_path / "presets.json"
        path.write_text(json.dumps({**FIXTURE_PRESETS, "example-multi-year": {
            "calculator": "multi-year", "case_study": "bedfordshire", "title": "Five years, phased in",
            "inputs": FIVE_YEARS, "marks": {}}}), encoding="utf-8")
        monkeypatch.setattr(presets, "PRESETS_FILE", path)
        status, out, _ = run(capsys, "--preset", "example-multi-year")
        assert status == 0 and json.loads(out)["totals"]["provider_margin"] == "403547.73"
        status, out, _ = run(capsys, "list")
        assert status == 0 and "multi-year" in out and CALCULATORS["multi-year"].title in out
        assert "example-multi-year" in out
