/*
 * Scenarios: the reader pins the figures on screen, names them, and compares them
 * with the current ones: Python's table of key figures plus, for each scenario,
 * which inputs differ. Kept in the browser's storage (per calculator) across
 * reloads, and in a link that opens the same scenarios elsewhere.
 */
import { someOf } from "./dom.js";
import { controlFor, labelFor } from "./form.js";
import { ask } from "./worker-client.js";

const MAX_SCENARIOS = 10;
const MAX_NAME = 100;
const MAX_LINK_CHARACTERS = 12_000;
const MAX_DIFFERENCES_SHOWN = 8;

function flatten(value, path = "", out = new Map()) {
  if (Array.isArray(value)) value.forEach((item, i) => flatten(item, path ? `${path}.${i}` : String(i), out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${k}` : k, out);
  else out.set(path, value === null || value === undefined ? "" : String(value));
  return out;
}

export function encode(scenarios) {
  const json = JSON.stringify(scenarios.map((s) => ({ n: s.name, i: s.inputs })));
  const bytes = new TextEncoder().encode(json);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Scenarios from a link or from storage, checked; [] if anything is wrong. */
export function decode(text) {
  if (typeof text !== "string" || !text || text.length > MAX_LINK_CHARACTERS) return [];
  try {
    const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
    const list = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    return parse(list);
  } catch {
    return [];
  }
}

function parse(list) {
  if (!Array.isArray(list)) return [];
  return list
    .slice(0, MAX_SCENARIOS)
    .filter((s) => s && typeof s === "object" && typeof s.n === "string" && s.i && typeof s.i === "object" && !Array.isArray(s.i))
    .map((s) => ({ name: s.n.slice(0, MAX_NAME), inputs: s.i }));
}

export function mount({ root, name, form, current, readInputs, permalinkQuery, live, tell = () => {} }) {
  const box = root.querySelector("[data-comparison]");
  const tools = root.querySelector("[data-tools]");
  const pinButton = tools && tools.querySelector("[data-pin]");
  const clearButton = root.querySelector("[data-clear-pins]");
  const storageKey = `calculator-scenarios:${name}`;
  const undo = [];
  let scenarios = [];
  let gone = false;
  let renderTicket = 0;

  let list = box.querySelector("[data-scenario-list]");
  if (!list) {
    list = Object.assign(document.createElement("ol"), { className: "calc-scenarios" });
    list.dataset.scenarioList = "";
    box.querySelector("[data-comparison-table]").after(list);
  }
  let shareLink = box.querySelector("[data-scenarios-link]");
  if (!shareLink) {
    // An address from the start (this page), replaced by the scenarios' own when there are any.
    shareLink = Object.assign(document.createElement("a"), { className: "calc-permalink", textContent: "Link to these scenarios", href: location.pathname });
    shareLink.dataset.scenariosLink = "";
    list.after(shareLink);
  }

  function on(target, type, fn) {
    target.addEventListener(type, fn);
    undo.push(() => target.removeEventListener(type, fn));
  }

  function save() {
    try {
      if (scenarios.length) localStorage.setItem(storageKey, JSON.stringify(scenarios.map((s) => ({ n: s.name, i: s.inputs }))));
      else localStorage.removeItem(storageKey);
    } catch {
      /* storage full or refused: the scenarios still work on this page */
    }
  }

  function stored() {
    try {
      return parse(JSON.parse(localStorage.getItem(storageKey) || "[]"));
    } catch {
      return [];
    }
  }

  function differences(scenario) {
    const now = flatten(readInputs());
    const then = flatten(scenario.inputs);
    const out = [];
    for (const path of new Set([...then.keys(), ...now.keys()])) {
      const a = then.get(path) ?? "";
      const b = now.get(path) ?? "";
      if (a === b) continue;
      const control = controlFor(form, path);
      out.push({ path, label: control ? labelFor(control) : path, then: a, now: b });
    }
    return out;
  }

  function drawList() {
    list.replaceChildren(
      ...scenarios.map((scenario, index) => {
        const li = document.createElement("li");
        li.dataset.scenario = String(index);
        const id = `${root.id || `calc-${name}`}-scenario-${index}-name`;
        const label = Object.assign(document.createElement("label"), { className: "calc-label", htmlFor: id, textContent: `Name of scenario ${index + 1}` });
        const input = Object.assign(document.createElement("input"), { className: "calc-input calc-input--w20", id, type: "text", value: scenario.name, maxLength: MAX_NAME });
        input.dataset.scenarioName = String(index);
        const remove = Object.assign(document.createElement("button"), { type: "button", className: "calc-button calc-button--secondary", textContent: `Remove scenario ${index + 1}` });
        remove.dataset.removeScenario = String(index);
        const diffs = differences(scenario);
        const diff = document.createElement("p");
        diff.className = "calc-hint";
        diff.dataset.scenarioDifferences = String(diffs.length);
        diff.textContent = diffs.length
          ? `Inputs that differ from the current ones: ${someOf(
              diffs.map((d) => `${d.label} ${d.then || "blank"} (now ${d.now || "blank"})`),
              MAX_DIFFERENCES_SHOWN,
            )}.`
          : "The same inputs as the current ones.";
        li.append(label, input, diff, remove);
        return li;
      }),
    );
    shareLink.href = `?${permalinkQuery()}${scenarios.length ? `&scenarios=${encode(scenarios)}` : ""}`;
  }

  async function render() {
    const shown = current();
    if (!scenarios.length || !shown) {
      box.hidden = true;
      list.replaceChildren();
      return;
    }
    const ticket = ++renderTicket;
    const reply = await ask({
      type: "compare",
      name,
      scenarios: [...scenarios.map((s) => ({ label: s.name || "Unnamed", result: s.result })), { label: "Current", result: shown.result }],
    });
    if (gone || ticket !== renderTicket) return;
    box.querySelector("[data-comparison-table]").innerHTML = reply.html || "";
    if (!list.contains(document.activeElement)) drawList();
    else {
      // Keep the cursor in the name being typed: update only the differences and the link.
      for (const li of list.children) {
        const scenario = scenarios[Number(li.dataset.scenario)];
        if (!scenario) continue;
        const diffs = differences(scenario);
        const p = li.querySelector("[data-scenario-differences]");
        p.dataset.scenarioDifferences = String(diffs.length);
        p.textContent = diffs.length
          ? `Inputs that differ from the current ones: ${someOf(diffs.map((d) => `${d.label} ${d.then || "blank"} (now ${d.now || "blank"})`), MAX_DIFFERENCES_SHOWN)}.`
          : "The same inputs as the current ones.";
      }
      shareLink.href = `?${permalinkQuery()}&scenarios=${encode(scenarios)}`;
    }
    box.hidden = false;
    root.dataset.scenarios = String(scenarios.length);
  }

  async function restore(found) {
    const computed = [];
    for (const scenario of found) {
      const reply = await ask({ type: "compute", name, inputs: scenario.inputs });
      if (gone) return;
      if (reply.ok) computed.push({ ...scenario, result: reply.result });
    }
    scenarios = computed;
    await render();
  }

  if (pinButton) {
    on(pinButton, "click", async () => {
      const shown = current();
      if (!shown) return;
      if (scenarios.length >= MAX_SCENARIOS) scenarios.shift();
      scenarios.push({ name: `Scenario ${scenarios.length + 1}`, inputs: shown.inputs, result: shown.result });
      save();
      await render();
      live.textContent = `Pinned as scenario ${scenarios.length}. Change the form to compare it with the current figures.`;
    });
  }
  if (clearButton) {
    on(clearButton, "click", () => {
      scenarios = [];
      save();
      render();
      pinButton?.focus();
    });
  }
  let nameTimer = null;
  on(list, "input", (event) => {
    const index = event.target.dataset.scenarioName;
    if (index === undefined || !scenarios[Number(index)]) return;
    scenarios[Number(index)].name = event.target.value.slice(0, MAX_NAME);
    save();
    clearTimeout(nameTimer);
    nameTimer = setTimeout(render, 300);
  });
  undo.push(() => clearTimeout(nameTimer));
  on(list, "click", (event) => {
    const button = event.target.closest("[data-remove-scenario]");
    if (!button) return;
    scenarios.splice(Number(button.dataset.removeScenario), 1);
    save();
    render();
    pinButton?.focus();
  });

  return {
    /** Once Python is ready: scenarios from the link (kept from then on), else from storage. */
    start(params) {
      const fromLink = params.has("scenarios") ? decode(params.get("scenarios")) : null;
      if (fromLink && !fromLink.length) tell("The scenarios in the link could not be read (it may have been cut short); the ones kept in this browser are shown instead.");
      if (fromLink && fromLink.length) {
        scenarios = fromLink;
        save();
      }
      const found = fromLink && fromLink.length ? fromLink : stored();
      return found.length ? restore(found) : Promise.resolve();
    },
    refresh: render,
    teardown() {
      gone = true;
      undo.forEach((fn) => fn());
    },
  };
}
