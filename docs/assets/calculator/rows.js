/*
 * Repeatable rows ([data-group] with a [data-item-template]): adding, removing and
 * numbering them, and the fields that apply only to some rows (a partner's
 * contribution only for a commissioner).
 *
 * Ids are unique by construction: a row's ids, names and labels come from the
 * template with the row's index put in, and rows after a removed one are made again
 * from the template at their new index (keeping what was typed), so no two rows
 * ever share an id and an error in row 4 is shown at row 4.
 */
import { describedBy, parsed } from "./dom.js";

/* The page says, from each calculator's declaration: data-max-items on a group (its
 * limit), data-show-when="role=commissioner" on a field that applies only to some rows.
 * A group that does not say is held to the longest list any calculator allows. */
const LONGEST_LIST = 60;

const PLACEHOLDER = /__i__|--i--/g;

export function itemsOf(group) {
  return [...group.querySelector("[data-items]").children];
}

export function groupName(group) {
  return group.dataset.group;
}

/** Whether the group's rows are single values (a per-year list) rather than objects. */
export function isValueList(group) {
  const template = group.querySelector("template[data-item-template]");
  return Boolean(template && template.content.querySelector(`[name="${CSS.escape(`${groupName(group)}.__i__`)}"]`));
}

/** The most rows the group may have. */
export function itemLimit(group) {
  const declared = Number(group.dataset.maxItems);
  return Number.isInteger(declared) && declared > 0 ? declared : LONGEST_LIST;
}

/** The names a row of the group can hold, relative to the row (".name", "" for a value list). */
export function rowFieldSuffixes(group) {
  const template = group.querySelector("template[data-item-template]");
  const prefix = `${groupName(group)}.__i__`;
  return [...new Set([...template.content.querySelectorAll("[name]")].map((el) => el.getAttribute("name").slice(prefix.length)))];
}

const templates = new WeakMap(); // template element -> {html, fixed: [ids without the index]}

function templateOf(group) {
  const template = group.querySelector("template[data-item-template]");
  if (!templates.has(template)) {
    const fixed = [...template.content.querySelectorAll("[id]")].map((el) => el.id).filter((id) => !id.match(PLACEHOLDER));
    templates.set(template, { html: template.innerHTML, fixed });
  }
  return templates.get(template);
}

function makeRow(group, index) {
  const { html: source, fixed: fixedIds } = templateOf(group);
  const from = Number(group.dataset.numberFrom || 1);
  const html = source.replace(PLACEHOLDER, String(index)).replaceAll("__n__", String(index + from));
  const row = parsed(html).firstElementChild;
  // Any id the template gives without the row's index would repeat: derive it from the row.
  if (fixedIds.length) {
    const fixed = new Map(fixedIds.map((id) => [id, `${group.id || groupName(group)}-${index}-${id}`]));
    for (const el of row.querySelectorAll("*")) {
      if (el.id && fixed.has(el.id)) el.id = fixed.get(el.id);
      for (const attr of ["for", "aria-describedby", "aria-labelledby", "aria-controls"]) {
        const value = el.getAttribute(attr);
        if (value) el.setAttribute(attr, value.split(/\s+/).map((id) => fixed.get(id) || id).join(" "));
      }
    }
  }
  for (const button of row.querySelectorAll("[data-remove-item]")) button.hidden = false;
  return row;
}

function copyValues(from, fromPrefix, to, toPrefix) {
  for (const el of from.querySelectorAll("[name]")) {
    const target = [...to.querySelectorAll("[name]")].find(
      (t) => t.getAttribute("name") === toPrefix + el.getAttribute("name").slice(fromPrefix.length) && (t.type !== "radio" || t.value === el.value),
    );
    if (!target) continue;
    if (el.type === "radio" || el.type === "checkbox") target.checked = el.checked;
    else target.value = el.value;
  }
  if (from.dataset.touched) to.dataset.touched = from.dataset.touched;
}

/** Give the group `count` rows (made from the template at the end, or cut from the end). */
export function setCount(group, count, { touched = true } = {}) {
  const items = group.querySelector("[data-items]");
  count = Math.max(0, Math.min(count, itemLimit(group)));
  while (items.children.length > count) items.lastElementChild.remove();
  const added = [];
  for (let i = items.children.length; i < count; i += 1) {
    const row = makeRow(group, i);
    if (touched) row.dataset.touched = "true";
    applyConditions(row);
    added.push(row);
  }
  if (added.length) items.append(...added);
}

/** Remove one row; the rows after it move up and are renumbered. */
export function removeRow(group, item) {
  const rows = itemsOf(group);
  const index = rows.indexOf(item);
  if (index < 0) return -1;
  const name = groupName(group);
  item.remove();
  for (let old = index + 1; old < rows.length; old += 1) {
    const fresh = makeRow(group, old - 1);
    copyValues(rows[old], `${name}.${old}`, fresh, `${name}.${old - 1}`);
    rows[old].replaceWith(fresh);
    applyConditions(fresh);
  }
  return index;
}

export function addRow(group) {
  const items = group.querySelector("[data-items]");
  if (items.children.length >= itemLimit(group)) return null;
  const row = makeRow(group, items.children.length);
  items.append(row);
  applyConditions(row);
  return row;
}

/* -- Fields that apply only to some rows -- */

function condition(container) {
  const rule = container.dataset.showWhen;
  if (!rule || !rule.includes("=")) return null;
  const [key, values] = rule.split("=");
  return { key, values: values.split("|") };
}

/** Show only the fields that apply to the row's current choices; hidden ones keep what was typed. */
export function applyConditions(row) {
  for (const container of row.querySelectorAll("[data-field-for]")) {
    const rule = condition(container);
    if (!rule) continue;
    const path = container.dataset.fieldFor;
    const sibling = `${path.slice(0, path.lastIndexOf("."))}.${rule.key}`;
    const controls = [...row.querySelectorAll(`[name="${CSS.escape(sibling)}"]`)];
    if (!controls.length) continue;
    const chosen = controls.find((c) => c.type !== "radio" || c.checked);
    const show = Boolean(chosen) && rule.values.includes(chosen.value);
    container.hidden = !show;
    for (const input of container.querySelectorAll("input, select")) {
      if (!show) {
        input.removeAttribute("aria-invalid");
        for (const id of (input.getAttribute("aria-describedby") || "").split(/\s+/)) if (id.endsWith("-error")) describedBy(input, id, false);
      }
    }
  }
}

/**
 * The rows' controls: Add and Remove buttons, row numbering, touched rows, role
 * fields. `onChange(kind, group)` is called after rows are added or removed.
 */
export function mount({ form, onChange }) {
  const undo = [];
  for (const el of form.querySelectorAll("[data-add-item], [data-remove-item]")) el.hidden = false;
  for (const group of form.querySelectorAll("[data-group]")) {
    for (const row of itemsOf(group)) {
      row.dataset.touched = "true"; // rows the page came with are data, not blank rows
      applyConditions(row);
    }
  }
  const onClick = (event) => {
    const add = event.target.closest("[data-add-item]");
    const remove = event.target.closest("[data-remove-item]");
    if (add) {
      const group = add.closest("[data-group]");
      const row = addRow(group);
      if (row) {
        row.querySelector("input:not([type=radio]), input")?.focus();
        onChange("add", group);
      }
    } else if (remove) {
      const group = remove.closest("[data-group]");
      const index = removeRow(group, remove.closest("[data-item]"));
      const rows = itemsOf(group);
      (rows[Math.min(index, rows.length - 1)]?.querySelector("input") || group.querySelector("[data-add-item]")).focus();
      onChange("remove", group);
    }
  };
  const onEdit = (event) => {
    const row = event.target.closest("[data-item]");
    if (!row) return;
    row.dataset.touched = "true";
    if (event.target.type === "radio" || event.target.tagName === "SELECT") applyConditions(row);
  };
  form.addEventListener("click", onClick);
  form.addEventListener("input", onEdit);
  form.addEventListener("change", onEdit);
  undo.push(() => form.removeEventListener("click", onClick));
  undo.push(() => form.removeEventListener("input", onEdit));
  undo.push(() => form.removeEventListener("change", onEdit));
  return () => undo.forEach((fn) => fn());
}
