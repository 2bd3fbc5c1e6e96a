/*
 * What the Python runtime's download is doing, shown under each calculator's status
 * line while it loads: a progress bar, how many megabytes of how many, which files
 * are still coming; if nothing arrives for a while, a plain message and a button to
 * try again. The figures on the page (worked out when the site was built) stay usable
 * throughout; each calculator hears a "calculator-download" event ({stalled}) so its
 * status line can say so too. Fed by the worker's {type: "progress"} messages (see worker.js).
 */

let latest = null;
let worker = null;
let hiddenByReader = false; // the reader hid the panel: it comes back only if the download stops

function megabytes(bytes) {
  return (bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0);
}

function describe(message) {
  const coming = message.files.filter((f) => !f.done).map((f) => f.label);
  if (message.stalled) {
    return `Nothing has arrived for ${message.stalledSeconds} seconds: the connection may have dropped. ` +
      `The figures on the page are still correct for the values shown.`;
  }
  const amount = message.total
    ? `${megabytes(message.received)} of ${megabytes(message.total)} MB`
    : `${megabytes(message.received)} MB`;
  return coming.length
    ? `Downloading Python: ${amount} (still coming: ${coming.join(", ")}).`
    : `Downloaded ${amount}; starting Python…`;
}

function box(calculator) {
  let el = calculator.querySelector("[data-progress]");
  if (el) return el;
  el = document.createElement("div");
  el.className = "calc-progress";
  el.dataset.progress = "";
  const text = document.createElement("p");
  text.className = "calc-progress__text";
  text.id = `${calculator.dataset.calculator}-progress-text`;
  const bar = document.createElement("progress");
  bar.setAttribute("aria-labelledby", text.id);
  const alert = document.createElement("p");
  alert.className = "calc-progress__alert";
  alert.setAttribute("role", "alert");
  const retry = document.createElement("button");
  retry.type = "button";
  retry.className = "md-button calc-progress__retry";
  retry.textContent = "Try the download again";
  retry.hidden = true;
  retry.addEventListener("click", () => {
    if (worker) worker.postMessage({ type: "retry" });
    retry.hidden = true;
    alert.textContent = "";
  });
  // The panel floats over the top of a phone's page: a reader may put it away (the
  // status line still says how the download goes) and read on.
  const hide = document.createElement("button");
  hide.type = "button";
  hide.className = "calc-progress__hide";
  hide.textContent = "Hide";
  hide.setAttribute("aria-label", "Hide the download's progress");
  hide.addEventListener("click", () => {
    hiddenByReader = true;
    const status = calculator.querySelector("[data-status]");
    if (status) {
      status.tabIndex = -1; // the button goes: focus moves to what still tells the state
      status.focus();
    }
    render();
  });
  el.append(hide, bar, text, alert, retry);
  const status = calculator.querySelector("[data-status]");
  if (status) status.after(el);
  else calculator.prepend(el);
  return el;
}

function render() {
  const message = latest;
  for (const calculator of document.querySelectorAll("[data-calculator]")) {
    const loading = !calculator.dataset.state || ["static", "loading"].includes(calculator.dataset.state);
    if (!message || !loading) {
      calculator.querySelector("[data-progress]")?.remove();
      continue;
    }
    // The calculator's status line follows whether the download has stopped (calculator.js).
    calculator.dispatchEvent(new CustomEvent("calculator-download", { detail: { stalled: Boolean(message.stalled) } }));
    if (hiddenByReader && !message.stalled) {
      calculator.querySelector("[data-progress]")?.remove();
      continue;
    }
    const el = box(calculator);
    const bar = el.querySelector("progress");
    if (message.total) {
      bar.max = message.total;
      bar.value = message.received;
    }
    el.dataset.received = String(message.received);
    el.dataset.total = String(message.total);
    el.dataset.stalled = String(message.stalled);
    el.querySelector(".calc-progress__text").textContent = describe(message);
    const alert = el.querySelector(".calc-progress__alert");
    const retry = el.querySelector(".calc-progress__retry");
    if (message.stalled && retry.hidden) {
      alert.textContent = "The download of Python has stopped. You can try again.";
      retry.hidden = false;
    } else if (!message.stalled) {
      alert.textContent = "";
      retry.hidden = true;
    }
  }
}

export function attach(newWorker) {
  worker = newWorker;
  worker.addEventListener("message", (event) => {
    const message = event.data;
    if (message.type === "progress") latest = message;
    else if (message.type === "ready" || message.type === "failed") latest = null;
    else return;
    render();
  });
  if (typeof window.document$ !== "undefined") window.document$.subscribe(() => render());
}
