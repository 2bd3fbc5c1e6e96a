"""Shared fixtures for the calculator tests: small presets of our own, independent of data/."""

import json

import pytest

from calculators import presets

#: Inputs of the worked examples (docs/calculators/method.md), used across the tests.
BEDFORDSHIRE_PROJECTION = {"first_year_value": 26500000, "years": 5, "uplift_pct": 1.3, "stated_total": 130000000}
BEDFORDSHIRE_RISK_SHARE = {
    "contract_value": 26500000, "upfront_pct": 95, "management_fee_pct": 2.5, "at_risk_pct": 2.5,
    "measures": [{"name": "Outcomes", "weight_pct": 100, "achievement_pct": 100}],
    "actual_cost": 23500000,
    "gain_bands": [{"up_to_pct": 5, "provider_share_pct": 100}, {"up_to_pct": None, "provider_share_pct": 50}],
}
SALFORD_ALLIANCE = {
    "pool": 98000000,
    "partners": [
        {"name": "CCG", "role": "commissioner", "share_of_pool": 2},
        {"name": "Council", "role": "commissioner", "share_of_pool": 1},
        {"name": "Acute", "role": "provider", "budget": 60000000, "actual_spend": 61000000},
        {"name": "Community", "role": "provider", "budget": 30000000, "actual_spend": 28000000},
    ],
}
FIXTURE_PRESETS = {
    "bedfordshire-projection": {"calculator": "projection", "case_study": "bedfordshire",
                                "title": "Bedfordshire over five years", "inputs": BEDFORDSHIRE_PROJECTION,
                                "marks": {"uplift_pct": {"basis": "reported", "source": "Addicott 2014, p. 18"}}},
    "bedfordshire-risk-share": {"calculator": "risk-share", "case_study": "bedfordshire",
                                "title": "One Bedfordshire year", "inputs": BEDFORDSHIRE_RISK_SHARE,
                                "marks": {"actual_cost": {"basis": "illustrative", "note": "assumed"}}},
    "salford-alliance": {"calculator": "alliance", "case_study": "salford", "title": "Salford's pool",
                         "inputs": SALFORD_ALLIANCE, "marks": {}},
}


@pytest.fixture
def fixture_presets(tmp_path, monkeypatch):
    """Point :mod:`calculators.presets` at a presets file of our own; returns its path."""
    path = tmp_path / "presets.json"
    path.write_text(json.dumps(FIXTURE_PRESETS), encoding="utf-8")
    monkeypatch.setattr(presets, "PRESETS_FILE", path)
    return path
