// Find, by running them, which files of Pyodide's standard library the calculators
// need, so the build can ship a zip with only those (hooks/runtime_assets.py):
//
//   node hooks/trace_stdlib.mjs PYODIDE_DIR WHEEL OUT.json
//
// Under Node, with the full standard library, it does what the browser's worker does
// (unpack the wheel, import calculators.bridge), then sends the bridge every request the
// page can send (compute, compare, each download) for every calculator in the registry
// on every preset in the wheel's presets.json and every named example its declaration
// carries (the uncertainty trials included), bad input of each kind, and runs the
// examples in the package's docstrings. Whatever new code a calculator gains is traced
// the next time the build runs it.
//
// OUT.json lists the zip's members that any imported module came from, plus a safety
// margin: every module Python had imported before our code ran, the whole of
// Pyodide's own packages (its JavaScript side imports parts of them lazily), and all
// of `encodings` (codecs are looked up by name at run time).
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheelPath, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: node trace_stdlib.mjs PYODIDE_DIR WHEEL OUT.json");
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
const pyodide = await loadPyodide({ indexURL: `${pyodideDir}/` });
const atStart = pyodide.runPython("import sys; sorted(sys.modules)").toJs();

pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel");
pyodide.globals.set("at_start", pyodide.toPy(atStart));

const members = pyodide.runPython(String.raw`
import importlib, json, sys

import calculators
import calculators.bridge as bridge
from calculators import presets as preset_store, formats

def ask(message):
    """The bridge's reply; failures count too (their imports are traced all the same)."""
    try:
        return json.loads(bridge.handle(json.dumps(message)))
    except Exception:
        return {}

runs = [(p["calculator"], p["inputs"]) for p in preset_store.load().values()]
runs += [(name, inputs) for name, spec in calculators.CALCULATORS.items() for _, inputs in spec.examples.worked]
results = {}
for name, inputs in runs:
    reply = ask({"type": "compute", "name": name, "inputs": inputs})
    if reply.get("ok"):
        results.setdefault(name, []).append((inputs, reply["result"]))
for name, done in results.items():
    scenarios = [{"label": str(i), "inputs": inputs, "result": result} for i, (inputs, result) in enumerate(done)]
    ask({"type": "compare", "name": name, "scenarios": scenarios + scenarios[:1]})
    for inputs, result in done:
        for fmt in ("csv", "inputs-csv", "json"):
            ask({"type": "download", "format": fmt, "name": name, "inputs": inputs, "result": result, "marks": {}})
        formats.as_table(name, result)
    for bad in ("{}", "not json", '{"years": "x", "first_year_value": "-1"}', "[]", "[" * 50 + "]" * 50):
        calculators.compute_json(name, bad)

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
