/*
 * Where each value comes from: the mark under a field ("Reported: …",
 * "Illustrative: …") and the sources box. The wording is Python's (each mark's
 * `text`, from the presets); the fallbacks below are used only for presets made
 * before marks carried their text.
 */
import { describedBy, replaceIfChanged } from "./dom.js";
import { CONTAINER, controlFor, controlIn, labelFor } from "./form.js";

/* The wording of a changed value, as the page's Python gave it (data-mark-words). */
let changedWords = {};

export function markText(mark) {
  if (!mark) return "";
  if (typeof mark.text === "string" && mark.text) return mark.text;
  if (mark.basis === "reported") return mark.source ? `Reported: ${mark.source}` : "Reported";
  if (mark.basis === "illustrative") return `Illustrative: ${mark.note || "an assumption, not stated in the source"}`;
  if (mark.basis === "changed") {
    if (mark.was === undefined) return changedWords.missing || "";
    return mark.was === "" ? changedWords.blank || "" : (changedWords.was || "").replace("{was}", mark.was);
  }
  return "";
}

/** Show `marks` ({path: mark}) at the fields and in the sources box; only what differs
 *  from what is shown is changed. */
export function show({ root, form }, marks, { title, edited = false } = {}) {
  try {
    changedWords = JSON.parse(root.dataset.markWords || "{}");
  } catch {
    changedWords = {};
  }
  for (const el of root.querySelectorAll("[data-mark-for]")) {
    const mark = Object.hasOwn(marks, el.dataset.markFor) ? marks[el.dataset.markFor] : null;
    const text = markText(mark);
    const basis = (mark && mark.basis) || "";
    if (el.textContent !== text) el.textContent = text;
    if (el.hidden !== !text) el.hidden = !text;
    if (el.dataset.basis !== basis) el.dataset.basis = basis;
    const control = controlIn(el.closest(CONTAINER));
    if (control && el.id) describedBy(control, el.id, Boolean(text));
  }
  const box = root.querySelector("[data-sources]");
  const list = root.querySelector("[data-sources-list]");
  if (list) {
    replaceIfChanged(
      list,
      ...Object.entries(marks).map(([path, mark]) => {
        const li = document.createElement("li");
        const control = controlFor(form, path);
        const label = document.createElement("span");
        label.className = "calc-sources__field";
        label.textContent = control ? labelFor(control) : path;
        li.dataset.sourceFor = path;
        li.dataset.basis = mark.basis || "";
        li.append(label, `: ${markText(mark)}`);
        return li;
      }),
    );
  }
  if (box) {
    const summary = box.querySelector("summary");
    if (summary && title !== undefined) {
      const name = Object.assign(document.createElement("span"), { textContent: title });
      name.dataset.presetTitle = "";
      replaceIfChanged(
        summary,
        edited ? "Where these figures come from: " : "Where the figures of “",
        name,
        edited ? ", with the changes marked" : "” come from",
      );
    }
    const none = Object.keys(marks).length === 0;
    if (box.hidden !== none) box.hidden = none;
  }
}
