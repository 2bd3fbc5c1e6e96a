"""The registry is the single source: each calculator's declaration drives the engine, the form and the schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from calculators import CALCULATORS, ValidationError, compute, presets
from calculators.spec import Calculator

ROOT = Path(__file__).resolve().parents[2]


def engine_fields(name: str) -> set[str]:
    """What the engine accepts at the top level, asked the way a user would learn it: an unknown field."""
    with pytest.raises(ValidationError) as caught:
        compute(name, {"no_such_field": 1})
    message = next(p.message for p in caught.value.problems if p.field == "no_such_field")
    return set(re.search(r"allowed fields are (.*)$", message).group(1).split(", "))


def outputs(result, prefix=""):
    """The last part of every figure's path in a result (the explanation left out)."""
    if isinstance(result, dict):
        for key, value in result.items():
            if key != "explanation":
                yield from ([key] if not isinstance(value, (dict, list)) else []) + list(outputs(value, key))
    elif isinstance(result, list):
        for item in result:
            yield from outputs(item, prefix)


@pytest.mark.parametrize("name", CALCULATORS)
class TestOneDeclaration:
    def test_engine_form_and_schema_know_the_same_inputs(self, name):
        spec: Calculator = CALCULATORS[name]
        declared = set(spec.input_names)
        assert engine_fields(name) == declared
        assert set(spec.json_schema()["properties"]) == declared
        in_form = {i.name for i in spec.inputs if i.form}
        json_only = declared - in_form
        assert all(not i.required for i in spec.inputs if i.name in json_only), "a required input must be in the form"

    def test_every_output_has_a_label(self, name):
        spec = CALCULATORS[name]
        for example, inputs in spec.examples.worked:
            unlabelled = {key for key in outputs(compute(name, inputs)) if key not in spec.labels}
            assert not unlabelled, f"{example}: no label for {sorted(unlabelled)}"
        for path in spec.key_figures:
            assert path in spec.labels or path.rsplit(".", 1)[-1] in spec.labels, path

    def test_every_input_has_a_label_and_sane_bounds(self, name):
        for f in CALCULATORS[name].inputs:
            assert f.label, f.name
            for inner in f.fields + ((f.item,) if f.item else ()):
                assert inner.label, f"{f.name}.{inner.name}"
            if f.lowest is not None and f.highest is not None:
                assert f.lowest < f.highest, f.name

    def test_worked_examples_validate_against_the_schema(self, name):
        jsonschema = pytest.importorskip("jsonschema")
        schema = CALCULATORS[name].json_schema()
        for example, inputs in CALCULATORS[name].examples.worked:
            jsonschema.validate(inputs, schema)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"no_such_field": 1}, schema)

    def test_it_has_a_page_a_nav_entry_and_a_preset(self, name):
        page = ROOT / "docs" / "calculators" / f"{name}.md"
        assert page.exists(), f"add docs/calculators/{name}.md"
        assert f'calculator("{name}"' in page.read_text(encoding="utf-8")
        nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:", 1)[1].join(["nav:", ""]))
        assert f"calculators/{name}.md" in json.dumps(nav)
        mine = [p for p in presets.load().values() if p["calculator"] == name]
        assert mine, f"add a preset for {name} under a case study's presets: in data/"

    def test_every_field_path_has_words(self, name):
        spec = CALCULATORS[name]
        for f in spec.inputs:
            assert spec.label_for(f.name) == f.label
            if f.kind == "rows":
                for inner in f.fields:
                    words = spec.label_for(f"{f.name}.1.{inner.name}")
                    assert words.startswith(f.label) and str(1 + f.number_from) in words and "_" not in words
