"""Material's script starts with V8's compile hint, and its source map still fits it
(hooks/compile_hint.py)."""

from __future__ import annotations

import json

from hooks.compile_hint import BUNDLES, HINT


def test_materials_script_carries_the_hint_once_and_its_map_still_fits(built_site):
    scripts = list(built_site.glob(BUNDLES))
    assert len(scripts) == 1, scripts
    text = scripts[0].read_text(encoding="utf-8")
    assert text.startswith(HINT) and text.count(HINT) == 1
    mapping = json.loads(scripts[0].with_name(scripts[0].name + ".map").read_text(encoding="utf-8"))
    lines = mapping["mappings"].split(";")
    # One mapping line per line of the script: the hint's is empty, and the code's
    # first line (`"use strict";(()=>{...`) is mapped from the second.
    assert lines[0] == "" and lines[1] != ""
    code = [line for line in text.rstrip("\n").split("\n") if not line.startswith("//# sourceMappingURL=")]
    assert len(lines) == len(code), "a mapping line for each line of the script"
