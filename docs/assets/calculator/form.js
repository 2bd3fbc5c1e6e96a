/*
 * Reading and filling the form. Inputs are named by their JSON path
 * ("measures.2.weight_pct"); what the reader typed is sent as text and the engine
 * reads it (no arithmetic here). Fields hidden because they do not apply to a row
 * (a provider's contribution) keep what was typed but are not sent.
 */
import { getPath, setPath } from "./dom.js";
import { applyConditions, isValueList, setCount } from "./rows.js";

export function fields(form) {
  return [...form.elements].filter((el) => el.name && el.dataset.kind);
}

/** Whether a control takes part: not in a field hidden for its row. */
export function isActive(el) {
  return !el.closest("[data-field-for][hidden]");
}

export function groups(form) {
  return [...form.querySelectorAll("[data-group]")];
}

export function group(form, name) {
  return form.querySelector(`[data-group="${CSS.escape(name)}"]`);
}

/** The rows added but not yet touched by the reader, as "group.index" prefixes.
 * `trailing`: only those at the end of their list (leaving them out shifts no index). */
export function untouchedRows(form, { trailing = false } = {}) {
  const out = [];
  for (const g of groups(form)) {
    const rows = [...g.querySelector("[data-items]").children];
    for (let i = rows.length - 1; i >= 0; i -= 1) {
      if (!rows[i].dataset.touched) out.push(`${g.dataset.group}.${i}`);
      else if (trailing) break;
    }
  }
  return out;
}

/** The inputs as the engine takes them. `skip`: row prefixes to leave out. */
export function readInputs(form, { skip = [] } = {}) {
  const inputs = {};
  for (const g of groups(form)) setPath(inputs, g.dataset.group, []);
  const skipped = (name) => skip.some((prefix) => name === prefix || name.startsWith(`${prefix}.`));
  for (const el of fields(form)) {
    if (!isActive(el) || skipped(el.name)) continue;
    if (el.type === "radio" && !el.checked) continue;
    const raw = el.value.trim();
    if (raw === "") {
      if (el.dataset.blank === "null") setPath(inputs, el.name, null);
      continue;
    }
    setPath(inputs, el.name, el.dataset.kind === "bool" ? raw === "true" : raw);
  }
  // A row left blank is still a row (so messages keep its number); an empty list is left out.
  for (const g of groups(form)) {
    const name = g.dataset.group;
    const blank = isValueList(g) ? null : {};
    const list = Array.from(inputs[name] || [], (item) => (item === undefined ? structuredClone(blank) : item));
    inputs[name] = list;
    if (!list.length && !g.querySelector("[data-items]").children.length) delete inputs[name];
  }
  return inputs;
}

/** What is in each active field, as text: Map name -> text ("" for blank). */
export function values(form) {
  const out = new Map();
  for (const el of fields(form)) {
    if (!isActive(el)) continue;
    if (el.type === "radio") {
      if (el.checked) out.set(el.name, el.value);
      else if (!out.has(el.name)) out.set(el.name, "");
    } else out.set(el.name, el.value.trim());
  }
  return out;
}

/** The text a field shows for `value` from a preset (absent: its default). */
export function textFor(el, value) {
  if (value === null) return "";
  if (value === undefined) return el.dataset.blank === "null" ? "" : el.dataset.default || "";
  if (typeof value === "boolean") return value ? "true" : "false";
  return String(value);
}

export function setField(el, text) {
  if (el.type === "radio") el.checked = el.value === text;
  else el.value = text;
}

/** Put `inputs` in the form: groups get one row per entry; absent fields their default. */
export function fill(form, inputs) {
  for (const g of groups(form)) {
    const list = getPath(inputs, g.dataset.group);
    setCount(g, Array.isArray(list) ? list.length : 0);
    for (const row of g.querySelector("[data-items]").children) row.dataset.touched = "true";
  }
  for (const el of fields(form)) setField(el, textFor(el, getPath(inputs, el.name)));
  for (const g of groups(form)) for (const row of g.querySelector("[data-items]").children) applyConditions(row);
}

/** What holds one field and its label, mark and message: a field, a list or table of
 *  rows, or a group of named fields (an object). */
export const CONTAINER = "[data-field-for], [data-group], [data-object]";

/** The label a reader sees for a field ("Measure 2, weight"); the build names the fields
 *  of its sources list by the same rule (macros/render/calculator_pages.py, field_label). */
export function labelFor(control) {
  const container = control.closest(CONTAINER);
  const own = container && container.querySelector("label, legend");
  const item = control.closest("[data-item]");
  const itemLegend = item && item.querySelector(".calc-item-legend");
  const text = ((own && own.textContent) || control.name || "").replace(/\s*\(.*\)\s*$/, "").trim();
  return itemLegend && itemLegend !== own ? `${itemLegend.textContent.trim()}, ${text.toLowerCase()}` : text;
}

/** The control of a field's container (CONTAINER). */
export function controlIn(container) {
  if (!container) return null;
  if (container.matches("fieldset[data-field-for], [data-group], [data-object]")) return container;
  return container.querySelector("input[data-kind], select[data-kind]");
}

/** The control for a path: the field (a radio's fieldset), else its group or object. */
export function controlFor(form, path) {
  const byName = form.querySelector(`[name="${CSS.escape(path)}"][data-kind]`);
  if (byName) return byName.type === "radio" ? byName.closest("fieldset") : byName;
  return group(form, path) || form.querySelector(`[data-object="${CSS.escape(path)}"]`);
}
