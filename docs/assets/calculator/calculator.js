/*
 * The calculator on the page: reads the form, asks Python (in a Web Worker) and
 * shows the answer. No arithmetic, validation or result rendering here: the
 * worker returns the engine's result and the HTML the build's renderer makes.
 *
 * Page contract (docs/calculators/method.md): [data-calculator] with data-state static →
 * loading → ready (or error); inputs named by JSON path; figures carry data-field
 * and data-value; the inputs live in the URL query string. While a recompute is
 * on its way the result region has aria-busy="true".
 */

const vendor = new URL("./vendor/", import.meta.url);
const DEBOUNCE_MS = 200;

/* -- One worker per browser tab, kept across Material's instant navigation -- */

let worker = null;
let workerReady = null;
let sequence = 0;
const pending = new Map();

function startWorker() {
  if (!workerReady) {
    workerReady = new Promise((resolve, reject) => {
      worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
      worker.addEventListener("message", (event) => {
        const message = event.data;
        if (message.type === "ready") resolve(message);
        else if (message.type === "failed") reject(new Error(message.message));
        else if (pending.has(message.id)) {
          pending.get(message.id)(message);
          pending.delete(message.id);
        }
      });
      worker.addEventListener("error", (event) => {
        event.preventDefault();
        const error = new Error(event.message || "the Python runtime could not be loaded");
        reject(error);
        for (const [id, answer] of pending) answer({ id, ok: false, fatal: error.message });
        pending.clear();
      });
    });
  }
  return workerReady;
}

async function ask(message) {
  await startWorker();
  return new Promise((resolve) => {
    const id = ++sequence;
    pending.set(id, resolve);
    worker.postMessage({ ...message, id });
  });
}

/* -- Chart.js, vendored from npm, loaded on calculator pages only -- */

let chartLibrary = null;
function loadChartLibrary() {
  // The UMD build sets globalThis.Chart when imported as a module.
  chartLibrary ??= import(new URL("chart.umd.min.js", vendor).href).then(() => globalThis.Chart);
  return chartLibrary;
}

/* -- Small helpers -- */

function getPath(object, path) {
  return path.split(".").reduce((node, part) => (node == null ? undefined : node[part]), object);
}

function setPath(object, path, value) {
  const parts = path.split(".");
  let node = object;
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    const nextIsIndex = !last && /^\d+$/.test(parts[i + 1]);
    if (last) node[part] = value;
    else {
      node[part] ??= nextIsIndex ? [] : {};
      node = node[part];
    }
  });
}

function markText(mark) {
  if (!mark) return "";
  if (mark.basis === "reported") return mark.source ? `Reported: ${mark.source}` : "Reported";
  if (mark.basis === "illustrative") return `Illustrative: ${mark.note || "an assumption, not stated in the source"}`;
  return "";
}

function describedBy(element, id, on) {
  const ids = new Set((element.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean));
  if (on) ids.add(id);
  else ids.delete(id);
  if (ids.size) element.setAttribute("aria-describedby", [...ids].join(" "));
  else element.removeAttribute("aria-describedby");
}

function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/* -- One calculator on the page -- */

class Calculator {
  constructor(root) {
    this.root = root;
    this.name = root.dataset.calculator;
    this.form = root.querySelector("[data-form]");
    this.presets = JSON.parse(root.dataset.presets);
    this.status = root.querySelector("[data-status]");
    this.result = root.querySelector("[data-result]");
    this.live = root.querySelector("[data-live]");
    this.summary = root.querySelector("[data-error-summary]");
    this.chartFigure = root.querySelector("[data-chart]");
    this.chart = null;
    this.chartData = JSON.parse(root.dataset.chartData);
    this.pins = [];
    this.latest = 0;
    this.timer = null;
    this.current = null; // {inputs, result} of the figures shown
    this.notice = ""; // what was wrong with the link the page was opened with
  }

  setState(state) {
    this.root.dataset.state = state;
  }

  say(text) {
    this.status.textContent = text;
  }

  async start() {
    for (const hidden of this.root.querySelectorAll("[data-add-item], [data-remove-item], [data-actions], [data-presets-menu]")) {
      hidden.hidden = false;
    }
    this.bindEvents();
    const fromLink = this.applyQuery(new URLSearchParams(location.search));
    this.drawChart(this.chartData);
    this.setState("loading");
    this.say(
      (fromLink ? "The figures below are for the default case study, not yet for the values in your link. " : "") +
        "Loading Python (about 13 MB, the first time only) so the figures update as you type…",
    );
    try {
      const { seconds, pyodideSeconds, fromSnapshot } = await startWorker();
      this.root.dataset.runtimeSeconds = `${seconds.toFixed(2)} (Pyodide ${pyodideSeconds.toFixed(2)})`;
      this.root.dataset.pythonStart = fromSnapshot ? "snapshot" : "fresh";
    } catch (error) {
      this.setState("error");
      this.say(
        `The calculator could not start: ${error.message}. ` +
          (fromLink
            ? "The figures below are for the default case study, not for the values in your link. "
            : "The figures below were worked out when this site was built and are still correct for the values shown. ") +
          "Reload the page to try again.",
      );
      return;
    }
    this.root.querySelector("[data-tools]").hidden = false;
    await this.compute({ first: true });
  }

  /* Form <-> inputs */

  fields() {
    return [...this.form.elements].filter((el) => el.name && el.dataset.kind);
  }

  readInputs() {
    const inputs = {};
    for (const el of this.fields()) {
      if (el.type === "radio" && !el.checked) continue;
      const raw = el.value.trim();
      const kind = el.dataset.kind;
      if (raw === "") {
        if (el.dataset.blank === "null") setPath(inputs, el.name, null);
        continue;
      }
      if (kind === "bool") setPath(inputs, el.name, raw === "true");
      else setPath(inputs, el.name, raw);
    }
    return inputs;
  }

  queryString() {
    const params = new URLSearchParams();
    for (const el of this.fields()) {
      if (el.type === "radio" && !el.checked) continue;
      if (el.value.trim() !== "") params.append(el.name, el.value.trim());
    }
    return params.toString();
  }

  group(name) {
    return this.form.querySelector(`[data-group="${CSS.escape(name)}"]`);
  }

  setItemCount(group, count) {
    const items = group.querySelector("[data-items]");
    const template = group.querySelector("[data-item-template]").innerHTML;
    const from = Number(group.dataset.numberFrom || 1);
    while (items.children.length > count) items.lastElementChild.remove();
    while (items.children.length < count) {
      const i = items.children.length;
      items.insertAdjacentHTML("beforeend", template.replaceAll("__i__", String(i)).replaceAll("__n__", String(i + from)));
      for (const button of items.lastElementChild.querySelectorAll("[data-remove-item]")) button.hidden = false;
    }
  }

  /* Put `inputs` in the form: groups get one item per entry; absent fields their default. */
  fillForm(inputs) {
    for (const group of this.form.querySelectorAll("[data-group]")) {
      const list = inputs[group.dataset.group];
      this.setItemCount(group, Array.isArray(list) ? list.length : 0);
    }
    for (const el of this.fields()) {
      const value = getPath(inputs, el.name);
      const text = value === undefined || value === null ? (value === null ? "" : el.dataset.default) : String(value);
      if (el.type === "radio") el.checked = el.value === text;
      else el.value = text;
    }
  }

  setMarks(marks) {
    for (const mark of this.root.querySelectorAll("[data-mark-for]")) {
      const text = markText(marks[mark.dataset.markFor]);
      mark.textContent = text;
      mark.hidden = !text;
      mark.dataset.basis = (marks[mark.dataset.markFor] || {}).basis || "";
      const control = this.controlFor(mark.dataset.markFor);
      if (control) describedBy(control, mark.id, Boolean(text));
    }
    const list = this.root.querySelector("[data-sources-list]");
    if (list) {
      list.replaceChildren(
        ...Object.entries(marks).map(([path, mark]) => {
          const li = document.createElement("li");
          const code = document.createElement("code");
          code.textContent = path;
          li.append(code, `: ${markText(mark)}`);
          return li;
        }),
      );
    }
  }

  clearMark(name) {
    const mark = this.root.querySelector(`[data-mark-for="${CSS.escape(name)}"]`);
    if (mark && !mark.hidden) {
      mark.hidden = true;
      const control = this.controlFor(name);
      if (control) describedBy(control, mark.id, false);
    }
  }

  loadPreset(id) {
    const preset = this.presets[id];
    if (!preset) return false;
    this.fillForm(preset.inputs || {});
    this.setMarks(preset.marks || {});
    this.root.dataset.preset = id;
    for (const title of this.root.querySelectorAll("[data-preset-title]")) title.textContent = preset.title || id;
    const select = this.root.querySelector("[data-presets-menu] select");
    if (select) select.value = id;
    return true;
  }

  /* ?preset=<id> loads a preset; any other parameter named like a field sets it. */
  applyQuery(params) {
    let changed = false;
    const known = (key) =>
      this.fields().some((f) => f.name === key) || (/^\w+\.\d+(\.\w+)?$/.test(key) && Boolean(this.group(key.split(".")[0])));
    if (params.has("preset") && params.get("preset") !== this.root.dataset.preset) {
      changed = this.loadPreset(params.get("preset"));
      if (!changed) this.notice = `There is no case study called “${params.get("preset")}” for this calculator; the form shows the default one. `;
    }
    const unknown = [...params.keys()].filter((key) => key !== "preset" && !known(key));
    if (unknown.length) this.notice = `${this.notice || ""}Ignored in the link: ${unknown.join(", ")} (not fields of this calculator). `;
    const fieldParams = [...params].filter(([key]) => key !== "preset" && known(key));
    if (fieldParams.length) {
      // A link with field values describes the whole form: start from blanks/defaults.
      const groups = {};
      for (const [key] of fieldParams) {
        const [head, index] = key.split(".");
        if (this.group(head) && /^\d+$/.test(index || "")) groups[head] = Math.max(groups[head] || 0, Number(index) + 1);
      }
      if (!params.has("preset")) {
        this.fillForm({});
        this.setMarks({});
      }
      for (const [name, count] of Object.entries(groups)) this.setItemCount(this.group(name), count);
      for (const [key, value] of fieldParams) {
        for (const el of this.fields().filter((f) => f.name === key)) {
          if (el.type === "radio") el.checked = el.value === value;
          else el.value = value;
          this.clearMark(key);
        }
      }
      changed = true;
    }
    return changed;
  }

  /* Events */

  bindEvents() {
    this.form.addEventListener("input", (event) => this.edited(event.target));
    this.form.addEventListener("change", (event) => {
      if (event.target.type === "radio") this.edited(event.target);
    });
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearTimeout(this.timer);
      this.compute({ submitted: true });
    });
    this.form.addEventListener("click", (event) => {
      const add = event.target.closest("[data-add-item]");
      const remove = event.target.closest("[data-remove-item]");
      if (add) this.addItem(add.closest("[data-group]"));
      if (remove) this.removeItem(remove.closest("[data-group]"), remove.closest("[data-item]"));
    });
    this.summary.addEventListener("click", (event) => {
      const link = event.target.closest("a[href^='#']");
      if (!link) return;
      const target = document.getElementById(link.getAttribute("href").slice(1));
      if (target) {
        event.preventDefault();
        (target.matches("input, select") ? target : target.querySelector("input")).focus();
        target.scrollIntoView({ block: "center" });
      }
    });
    const menu = this.root.querySelector("[data-presets-menu]");
    menu.querySelector("[data-load-preset]").addEventListener("click", () => {
      this.loadPreset(menu.querySelector("select").value);
      this.compute({ preset: true });
    });
    const tools = this.root.querySelector("[data-tools]");
    tools.querySelector("[data-pin]").addEventListener("click", () => this.pin());
    tools.querySelector("[data-print]").addEventListener("click", () => window.print());
    // On paper the working is shown in full.
    window.addEventListener("beforeprint", () => {
      for (const details of this.root.querySelectorAll("details")) details.open = true;
    });
    for (const button of tools.querySelectorAll("[data-download]")) {
      button.addEventListener("click", () => this.download(button.dataset.download));
    }
    this.root.querySelector("[data-clear-pins]").addEventListener("click", () => {
      this.pins = [];
      this.showComparison();
      tools.querySelector("[data-pin]").focus();
    });
    new MutationObserver(() => this.drawChart(this.chartData)).observe(document.body, {
      attributes: true,
      attributeFilter: ["data-md-color-scheme"],
    });
  }

  edited(target) {
    if (target.name) this.clearMark(target.name);
    this.schedule();
  }

  schedule() {
    this.latest++; // an answer already on its way is for older figures: do not show it as the final one
    this.result.setAttribute("aria-busy", "true");
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.compute({}), DEBOUNCE_MS);
  }

  addItem(group) {
    const items = group.querySelector("[data-items]");
    this.setItemCount(group, items.children.length + 1);
    items.lastElementChild.querySelector("input")?.focus();
    this.schedule();
  }

  removeItem(group, item) {
    const name = group.dataset.group;
    const values = this.readInputs()[name] || [];
    const index = [...group.querySelector("[data-items]").children].indexOf(item);
    values.splice(index, 1);
    // Re-render the remaining items so names and numbers stay in order.
    const keep = this.readInputs();
    keep[name] = values;
    this.setItemCount(group, 0);
    this.setItemCount(group, values.length);
    for (const el of this.fields().filter((f) => f.name.startsWith(`${name}.`))) {
      const value = getPath(keep, el.name);
      const text = value === undefined ? el.dataset.default : value === null ? "" : String(value);
      if (el.type === "radio") el.checked = el.value === text;
      else el.value = text;
    }
    const items = group.querySelector("[data-items]");
    (items.children[Math.min(index, items.children.length - 1)]?.querySelector("input") || group.querySelector("[data-add-item]")).focus();
    this.schedule();
  }

  /* Computing */

  async compute({ first = false, submitted = false } = {}) {
    const ticket = ++this.latest;
    const inputs = this.readInputs();
    this.result.setAttribute("aria-busy", "true");
    const reply = await ask({ type: "compute", name: this.name, inputs });
    if (ticket !== this.latest) return; // a newer edit is on its way
    if (reply.fatal) {
      this.setState("error");
      this.say(`The calculator stopped working: ${reply.fatal}. Reload the page to try again.`);
      this.result.removeAttribute("aria-busy");
      return;
    }
    history.replaceState(history.state, "", `${location.pathname}?${this.queryString()}${location.hash}`);
    this.root.querySelector("[data-permalink]").href = `?${this.queryString()}`;
    if (reply.ok) {
      this.showErrors([]);
      this.result.innerHTML = reply.html;
      this.result.classList.remove("calc-result--stale");
      this.chartData = reply.chart;
      this.drawChart(reply.chart);
      this.current = { inputs, result: reply.result };
      this.say(`${first && this.notice ? this.notice : ""}The figures update as you change the form.`);
      if (!first) this.live.textContent = reply.summary;
      if (this.pins.length) await this.showComparison();
    } else {
      this.showErrors(reply.errors || []);
      this.result.classList.add("calc-result--stale");
      const count = (reply.errors || []).length;
      this.say("The results below are for the last figures that worked; correct the form to update them.");
      this.live.textContent = `There ${count === 1 ? "is 1 problem" : `are ${count} problems`} with the figures; the list is at the top of the form.`;
      if (submitted) this.summary.focus();
    }
    if (ticket === this.latest) this.result.removeAttribute("aria-busy");
    this.setState("ready");
  }

  /* Errors: summary at the top (links to fields) + a message at each field */

  controlFor(path) {
    const byName = this.fields().find((el) => el.name === path);
    if (byName) return byName.type === "radio" ? byName.closest("fieldset") : byName;
    return this.group(path);
  }

  labelFor(path, control) {
    const container = control.closest("[data-field-for], [data-group]");
    const own = container.querySelector("label, legend");
    const item = control.closest("[data-item]");
    const itemLegend = item && item.querySelector(".calc-item-legend");
    const text = (own.textContent || "").replace(/\s*\(.*\)\s*$/, "").trim();
    return itemLegend && itemLegend !== own ? `${itemLegend.textContent.trim()}, ${text.toLowerCase()}` : text;
  }

  showErrors(errors) {
    for (const el of this.root.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    for (const el of this.root.querySelectorAll(".calc-error-message")) {
      el.hidden = true;
      el.textContent = "";
      const owner = el.closest("[data-field-for], [data-group]");
      owner.classList.remove("calc-field--error");
      const control = this.controlFor(owner.dataset.fieldFor || owner.dataset.group);
      if (control) describedBy(control, el.id, false);
    }
    const list = this.summary.querySelector("[data-error-list]");
    list.replaceChildren();
    this.summary.hidden = errors.length === 0;
    for (const { field, message } of errors) {
      // The nearest form control: the field itself, else its group, else the whole form.
      let path = field || "";
      let control = this.controlFor(path);
      while (!control && path.includes(".")) {
        path = path.slice(0, path.lastIndexOf("."));
        control = this.controlFor(path);
      }
      const li = document.createElement("li");
      if (control) {
        const label = this.labelFor(path, control);
        const slot = this.root.querySelector(`#${CSS.escape(control.id)}-error`) ||
          control.closest("[data-field-for], [data-group]").querySelector(".calc-error-message");
        const text = `${label}: ${message}`;
        if (slot) {
          slot.hidden = false;
          if (slot.textContent) slot.append(document.createElement("br"));
          const prefix = Object.assign(document.createElement("span"), { className: "calc-visually-hidden", textContent: "Error: " });
          slot.append(prefix, text);
          slot.closest("[data-field-for], [data-group]").classList.add("calc-field--error");
          describedBy(control, slot.id, true);
        }
        control.setAttribute("aria-invalid", "true");
        const link = Object.assign(document.createElement("a"), { href: `#${control.id}`, textContent: text });
        li.append(link);
      } else {
        li.textContent = field ? `${field}: ${message}` : message;
      }
      list.append(li);
    }
  }

  /* Chart: drawn from the renderer's data; the table is its text alternative */

  async drawChart(data) {
    if (!data || !data.labels || !data.labels.length) {
      this.chartFigure.hidden = true;
      return;
    }
    let Chart;
    try {
      Chart = await loadChartLibrary();
    } catch {
      this.chartFigure.hidden = true;
      return;
    }
    const style = getComputedStyle(this.root);
    const text = style.getPropertyValue("--md-default-fg-color").trim() || "#333";
    const grid = style.getPropertyValue("--md-default-fg-color--lightest").trim() || "#ddd";
    const colours = ["--calc-series-1", "--calc-series-2", "--calc-series-3"].map((v) => style.getPropertyValue(v).trim());
    const config = {
      type: data.type || "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map((set, i) => ({
          ...set,
          backgroundColor: colours[i % colours.length],
          borderColor: colours[i % colours.length],
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { labels: { color: text } }, title: { display: true, text: data.title, color: text } },
        scales: {
          x: { ticks: { color: text }, grid: { color: grid } },
          y: { ticks: { color: text }, grid: { color: grid } },
        },
      },
    };
    this.chartFigure.hidden = false;
    const canvas = this.chartFigure.querySelector("canvas");
    if (this.chart && this.chart.canvas === canvas && this.chart.config.type === config.type &&
        this.chart.data.datasets.length === config.data.datasets.length) {
      // Same kind of chart: update it in place (much cheaper than building a new one).
      this.chart.data.labels = config.data.labels;
      config.data.datasets.forEach((set, i) => Object.assign(this.chart.data.datasets[i], set));
      this.chart.options = config.options;
      this.chart.update("none");
      return;
    }
    if (this.chart) this.chart.destroy();
    this.chart = new Chart(canvas, config);
  }

  /* Comparison, downloads */

  async pin() {
    if (!this.current) return;
    this.pins.push({ label: `Scenario ${this.pins.length + 1}`, result: this.current.result });
    await this.showComparison();
    this.live.textContent = `Pinned as scenario ${this.pins.length}. Change the form to compare it with the current figures.`;
  }

  async showComparison() {
    const box = this.root.querySelector("[data-comparison]");
    if (!this.pins.length || !this.current) {
      box.hidden = true;
      return;
    }
    const scenarios = [...this.pins, { label: "Current", result: this.current.result }];
    const reply = await ask({ type: "compare", name: this.name, scenarios });
    box.querySelector("[data-comparison-table]").innerHTML = reply.html || "";
    box.hidden = false;
  }

  async download(format) {
    if (!this.current) return;
    const reply = await ask({ type: "download", format, name: this.name, ...this.current });
    if (!reply.ok) return;
    const type = format === "csv" ? "text/csv" : "application/json";
    download(`${this.name}-result.${format}`, reply.text, type);
  }
}

/* -- Entry point, called by loader.js on every page that has a calculator -- */

export function mount(root) {
  for (const element of root.querySelectorAll("[data-calculator]")) {
    if (element.dataset.mounted) continue;
    element.dataset.mounted = "true";
    startWorker().catch(() => {}); // as early as possible; failures are reported by start()
    new Calculator(element).start();
  }
}

export { startWorker };
