"""The command line: formats, presets, exit status 2 with one line per problem, never a traceback."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from calculators import compute
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

    def test_csv_lists_every_figure_by_its_field_path(self, capsys, inputs_file):
        status, out, _ = run(capsys, "risk-share", "--input", inputs_file(BEDFORDSHIRE_RISK_SHARE), "--format", "csv")
        rows = dict(list(csv.reader(io.StringIO(out)))[1:])
        assert status == 0 and out.startswith("field,value\n")
        assert rows["provider_share"] == "1466875.00" and rows["bands.1.commissioner_part"] == "208125.00"
        assert not any(key.startswith("explanation") for key in rows)

    def test_table_is_aligned_and_explains(self, capsys, inputs_file):
        status, out, _ = run(capsys, "projection", "--input", inputs_file(BEDFORDSHIRE_PROJECTION), "--format", "table")
        lines = out.splitlines()
        assert status == 0
        assert lines[0].split()[:2] == ["Year", "Value"]
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
            "at_risk_pct: upfront_pct + management_fee_pct + at_risk_pct must sum to 100, got 96 + 2.5 + 2.5 = 101",
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
        assert err.startswith("input: ") and "is not valid JSON (line 1, column 13)" in err

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
        assert status == 0 and "partners.0.contribution,65333333.33" in out

    def test_nothing_given(self, capsys):
        status, _, err = run(capsys)
        assert (status, err.strip()) == (2, "calculator: name a calculator (projection, risk-share, alliance,"
                                            " multi-year), 'list', or give --preset ID")
