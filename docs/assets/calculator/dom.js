/*
 * Small helpers the calculator's components share. A Scope records everything a
 * component sets up (listeners, observers, timers, subscriptions) so that its
 * teardown can undo all of it in one call.
 */

export class Scope {
  constructor() {
    this.undo = [];
  }

  /** addEventListener, removed again by dispose(). */
  on(target, type, listener, options) {
    target.addEventListener(type, listener, options);
    this.undo.push(() => target.removeEventListener(type, listener, options));
  }

  /** A MutationObserver (or any object with disconnect()), disconnected by dispose(). */
  observe(observer) {
    this.undo.push(() => observer.disconnect());
    return observer;
  }

  /** setTimeout, cleared by dispose(). Returns a function that cancels it early. */
  timeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    const cancel = () => clearTimeout(handle);
    this.undo.push(cancel);
    return cancel;
  }

  /** Anything else to undo: a function, or an rxjs-like subscription. */
  add(thing) {
    if (typeof thing === "function") this.undo.push(thing);
    else if (thing && typeof thing.unsubscribe === "function") this.undo.push(() => thing.unsubscribe());
    return thing;
  }

  dispose() {
    while (this.undo.length) {
      try {
        this.undo.pop()();
      } catch (error) {
        console.warn("A calculator component did not tear down cleanly.", error);
      }
    }
  }
}

/** ``html`` parsed inert, in a template (nothing loads, nothing is laid out), as a
 * fragment that can be put into the page as it is. */
export function parsed(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  return template.content;
}

/** Whether ``element`` already holds ``fragment``'s nodes, node for node. */
function holds(element, fragment) {
  const shown = element.childNodes;
  const given = fragment.childNodes;
  return shown.length === given.length && [...shown].every((node, i) => node.isEqualNode(given[i]));
}

/** ``element``'s children replaced by ``nodes`` (nodes, strings or fragments), unless it
 * holds the same already: then nothing is redrawn, and a reader's selection or place in
 * it is kept. Whether it was replaced. */
export function replaceIfChanged(element, ...nodes) {
  const fragment = document.createDocumentFragment();
  fragment.append(...nodes);
  if (holds(element, fragment)) return false;
  element.replaceChildren(fragment);
  return true;
}

export function getPath(object, path) {
  return path.split(".").reduce((node, part) => (node == null || !Object.hasOwn(Object(node), part) ? undefined : node[part]), object);
}

export function setPath(object, path, value) {
  const parts = path.split(".");
  let node = object;
  parts.forEach((part, i) => {
    if (part === "__proto__" || part === "constructor" || part === "prototype") return;
    const last = i === parts.length - 1;
    const nextIsIndex = !last && /^\d+$/.test(parts[i + 1]);
    if (last) node[part] = value;
    else {
      if (!Object.hasOwn(node, part) || node[part] == null) node[part] = nextIsIndex ? [] : {};
      node = node[part];
    }
  });
}

export function describedBy(element, id, on) {
  const ids = new Set((element.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean));
  if (ids.has(id) === on) return; // already so: no change for the browser to take in
  if (on) ids.add(id);
  else ids.delete(id);
  if (ids.size) element.setAttribute("aria-describedby", [...ids].join(" "));
  else element.removeAttribute("aria-describedby");
}

/** "a, b, c and 4 more": at most `limit` names, then a count. */
export function someOf(names, limit = 5) {
  if (names.length <= limit) return names.join(", ");
  return `${names.slice(0, limit).join(", ")} and ${names.length - limit} more`;
}
