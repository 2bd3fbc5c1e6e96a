// Make a Pyodide memory snapshot with the calculators already imported, so the
// reader's browser starts Python from it in well under a second instead of booting
// CPython (about 4 s of CPU on a 2-core machine). Run by hooks/runtime_assets.py:
//
//   node hooks/make_snapshot.mjs PYODIDE_DIR WHEEL STDLIB_ZIP OUT
//
// OUT is the raw memory (runtime_assets.py compresses it). The snapshot is the
// WebAssembly memory only: the browser still loads the same pinned Pyodide files and
// the same standard-library zip (STDLIB_ZIP, the trimmed one the site serves: Python
// keeps the zip's table of contents in memory, so the snapshot holds only with the
// zip it was made with) and unpacks the wheel into its file system (see worker.js).
// It uses Pyodide's experimental snapshot options (_makeSnapshot / _loadSnapshot),
// tied to the pinned Pyodide version; the worker falls back to a plain start if the
// snapshot cannot be used.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheelPath, stdlibPath, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: node make_snapshot.mjs PYODIDE_DIR WHEEL STDLIB_ZIP OUT");
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
const pyodide = await loadPyodide({ indexURL: `${pyodideDir}/`, stdLibURL: stdlibPath, _makeSnapshot: true });
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel");
pyodide.runPython("import calculators.bridge, gc; gc.collect()");
zeroFreeMemory(pyodide._module);
writeFileSync(outPath, pyodide.makeMemorySnapshot());

// Memory that C freed still holds what it held; zeroed, it compresses to almost
// nothing (measured: the compressed snapshot is 15% smaller). Every free block is
// taken with malloc, zeroed and handed back, largest first, with the memory kept from
// growing meanwhile (a failed grow makes malloc return 0), so the snapshot stays the
// same size.
function zeroFreeMemory(module) {
  const before = module.HEAPU8.length;
  const grow = WebAssembly.Memory.prototype.grow;
  const taken = [];
  WebAssembly.Memory.prototype.grow = () => {
    throw new RangeError("the snapshot's memory is not to grow");
  };
  try {
    for (let size = 1 << 24; size >= 16; size >>= 1) {
      for (let block = module._malloc(size); block; block = module._malloc(size)) {
        module.HEAPU8.fill(0, block, block + size);
        taken.push(block);
      }
    }
  } finally {
    WebAssembly.Memory.prototype.grow = grow;
    for (const block of taken) module._free(block);
  }
  if (module.HEAPU8.length !== before) throw new Error("the memory grew while its free blocks were zeroed");
}
