"""Named example inputs for the calculators, one per case study and calculator.

The presets are written once, in ``data/case-studies/*.yaml`` (the single source
of truth), and exported to ``calculators/presets.json`` by ``make presets``
(``python -m macros.export_presets``); the file is generated, not committed, and
ships inside the wheel so the browser has the same presets. Its shape::

    {"<preset id>": {"calculator": "projection", "case_study": "bedfordshire",
                     "title": "...", "inputs": {...},
                     "marks": {"<input field>": {"basis": "reported", "source": "..."}
                                               | {"basis": "illustrative", "note": "..."}}}}
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import InvalidInput, ValidationError

PRESETS_FILE = Path(__file__).with_name("presets.json")
REQUIRED = ("calculator", "case_study", "title", "inputs")


class PresetsUnavailable(RuntimeError):
    """``presets.json`` is missing or not in the expected shape (says how to fix it)."""


def load(path: Path | str | None = None) -> dict:
    """All presets, by id, in the file's order. Raises :class:`PresetsUnavailable`."""
    path = Path(path) if path is not None else PRESETS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PresetsUnavailable(
            f"{path} is missing: run `make presets` (it writes the file from data/case-studies/*.yaml"
            " with `python -m macros.export_presets`)") from None
    try:
        presets = json.loads(text)
    except ValueError as error:
        raise PresetsUnavailable(f"{path} is not valid JSON ({error}): run `make presets` again") from None
    if not isinstance(presets, dict):
        raise PresetsUnavailable(f"{path} must hold an object of presets by id: run `make presets` again")
    for preset_id, preset in presets.items():
        missing = [key for key in REQUIRED if not isinstance(preset, dict) or key not in preset]
        if missing:
            raise PresetsUnavailable(f"{path}: preset {preset_id!r} lacks {', '.join(missing)}: run `make presets` again")
    return presets


def get(preset_id: str, path: Path | str | None = None) -> dict:
    """One preset by id; an unknown id raises :class:`ValidationError` naming the known ones."""
    presets = load(path)
    if preset_id not in presets:
        raise ValidationError([InvalidInput(
            "preset", f"unknown preset {json.dumps(preset_id)}; known presets are {', '.join(presets) or 'none'}")])
    return presets[preset_id]


def compute_preset(preset_id: str, path: Path | str | None = None) -> dict:
    """The result of running a preset through its calculator."""
    from . import compute

    preset = get(preset_id, path)
    return compute(preset["calculator"], preset["inputs"])
