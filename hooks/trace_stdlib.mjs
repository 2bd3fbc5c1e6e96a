// Find, by running them, which files of Pyodide's standard library the calculators
// need, so the build can ship a zip with only those (hooks/runtime_assets.py):
//
//   node hooks/trace_stdlib.mjs PYODIDE_DIR WHEEL RENDERER_PY WORKER_JS OUT.json
//
// Under Node, with the full standard library, it does what the browser's worker does
// (unpack the wheel, install the renderer, run the worker's bridge), then runs every
// calculator on every preset in the wheel's presets.json, the examples in the
// package's docstrings, bad input of each kind the bridge reports, and each request
// the page can send (compute, compare, CSV and JSON download). Whatever new code a
// calculator gains is traced the next time the build runs it.
//
// OUT.json lists the zip's members that any imported module came from, plus a safety
// margin: every module Python had imported before our code ran, the whole of
// Pyodide's own packages (its JavaScript side imports parts of them lazily), and all
// of `encodings` (codecs are looked up by name at run time).
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheelPath, rendererPath, workerPath, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: node trace_stdlib.mjs PYODIDE_DIR WHEEL RENDERER_PY WORKER_JS OUT.json");
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
const pyodide = await loadPyodide({ indexURL: `${pyodideDir}/` });
const atStart = pyodide.runPython("import sys; sorted(sys.modules)").toJs();

pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel");
// The worker's bridge, as the browser runs it: the Python text in worker.js if it is
// still there, else the calculators package's own bridge module.
const worker = readFileSync(workerPath, "utf8");
const bridge = /const BRIDGE = `([\s\S]*?)`;/.exec(worker);
pyodide.globals.set("bridge_source", bridge ? bridge[1] : "");
pyodide.globals.set("renderer_source", readFileSync(rendererPath, "utf8"));
pyodide.globals.set("at_start", pyodide.toPy(atStart));

const members = pyodide.runPython(String.raw`
import importlib, json, sys

namespace = {}
if bridge_source:
    exec(bridge_source, namespace)
    namespace["install_renderer"](renderer_source)
else:
    import calculators.bridge as bridge_module
    namespace = vars(bridge_module)
import calculators, calculator_render

from calculators import presets as preset_store

def ask(message):
    """The bridge's reply; failures count too (their imports are traced all the same)."""
    handle = namespace.get("handle")
    if not handle:
        return None
    try:
        return json.loads(handle(json.dumps(message)))
    except Exception:
        return {}

results = {}
for preset_id, preset in preset_store.load().items():
    name = preset["calculator"]
    reply = ask({"type": "compute", "name": name, "inputs": preset["inputs"]})
    if not reply or "result" not in reply:  # no bridge function to call: the engine and renderer directly
        out = json.loads(calculators.compute_json(name, json.dumps(preset["inputs"])))
        result = out["result"]
        calculator_render.render_result(name, result)
        calculator_render.chart_data(name, result)
        calculator_render.summary_sentence(name, result)
    else:
        result = reply["result"]
    results.setdefault(name, []).append((preset["inputs"], result))
for name, runs in results.items():
    scenarios = [{"label": str(i), "inputs": inputs, "result": result} for i, (inputs, result) in enumerate(runs)]
    ask({"type": "compare", "name": name, "scenarios": scenarios})
    inputs, result = runs[0]
    for fmt in ("csv", "json"):
        ask({"type": "download", "format": fmt, "name": name, "inputs": inputs, "result": result})
    for bad in ("{}", "not json", '{"years": "x", "first_year_value": "-1"}', "[]"):
        calculators.compute_json(name, bad)
from calculators import formats
for name, runs in results.items():
    formats.as_csv(runs[0][1]); formats.as_json(runs[0][1]); formats.as_table(name, runs[0][1])

# The examples in the package's docstrings, run for their imports (outputs unchecked).
# Read without inspect or pkgutil, which would add their own imports to the trace.
import os
package_dir = calculators.__path__[0]
for file_name in sorted(os.listdir(package_dir)):
    if not file_name.endswith(".py") or file_name in ("__main__.py", "cli.py"):
        continue  # the command line is not run in the browser
    stem = file_name[:-3]
    module = importlib.import_module("calculators" if stem == "__init__" else "calculators." + stem)
    docs = [module.__doc__ or ""] + [getattr(o, "__doc__", None) or "" for o in vars(module).values()
                                     if callable(o) and getattr(o, "__module__", None) == module.__name__]
    for doc in docs:
        source = "\n".join(line.strip()[4:] for line in doc.splitlines() if line.strip().startswith((">>> ", "... ")))
        if source:
            try:
                exec(source, dict(vars(module)))
            except Exception:
                pass

stdlib = next(p for p in sys.path if p.endswith(".zip"))
wanted = set()
for name, module in list(sys.modules.items()):
    path = getattr(module, "__file__", None) or ""
    if path.startswith(stdlib + "/"):
        wanted.add(path[len(stdlib) + 1:])
    elif name in at_start:  # frozen at start: ship its source too, as margin
        wanted.add(name.replace(".", "/") + ".py")
        wanted.add(name.replace(".", "/") + "/__init__.py")
json.dumps({"zip": stdlib, "files": sorted(wanted),
            "whole_packages": ["pyodide", "_pyodide", "encodings"]})
`);
writeFileSync(outPath, members);
