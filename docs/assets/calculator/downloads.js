/*
 * Downloads of the figures on screen, made by Python: the result table (CSV), the
 * inputs with where each comes from (CSV) and everything (JSON). Each file is named
 * for the calculator, the preset it started from and the day. Every click gets its
 * file: requests are answered in turn and each file is handed to the browser a moment
 * after the previous one.
 */
import { ask } from "./worker-client.js";

const GAP_MS = 250;

function save(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement("a"), { href: url, download: filename });
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has the file once the click is handled; give it a moment before letting go.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const FILES = {
  csv: { suffix: "result.csv", type: "text/csv" },
  "inputs-csv": { suffix: "inputs.csv", type: "text/csv" },
  json: { suffix: "result.json", type: "application/json" },
};

/** ``risk-share-bedfordshire-risk-share-2026-12-01-result.csv`` (the day in the reader's own time). */
function filename(root, name, format) {
  const day = new Date();
  const stamp = [day.getFullYear(), day.getMonth() + 1, day.getDate()].map((n) => String(n).padStart(2, "0")).join("-");
  const preset = root.dataset.preset || "your-figures";
  return `${name}-${preset}-${stamp}-${(FILES[format] || FILES.json).suffix}`;
}

export function mount({ root, name, current, marks = () => ({}), say }) {
  const tools = root.querySelector("[data-tools]");
  const buttons = tools ? [...tools.querySelectorAll("[data-download]")] : [];
  let queue = Promise.resolve();
  let gone = false;
  let spacing = null;
  const cache = new Map(); // format -> {result, text}

  async function make(format) {
    const shown = current();
    if (!shown) {
      say("There are no figures worked out in your browser to download yet: correct the form first.");
      return;
    }
    const sources = marks();
    const cached = cache.get(format);
    let text = cached && cached.result === shown.result && cached.sources === sources ? cached.text : null;
    if (text === null) {
      const reply = await ask({ type: "download", format, name, inputs: shown.inputs, result: shown.result, marks: sources });
      if (!reply.ok) {
        say(`The ${format.toUpperCase()} file could not be made: ${reply.fatal || "the calculator did not answer"}.`);
        return;
      }
      text = reply.text;
      cache.set(format, { result: shown.result, sources, text });
    }
    if (gone) return;
    save(filename(root, name, format), text, (FILES[format] || FILES.json).type);
    root.dataset.downloads = String(Number(root.dataset.downloads || 0) + 1);
    // A browser drops a file whose download starts while the previous one is still
    // being set up, so the next one in the queue waits a moment.
    await new Promise((resolve) => {
      spacing = setTimeout(resolve, GAP_MS);
    });
  }

  const handlers = buttons.map((button) => {
    const onClick = () => {
      queue = queue.then(() => make(button.dataset.download)).catch((error) => say(`The file could not be made: ${error.message}.`));
    };
    button.addEventListener("click", onClick);
    return () => button.removeEventListener("click", onClick);
  });

  return () => {
    gone = true;
    clearTimeout(spacing);
    handlers.forEach((undo) => undo());
  };
}
