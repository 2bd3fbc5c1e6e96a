// Runs calculators.compute_json inside Pyodide under Node, offline.
//
//   node run_calculators.mjs PYODIDE_DIR WHEEL CASES.json [STDLIB_ZIP]
//
// CASES.json holds "cases", a list of [calculator name, inputs JSON text], and "messages",
// requests as the page sends them; prints JSON with the Python version, the presets file
// shipped in the wheel, what compute_json returns for each case and what the page's bridge
// (calculators.bridge.handle) answers to each message, so the test can compare them byte
// for byte with CPython. Pyodide comes from the local npm package (no network).
// With STDLIB_ZIP, Python's standard library is that zip (the trimmed one the site
// serves) instead of Pyodide's full one.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheelPath, casesPath, stdLibURL] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: path.resolve(pyodideDir) + path.sep, ...(stdLibURL ? { stdLibURL } : {}) });
pyodide.unpackArchive(new Uint8Array(await readFile(wheelPath)), "wheel");
const cases = JSON.parse(await readFile(casesPath, "utf8"));
pyodide.globals.set("cases_json", JSON.stringify(cases));
const outputs = pyodide.runPython(`
import json, sys
from calculators import bridge, compute_json, presets
shipped = presets.PRESETS_FILE.read_text(encoding="utf-8") if presets.PRESETS_FILE.exists() else None
given = json.loads(cases_json)
json.dumps({"python": sys.version.split()[0], "presets": shipped,
            "outputs": [compute_json(name, text) for name, text in given["cases"]],
            "bridged": [bridge.handle(message) for message in given["messages"]]})
`);
process.stdout.write(outputs);
