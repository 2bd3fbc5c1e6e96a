/*
 * The error summary at the top of the form and the message at each field (GOV.UK
 * pattern): each problem is linked from the summary to its field, the field gets
 * aria-invalid and is described by its message.
 */
import { describedBy } from "./dom.js";
import { CONTAINER, controlFor, controlIn, isActive, labelFor } from "./form.js";

function clear(root, form) {
  for (const el of root.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const el of root.querySelectorAll(".calc-error-message")) {
    if (!el.textContent && el.hidden) continue;
    el.hidden = true;
    el.textContent = "";
    const owner = el.closest(CONTAINER);
    if (!owner) continue;
    owner.classList.remove("calc-field--error");
    const control = controlIn(owner);
    if (control) describedBy(control, el.id, false);
  }
}

/** The nearest control for an engine field path: the field, else its row's or list's. */
function nearest(form, field) {
  let path = field || "";
  let control = controlFor(form, path);
  while ((!control || !isActive(control)) && path.includes(".")) {
    path = path.slice(0, path.lastIndexOf("."));
    control = controlFor(form, path);
  }
  return control;
}

export function show({ root, form, summary }, errors) {
  clear(root, form);
  const list = summary.querySelector("[data-error-list]");
  list.replaceChildren();
  summary.hidden = errors.length === 0;
  for (const { field, message } of errors) {
    const control = nearest(form, field);
    const li = document.createElement("li");
    if (control) {
      const text = `${labelFor(control)}: ${message}`;
      const owner = control.closest(CONTAINER);
      const slot = (control.id && root.querySelector(`#${CSS.escape(control.id)}-error`)) || owner?.querySelector(".calc-error-message");
      if (slot) {
        slot.hidden = false;
        if (slot.textContent) slot.append(document.createElement("br"));
        const prefix = Object.assign(document.createElement("span"), { className: "calc-visually-hidden", textContent: "Error: " });
        slot.append(prefix, text);
        slot.closest(CONTAINER)?.classList.add("calc-field--error");
        describedBy(control, slot.id, true);
      }
      control.setAttribute("aria-invalid", "true");
      li.append(Object.assign(document.createElement("a"), { href: `#${control.id}`, textContent: text }));
    } else {
      li.textContent = message;
    }
    list.append(li);
  }
}

/** Links in the summary move the cursor into the field. */
export function mount({ summary }) {
  const onClick = (event) => {
    const link = event.target.closest("a[href^='#']");
    if (!link) return;
    const target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!target) return;
    event.preventDefault();
    (target.matches("input, select") ? target : target.querySelector("input:checked, input, select"))?.focus();
    target.scrollIntoView({ block: "center" });
  };
  summary.addEventListener("click", onClick);
  return () => summary.removeEventListener("click", onClick);
}
