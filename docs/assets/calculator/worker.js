/*
 * The calculators' Python, off the main thread: a module Web Worker (Pyodide 314
 * needs one) that loads Pyodide and the calculators wheel from this site, then
 * answers requests. All arithmetic, validation and rendering of results happen in
 * Python, in the package's own module calculators.bridge (the same renderer the build
 * uses). Messages in: {id, type: "compute" | "compare" | "download", ...};
 * out: {type: "ready"} once, or {type: "failed", message}, then {id, ...reply}.
 */
import { loadPyodide } from "./vendor/pyodide/pyodide.mjs";

const vendor = new URL("./vendor/", import.meta.url);


const START_LIMIT_MS = 60_000;
const never = new Promise(() => {});

/* loadPyodide() only logs a warning and never settles when the .wasm cannot be fetched,
 * so a HEAD request checks the file is there, and a time limit catches any other hang. */
function failFast() {
  const wasm = new URL("pyodide/pyodide.asm.wasm", vendor);
  const missing = fetch(wasm, { method: "HEAD" }).then(
    (response) => {
      if (!response.ok) throw new Error(`the Python runtime could not be downloaded (HTTP ${response.status})`);
      return never;
    },
    () => {
      throw new Error("the Python runtime could not be downloaded (network error)");
    },
  );
  const slow = new Promise((_, reject) =>
    setTimeout(() => reject(new Error("Python did not start within a minute")), START_LIMIT_MS),
  );
  return Promise.race([missing, slow]);
}

/* The bytes of a file that may be gzip-compressed (a static host may also have
 * decompressed it on the way, by Content-Encoding), or null if it is not there. */
async function fileBytes(url) {
  const response = await fetch(url);
  if (!response.ok) return null;
  const data = new Uint8Array(await response.arrayBuffer());
  if (data[0] !== 0x1f || data[1] !== 0x8b) return data;
  const unzipped = new Blob([data]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(unzipped).arrayBuffer());
}

/* Start from the build's memory snapshot (CPython already initialised, the calculators
 * imported: about a second), or boot Pyodide from scratch (about five) if the snapshot
 * is missing or cannot be used. */
async function bootPyodide(snapshot) {
  const indexURL = new URL("pyodide/", vendor).href;
  const saved = await snapshot.catch(() => null);
  if (saved) {
    try {
      return { pyodide: await loadPyodide({ indexURL, _loadSnapshot: saved }), fromSnapshot: true };
    } catch (error) {
      console.warn("Starting Python from scratch: the start-up snapshot could not be used.", error);
    }
  }
  return { pyodide: await loadPyodide({ indexURL }), fromSnapshot: false };
}

async function start() {
  const started = performance.now();
  const snapshot = fileBytes(new URL("python-snapshot.gz", vendor));
  // Our package downloads while Pyodide starts (the start is CPU-bound, the fetch is not).
  const files = fetch(new URL("calculators.whl", vendor)).then(async (wheel) => {
    if (!wheel.ok) throw new Error("the calculators package could not be downloaded");
    return wheel.arrayBuffer();
  });
  files.catch(() => {}); // reported below, once Pyodide is up
  const { pyodide, fromSnapshot } = await Promise.race([bootPyodide(snapshot), failFast()]);
  const loaded = performance.now();
  pyodide.unpackArchive(await files, "wheel");
  const bridge = pyodide.pyimport("calculators.bridge");
  const seconds = (performance.now() - started) / 1000;
  return { handle: bridge.handle, seconds, pyodideSeconds: (loaded - started) / 1000, fromSnapshot };
}

const runtime = start();

runtime.then(
  (r) => self.postMessage({ type: "ready", seconds: r.seconds, pyodideSeconds: r.pyodideSeconds, fromSnapshot: r.fromSnapshot }),
  (error) => self.postMessage({ type: "failed", message: String((error && error.message) || error) }),
);

self.onmessage = async (event) => {
  const { id } = event.data;
  try {
    const { handle } = await runtime;
    self.postMessage({ id, ...JSON.parse(handle(JSON.stringify(event.data))) });
  } catch (error) {
    self.postMessage({ id, ok: false, fatal: String((error && error.message) || error) });
  }
};
