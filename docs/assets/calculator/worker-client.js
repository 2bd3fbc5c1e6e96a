/*
 * The one Python worker of this browser tab. It is started by the first calculator
 * page, once that page's calculators are mounted and the main thread is next idle (so
 * Python's start does not compete with the page's), and kept across Material's instant
 * navigation, so later calculator pages are ready at once.
 * Messages keep the worker's shapes: {id, type, name, ...} in, {type: "progress"}
 * while the runtime downloads (shown by progress.js), then
 * {type: "ready" | "failed"} once, then {id, ...reply} for each request. When Python is
 * ready the window hears a "calculator-runtime-ready" event (the offline cache then
 * keeps the runtime: loader.js).
 */
import { attach as showProgress } from "./progress.js";

let worker = null;
let workerReady = null;
let sequence = 0;
const pending = new Map();

const IDLE_WAIT_MS = 1000; // at most, for an idle moment on a busy page

function idle() {
  return new Promise((resolve) => {
    if (window.requestIdleCallback) window.requestIdleCallback(() => resolve(), { timeout: IDLE_WAIT_MS });
    else setTimeout(resolve, 0);
  });
}

export function startWorker() {
  workerReady ??= idle().then(() => new Promise((resolve, reject) => {
    worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    showProgress(worker);
    worker.addEventListener("message", (event) => {
      const message = event.data;
      if (message.type === "ready") {
        resolve(message);
        window.dispatchEvent(new CustomEvent("calculator-runtime-ready", { detail: { fromSnapshot: Boolean(message.fromSnapshot) } }));
      }
      else if (message.type === "failed") reject(new Error(message.message));
      else if (pending.has(message.id)) {
        const answer = pending.get(message.id);
        pending.delete(message.id);
        answer(message);
      }
    });
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      const error = new Error(event.message || "the Python runtime could not be loaded");
      reject(error);
      for (const [id, answer] of pending) answer({ id, ok: false, fatal: error.message });
      pending.clear();
    });
  }));
  return workerReady;
}

/** Send one request; resolves with the worker's reply (never rejects). */
export async function ask(message) {
  try {
    await startWorker();
  } catch (error) {
    return { ok: false, fatal: error.message };
  }
  return new Promise((resolve) => {
    const id = ++sequence;
    pending.set(id, resolve);
    worker.postMessage({ ...message, id });
  });
}
