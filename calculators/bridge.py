"""What the browser's Web Worker calls: one function, JSON in and JSON out.

The worker loads the calculators wheel into Pyodide and hands every message from
the page to :func:`handle`, which never raises: the page always gets an answer.

Requests (``type``):

* ``compute``: ``{name, inputs}`` → the engine's answer (``ok``, ``result`` or
  ``errors``), plus, when it succeeded, ``html`` (the result region), ``charts``
  (each chart's data) and ``summary`` (what the live region announces); each
  error also carries ``label``, the field in words, for the error summary;
* ``compare``: ``{name, scenarios: [{label, result}, ...]}`` → ``{ok, html}``;
* ``download``: ``{name, format: "csv" | "inputs-csv" | "json", inputs, result, marks}`` → ``{ok, text}``:
  the result table, the inputs with their sources, or all of it as JSON.

>>> answer = json.loads(handle(json.dumps({"type": "compute", "name": "projection",
...                                        "inputs": {"first_year_value": "abc", "years": 1}})))
>>> answer["ok"], answer["errors"][0]["label"]
(False, 'Contract value in year 1')
"""

from __future__ import annotations

import json

from . import CALCULATORS, answer, render
from .formats import as_csv, inputs_csv


def _compute(spec, message: dict) -> dict:
    reply = answer(spec.name, message.get("inputs"))
    if reply["ok"]:
        result = reply["result"]
        reply["html"] = render.render_result(spec, result)
        reply["charts"] = render.chart_data(spec, result)
        reply["summary"] = render.summary_sentence(spec, result)
    else:
        for error in reply["errors"]:
            error["label"] = spec.label_for(error["field"])
    return reply


def _compare(spec, message: dict) -> dict:
    return {"ok": True, "html": render.render_comparison(spec, message["scenarios"])}


def _download(spec, message: dict) -> dict:
    kind, inputs, marks = message.get("format"), message.get("inputs") or {}, message.get("marks") or {}
    if kind == "csv":
        return {"ok": True, "text": as_csv(spec.name, message["result"])}
    if kind == "inputs-csv":
        return {"ok": True, "text": inputs_csv(spec.name, inputs, marks)}
    return {"ok": True, "text": render.to_json(spec.name, inputs, message["result"], marks)}


REQUESTS = {"compute": _compute, "compare": _compare, "download": _download}


def handle(message_json: str) -> str:
    """Answer one request from the page (see the module docstring); always JSON."""
    try:
        message = json.loads(message_json)
        kind, name = message.get("type"), message.get("name")
        spec = CALCULATORS.get(name) if isinstance(name, str) else None
        if kind not in REQUESTS or spec is None:
            return json.dumps({"ok": False, "errors": [{"field": "", "message": f"unknown request {kind!r} for {name!r}"}]})
        return json.dumps(REQUESTS[kind](spec, message))
    except Exception as error:  # noqa: BLE001 - the page must always get an answer
        return json.dumps({"ok": False, "errors": [{"field": "", "message": f"internal error: {type(error).__name__}"}]})
