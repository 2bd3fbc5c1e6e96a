/*
 * The one Python worker of this browser tab. It is started by the first calculator
 * page (by loader.js, as the page opens, when that is the first page) and kept across
 * Material's instant navigation, so later calculator pages are ready at once.
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

export function startWorker() {
  if (!workerReady) {
    workerReady = new Promise((resolve, reject) => {
      // The worker loader.js started as the page opened, if it did; else a new one.
      const early = window.calculatorEarlyWorker;
      worker = early ? early.worker : new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
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
      // What it said before this module had loaded, heard now that there is a listener.
      for (const event of early ? early.takeOver() : []) {
        worker.dispatchEvent(event.type === "message"
          ? new MessageEvent("message", { data: event.data })
          : new ErrorEvent("error", { message: event.message }));
      }
    });
  }
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
