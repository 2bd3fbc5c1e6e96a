// Make a Pyodide memory snapshot with the calculators already imported, so the
// reader's browser starts Python from it in well under a second instead of booting
// CPython (about 4 s of CPU on a 2-core machine). Run by hooks/runtime_assets.py:
//
//   node hooks/make_snapshot.mjs PYODIDE_DIR WHEEL STDLIB_ZIP OUT.gz
//
// The snapshot is the WebAssembly memory only: the browser still loads the same
// pinned Pyodide files and the same standard-library zip (STDLIB_ZIP, the trimmed
// one the site serves: Python keeps the zip's table of contents in memory, so the
// snapshot holds only with the zip it was made with) and unpacks the wheel into its
// file system (see worker.js).
// It uses Pyodide's experimental snapshot options (_makeSnapshot / _loadSnapshot),
// tied to the pinned Pyodide version; the worker falls back to a plain start if the
// snapshot cannot be used.
import { readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheelPath, stdlibPath, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: node make_snapshot.mjs PYODIDE_DIR WHEEL STDLIB_ZIP OUT.gz");
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
const pyodide = await loadPyodide({ indexURL: `${pyodideDir}/`, stdLibURL: stdlibPath, _makeSnapshot: true });
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel");
pyodide.runPython("import calculators.bridge");
writeFileSync(outPath, gzipSync(pyodide.makeMemorySnapshot(), { level: 9 }));
