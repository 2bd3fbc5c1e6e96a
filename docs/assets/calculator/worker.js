/*
 * The calculators' Python, off the main thread: a module Web Worker (Pyodide 314
 * needs one) that loads Pyodide and the calculators wheel from this site, then
 * answers requests. All arithmetic, validation and rendering of results happen in
 * Python, in the package's own module calculators.bridge (the same renderer the build
 * uses). Messages in: {id, type: "compute" | "compare" | "download", ...};
 * out: {type: "ready"} once, or {type: "failed", message}, then {id, ...reply}.
 *
 * The start-up snapshot and the standard library come compressed with Zstandard
 * (hooks/runtime_assets.py), which browsers do not decode themselves: the worker does,
 * with zstd.wasm, before Pyodide sees them. The runtime's WebAssembly is compiled by
 * the browser while it downloads, and Pyodide is handed the compiled module.
 *
 * While the runtime downloads, the worker also sends {type: "progress", received,
 * total, files: [{name, label, received, total, done}], stalled, stalledSeconds}
 * (bytes as decoded; total from the build's runtime-files.json), at most four times a
 * second, and accepts {type: "retry"}: the downloads that stalled start again, the
 * ones that finished are kept. There is no time limit while bytes keep arriving.
 */
import { loadPyodide } from "./vendor/pyodide/pyodide.mjs";

const vendor = new URL("./vendor/", import.meta.url);


/* A download counts as stalled when nothing at all has arrived for this long. */
const STALL_MS = 12_000;
const PROGRESS_EVERY_MS = 250;

/* Snapshot or not: the snapshot saves about four seconds of CPU but is 4 MB more to
 * download, which pays only on a connection faster than about 8 Mbit/s (README,
 * Benchmarks). It starts downloading with the other files; the worker measures the
 * rate at which they all arrive over DECIDE_MS from the first byte (latency is not
 * bandwidth), and if the rest of the snapshot would take more than SNAPSHOT_WORTH_MS
 * at that rate, it stops that download and Python boots from scratch. A reader who
 * asked to save data (navigator.connection.saveData) never downloads it. (The
 * browser's own estimate, navigator.connection.downlink, is too coarse: it is capped
 * at 10 Mbit/s and said 1.5 Mbit/s on a local server.) */
const DECIDE_MS = 1_000;
const FIRST_BYTE_MS = 3_000;
const SNAPSHOT_WORTH_MS = 4_000;

async function cached(url) {
  try {
    return Boolean(self.caches && (await self.caches.match(url)));
  } catch {
    return false;
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/* Whether to download the snapshot at all. */
async function wantSnapshot(probe) {
  const connection = self.navigator && self.navigator.connection;
  if (connection && connection.saveData) return false;
  if (await cached(new URL(SNAPSHOT, vendor).href)) return true;
  // The runtime in the site's offline cache says nothing of the network: keep the
  // choice of the visit that cached it, which did not download the snapshot.
  return !(await cached(probe));
}

/* Stop the snapshot's download if the connection is too slow for it to pay. */
async function judgeSnapshot(snapshot) {
  const firstByte = await Promise.race([tracker.firstByte.then(() => true), sleep(FIRST_BYTE_MS).then(() => false)]);
  const begun = performance.now();
  const before = tracker.received();
  if (firstByte) await Promise.race([snapshot.bytes.catch(() => {}), sleep(DECIDE_MS)]);
  if (snapshot.done) return;
  const bytesPerMs = (tracker.received() - before) / Math.max(1, performance.now() - begun);
  const left = Math.max(0, snapshot.total - snapshot.received);
  if (!firstByte || left / Math.max(bytesPerMs, 1e-6) > SNAPSHOT_WORTH_MS) snapshot.cancel();
}

/* -- Downloads: every runtime file through one place, for progress, stalls and retry -- */

const nativeFetch = self.fetch.bind(self);
const RUNTIME = "pyodide/pyodide.asm.wasm";
const SNAPSHOT = "python-snapshot.zst";
const STDLIB = "python_stdlib.zip";
const LABELS = {
  [RUNTIME]: "Python runtime",
  "pyodide/pyodide.asm.mjs": "runtime code",
  "pyodide/pyodide-lock.json": "package list",
  [`${STDLIB}.zst`]: "standard library",
  [SNAPSHOT]: "start-up snapshot",
  "calculators.whl": "calculators",
  "zstd.wasm": "decompressor",
};
const TYPES = { wasm: "application/wasm", json: "application/json", mjs: "text/javascript" };

class Download {
  constructor(name, size) {
    this.name = name;
    this.url = new URL(name, vendor).href;
    this.total = size || 0;
    this.received = 0;
    this.done = false;
    this.controller = null;
    this.bytes = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.bytes.catch(() => {});
  }

  /* One try; a stall is ended by retry(), which aborts it and tries again. */
  async run() {
    const controller = new AbortController();
    this.controller = controller;
    this.received = 0;
    let response;
    try {
      response = await nativeFetch(this.url, { signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) return; // retried: a new run() is under way
      this.reject(new Error("the Python runtime could not be downloaded (network error)"));
      return;
    }
    if (!response.ok) {
      this.reject(Object.assign(new Error(`the Python runtime could not be downloaded (HTTP ${response.status})`), { status: response.status }));
      return;
    }
    if (this.name === RUNTIME) return this.compile(response);
    const chunks = [];
    try {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        this.got(value.byteLength);
      }
    } catch {
      return; // aborted by retry, or cut off mid-way: the stall shows it, retry restarts it
    }
    const data = new Uint8Array(this.received);
    let offset = 0;
    for (const chunk of chunks) {
      data.set(chunk, offset);
      offset += chunk.byteLength;
    }
    this.complete();
    if (!this.name.endsWith(".zst")) return this.resolve(data);
    try {
      this.resolve(await zstd.decode(data));
    } catch (error) {
      this.reject(new Error(`the ${LABELS[this.name]} could not be decompressed (${error.message})`));
    }
  }

  /* WebAssembly is compiled as it arrives, on the browser's own threads, and counted on
   * its way through: this worker's thread is not needed until it is done, and never
   * holds the bytes. */
  async compile(response) {
    const counted = response.body.pipeThrough(new TransformStream({
      transform: (chunk, out) => {
        this.got(chunk.byteLength);
        out.enqueue(chunk);
      },
    }));
    let module;
    try {
      module = await WebAssembly.compileStreaming(new Response(counted, { headers: { "Content-Type": TYPES.wasm } }));
    } catch (error) {
      if (error instanceof WebAssembly.CompileError) this.reject(runtimeError(error));
      return; // otherwise aborted by retry, or cut off mid-way, as above
    }
    this.complete();
    this.resolve(module);
  }

  /* Some of it has come: for the progress, and no stall. */
  got(bytes) {
    this.received += bytes;
    tracker.arrived();
  }

  /* All of it has come. */
  complete() {
    this.total = this.received;
    this.done = true;
    tracker.arrived();
  }

  retry() {
    if (this.done) return;
    if (this.controller) this.controller.abort();
    this.run();
  }

  /* Not wanted after all: stop, and let whoever waits for it go without. */
  cancel() {
    if (this.done) return;
    this.done = true;
    if (this.controller) this.controller.abort();
    tracker.downloads.delete(this.url);
    this.reject(new Error("not downloaded"));
    tracker.report(true);
  }
}

const tracker = {
  downloads: new Map(),
  lastArrival: performance.now(),
  lastSent: 0,
  stalled: false,
  finished: false,
  firstByte: null,
  sawByte: null,

  start(name, size) {
    const download = new Download(name, size);
    this.downloads.set(download.url, download);
    download.run();
    return download;
  },
  received() {
    let sum = 0;
    for (const d of this.downloads.values()) sum += d.received;
    return sum;
  },
  arrived() {
    if (this.sawByte) {
      this.sawByte();
      this.sawByte = null;
    }
    this.lastArrival = performance.now();
    if (this.stalled) this.stalled = false;
    this.report();
  },
  pending() {
    return [...this.downloads.values()].some((d) => !d.done);
  },
  report(force = false) {
    if (this.finished) return;
    const now = performance.now();
    if (!force && now - this.lastSent < PROGRESS_EVERY_MS) return;
    this.lastSent = now;
    const files = [...this.downloads.values()].map((d) => ({
      name: d.name, label: LABELS[d.name] || d.name, received: d.received, total: d.total, done: d.done,
    }));
    self.postMessage({
      type: "progress",
      received: files.reduce((sum, f) => sum + f.received, 0),
      total: files.reduce((sum, f) => sum + Math.max(f.total, f.received), 0),
      files,
      stalled: this.stalled,
      stalledSeconds: this.stalled ? Math.round((now - this.lastArrival) / 1000) : 0,
    });
  },
  watch() {
    const timer = setInterval(() => {
      if (this.finished) return clearInterval(timer);
      if (this.pending() && performance.now() - this.lastArrival > STALL_MS && !this.stalled) {
        this.stalled = true;
        this.report(true);
      }
    }, 1000);
  },
  retry() {
    this.lastArrival = performance.now();
    this.stalled = false;
    for (const download of this.downloads.values()) download.retry();
    this.report(true);
  },
  finish() {
    this.report(true);
    this.finished = true;
    this.downloads.clear();
  },
};

tracker.firstByte = new Promise((resolve) => {
  tracker.sawByte = resolve;
});

/* Zstandard's decoder: the WebAssembly of the zstddec package (hooks/runtime_assets.py),
 * downloaded with the rest. Each file gets an instance of its own, whose memory then
 * holds nothing but that file: what it decoded is handed on as a view of that memory,
 * not copied out (31 MB for the snapshot), and all of it is let go once Python has
 * started. */
const zstd = {
  source: null,
  module: null,
  async decode(data) {
    this.module ||= WebAssembly.compile(await this.source.bytes);
    const instance = await WebAssembly.instantiate(await this.module, { env: { emscripten_notify_memory_growth() {} } });
    const { memory, malloc, free, ZSTD_findDecompressedSize, ZSTD_decompress, ZSTD_isError } = instance.exports;
    const input = malloc(data.byteLength);
    if (!input) throw new Error("out of memory");
    new Uint8Array(memory.buffer).set(data, input);
    const size = Number(ZSTD_findDecompressedSize(input, data.byteLength));
    if (!Number.isSafeInteger(size) || size < 0) throw new Error("no size in its header");
    const output = malloc(size);
    if (!output) throw new Error("out of memory");
    const written = ZSTD_decompress(output, size, input, data.byteLength);
    if (ZSTD_isError(written)) throw new Error("damaged data");
    free(input); // memory is not given back to the browser: the view below stays whole
    return new Uint8Array(memory.buffer, output, written >>> 0);
  },
  release() {
    this.source = null;
    this.module = null;
  },
};

/* Pyodide fetches its files with fetch(): the ones we download are answered from memory
 * (decompressed: the standard library is asked for without its .zst). The runtime is
 * answered with a stand-in that WebAssembly.instantiateStreaming, below, knows. */
const compiled = new WeakMap(); // stand-in Response → the compiled runtime
let runtimeModule = null;

self.fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input), self.location.href).href;
  if (runtimeModule && url === runtimeModule.url) {
    const standIn = new Response(null, { status: 200, headers: { "Content-Type": TYPES.wasm } });
    compiled.set(standIn, runtimeModule.module);
    return standIn;
  }
  const download = tracker.downloads.get(url) || tracker.downloads.get(`${url}.zst`);
  if (!download) return nativeFetch(input, init);
  const data = await download.bytes;
  const extension = url.split(".").pop();
  return new Response(data, { status: 200, headers: { "Content-Type": TYPES[extension] || "application/octet-stream" } });
};

/* Pyodide instantiates its runtime with WebAssembly.instantiateStreaming(fetch(...));
 * given the stand-in, that instantiates the module compiled during the download. */
const instantiateStreaming = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = async (source, imports) => {
  const response = await source;
  if (!compiled.has(response)) return instantiateStreaming(response, imports);
  const module = await compiled.get(response);
  return { module, instance: await WebAssembly.instantiate(module, imports) };
};

/* Whether the browser already has ``url`` (its HTTP cache, or the site's offline cache). */
async function alreadyHere(url) {
  try {
    const response = await nativeFetch(url, { cache: "only-if-cached", mode: "same-origin" });
    if (response.body) response.body.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/* The runtime the browser already has, compiled straight from its response. */
async function compileCached(url) {
  try {
    return await WebAssembly.compileStreaming(nativeFetch(url));
  } catch (error) {
    throw runtimeError(error);
  }
}

function runtimeError(error) {
  const what = error instanceof WebAssembly.CompileError ? "compiled" : "loaded";
  return new Error(`the Python runtime could not be ${what} (${error.message})`);
}

/* The sizes the build wrote (hooks/runtime_assets.py), so progress has a total. */
async function runtimeSizes() {
  try {
    const response = await nativeFetch(new URL("runtime-files.json", vendor));
    return response.ok ? (await response.json()).files : {};
  } catch {
    return {};
  }
}

/* Start from the build's memory snapshot (CPython already initialised, the calculators
 * imported: about a second), or boot Pyodide from scratch (about five) if the snapshot
 * is missing, cannot be used or is not worth downloading. */
async function bootPyodide(snapshot, createPyodideModule) {
  const indexURL = new URL("pyodide/", vendor).href;
  // The build's standard library: only what the calculators import (hooks/runtime_assets.py).
  const stdLibURL = new URL(STDLIB, vendor).href;
  const saved = snapshot && (await snapshot.bytes.catch(() => null));
  if (saved) {
    try {
      return { pyodide: await loadPyodide({ indexURL, stdLibURL, createPyodideModule, _loadSnapshot: saved }), fromSnapshot: true };
    } catch (error) {
      console.warn("Starting Python from scratch: the start-up snapshot could not be used.", error);
    }
  }
  return { pyodide: await loadPyodide({ indexURL, stdLibURL, createPyodideModule }), fromSnapshot: false };
}

async function start() {
  const started = performance.now();
  const runtimeURL = new URL(RUNTIME, vendor).href;
  // The runtime's JavaScript is a module import, not a fetch (no byte count): begun
  // first, since the browser takes longest over it.
  const imported = import("./vendor/pyodide/pyodide.asm.mjs");
  imported.catch(() => {}); // its failure is reported below, where it is awaited
  // What to fetch, and how big it is, asked all at once.
  const [sizes, withSnapshot, runtimeHere] = await Promise.all([runtimeSizes(), wantSnapshot(runtimeURL), alreadyHere(runtimeURL)]);
  const get = (name) => tracker.start(name, sizes[name]);
  zstd.source = get("zstd.wasm");
  const snapshot = withSnapshot ? get(SNAPSHOT) : null;
  // A runtime the browser already has is compiled straight from its response, with
  // nothing counted: Chromium then reuses the code it compiled last time, which it
  // cannot for a stream that passed through this worker.
  const runtime = runtimeHere ? { bytes: compileCached(runtimeURL) } : get(RUNTIME);
  runtimeModule = { url: runtimeURL, module: runtime.bytes };
  const required = [runtime, ...[`${STDLIB}.zst`, "pyodide/pyodide-lock.json"].map(get)];
  // Our package downloads while Pyodide starts (the start is CPU-bound, the fetch is not).
  const wheel = get("calculators.whl");
  tracker.watch();
  tracker.report(true);
  if (snapshot) judgeSnapshot(snapshot);
  const code = imported.then((module) => {
    tracker.arrived(); // counts as arrived when it has
    return module.default;
  });
  // Any required file that cannot be had fails the start at once, with its reason.
  const missing = Promise.all(required.map((d) => d.bytes)).then(() => new Promise(() => {}));
  const { pyodide, fromSnapshot } = await Promise.race([code.then((create) => bootPyodide(snapshot, create)), missing]);
  const loaded = performance.now();
  const wheelBytes = await wheel.bytes.catch(() => {
    throw new Error("the calculators package could not be downloaded");
  });
  tracker.finish();
  zstd.release();
  // The package's files (its data, and modules imported only when needed) go into
  // Pyodide's file system. Started from scratch, Python needs them to import the
  // calculators at all; from the snapshot, where the calculators are already imported,
  // they are unpacked just after the page hears Python is ready, before any request
  // is taken (below).
  const unpack = () => pyodide.unpackArchive(wheelBytes, "wheel");
  if (!fromSnapshot) unpack();
  const bridge = pyodide.pyimport("calculators.bridge");
  const seconds = (performance.now() - started) / 1000;
  return { handle: bridge.handle, seconds, pyodideSeconds: (loaded - started) / 1000, fromSnapshot, unpack: fromSnapshot ? unpack : null };
}

const runtime = start();

/* Set if the package's files could not be unpacked: every request then says so. */
let unpackProblem = null;

runtime.then(
  (r) => {
    self.postMessage({ type: "ready", seconds: r.seconds, pyodideSeconds: r.pyodideSeconds, fromSnapshot: r.fromSnapshot });
    // In this same task: any request, already waiting for `runtime` or still to
    // come, is answered after it.
    try {
      if (r.unpack) r.unpack();
    } catch {
      unpackProblem = "the calculators package could not be unpacked";
    }
  },
  (error) => {
    tracker.finish();
    self.postMessage({ type: "failed", message: String((error && error.message) || error) });
  },
);

self.onmessage = async (event) => {
  if (event.data && event.data.type === "retry") {
    tracker.retry();
    return;
  }
  const { id } = event.data;
  try {
    const { handle } = await runtime;
    if (unpackProblem) throw new Error(unpackProblem);
    self.postMessage({ id, ...JSON.parse(handle(JSON.stringify(event.data))) });
  } catch (error) {
    self.postMessage({ id, ok: false, fatal: String((error && error.message) || error) });
  }
};
