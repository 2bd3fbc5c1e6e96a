"""Presets: the reader's messages, and every real preset exported from data/case-studies/*.yaml."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from calculators import CALCULATORS, ValidationError, compute, presets

ROOT = Path(__file__).resolve().parents[2]


class TestPresetsReader:
    def test_reads_the_file(self, fixture_presets):
        assert list(presets.load()) == ["bedfordshire-projection", "bedfordshire-risk-share", "salford-alliance"]
        assert presets.compute_preset("salford-alliance")["pool"] == "98000000.00"

    def test_missing_file_says_to_run_make_presets(self, tmp_path):
        with pytest.raises(presets.PresetsUnavailable, match=r"is missing: run `make presets`"):
            presets.load(tmp_path / "presets.json")

    @pytest.mark.parametrize(("text", "message"), [
        ("{", "is not valid JSON"),
        ("[]", "must hold an object of presets by id"),
        ('{"x": {"calculator": "projection"}}', "preset 'x' lacks case_study, title, inputs"),
    ])
    def test_malformed_file(self, tmp_path, text, message):
        path = tmp_path / "presets.json"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(presets.PresetsUnavailable, match=message):
            presets.load(path)

    def test_unknown_preset(self, fixture_presets):
        with pytest.raises(ValidationError) as caught:
            presets.get("lambeth-risk-share")
        assert [str(p) for p in caught.value.problems] == [
            'preset: unknown preset "lambeth-risk-share"; known presets are bedfordshire-projection,'
            " bedfordshire-risk-share, salford-alliance"]


@pytest.fixture(scope="module")
def real_presets():
    """The presets exported from data/ (exported now if the generated file is missing)."""
    if not presets.PRESETS_FILE.exists():
        subprocess.run([sys.executable, "-m", "macros.export_presets"], cwd=ROOT, check=True, timeout=120)
    return presets.load()


class TestRealPresets:
    def test_the_case_studies_are_covered(self, real_presets):
        assert {"bedfordshire-projection", "bedfordshire-risk-share", "cambridgeshire-projection",
                "staffordshire-projection", "salford-alliance", "lambeth-alliance"} <= set(real_presets)

    def test_every_preset_computes(self, real_presets):
        for preset_id, preset in real_presets.items():
            assert preset["calculator"] in CALCULATORS, preset_id
            result = compute(preset["calculator"], preset["inputs"])
            assert result["explanation"], preset_id

    def test_every_input_is_marked_reported_or_illustrative(self, real_presets):
        for preset_id, preset in real_presets.items():
            for field, mark in preset.get("marks", {}).items():
                assert field.split(".")[0] in preset["inputs"], f"{preset_id}: mark for absent input {field}"
                assert mark["basis"] in ("reported", "illustrative"), f"{preset_id}: {field}"
                assert mark.get("source" if mark["basis"] == "reported" else "note"), f"{preset_id}: {field}"

    def test_bedfordshire_projection_reproduces_the_worked_example(self, real_presets):
        result = compute("projection", real_presets["bedfordshire-projection"]["inputs"])
        assert [row["value"] for row in result["rows"]] == [
            "26500000.00", "26844500.00", "27193478.50", "27546993.72", "27905104.64"]
        assert result["totals"]["value"] == "135990076.86"
        assert result["reconciliation"]["stated_total"] == "130000000.00"

    def test_bedfordshire_risk_share_at_the_spec_cost(self, real_presets):
        inputs = {**real_presets["bedfordshire-risk-share"]["inputs"], "actual_cost": "23500000"}
        result = compute("risk-share", inputs)
        assert (result["upfront"], result["surplus"]) == ("25175000.00", "1675000.00")
        assert [(b["slice"], b["provider_part"], b["commissioner_part"]) for b in result["bands"]] == [
            ("1258750.00", "1258750.00", "0.00"), ("416250.00", "208125.00", "208125.00")]
        assert (result["provider_share"], result["commissioner_share"]) == ("1466875.00", "208125.00")

    def test_salford_contributions(self, real_presets):
        result = compute("alliance", real_presets["salford-alliance"]["inputs"])
        commissioners = [p for p in result["partners"] if p["role"] == "commissioner"]
        assert [p["contribution"] for p in commissioners] == ["65333333.33", "32666666.67"]
        assert result["pool"] == "98000000.00"

    def test_lambeth_has_no_risk_share(self, real_presets):
        result = compute("alliance", real_presets["lambeth-alliance"]["inputs"])
        assert result["risk_share"] is False
        assert all(p["share_of_variance"] == "0.00" for p in result["partners"] if p["role"] == "provider")

    def test_cambridgeshire_outcome_schedule_and_population(self, real_presets):
        inputs = real_presets["cambridgeshire-projection"]["inputs"]
        result = compute("projection", inputs)
        assert [row["incentive_pct"] for row in result["rows"]][:5] == ["0", "10", "10", "15", "15"]
        assert "actual_population_growth_pct" in inputs

    def test_presets_file_is_valid_json_for_the_browser(self):
        json.loads(presets.PRESETS_FILE.read_text(encoding="utf-8"))
