/*
 * The calculators on a page, as small components mounted on each page Material
 * shows (its document$ observable, also after instant navigation) and torn down
 * before the next: every listener, observer, timer and chart they set up goes with
 * them. One Python worker per tab (worker-client.js) stays across pages.
 *
 * No arithmetic, validation or result rendering here: the worker returns the
 * engine's result and the HTML the build's renderer makes.
 *
 * Page contract: [data-calculator] with data-state static → loading → ready (or
 * error); inputs named by JSON path; figures carry data-field and data-value; the
 * permalink and the address bar hold `preset=<id>` plus the fields changed from it.
 * While a recompute is on its way the result region has aria-busy="true".
 * data-result-data holds the result the build worked out for the form as it comes
 * (the figures shown): while the form still holds exactly that, Python's first answer
 * would be the same, so it is not asked for.
 */
import { parsed, replaceIfChanged, Scope } from "./dom.js";
import * as chartComponent from "./chart.js";
import * as downloads from "./downloads.js";
import * as errorSummary from "./errors.js";
import * as form from "./form.js";
import { readLink } from "./link.js";
import * as marks from "./marks.js";
import * as rows from "./rows.js";
import * as scenarioComponent from "./scenarios.js";
import { ask, startWorker } from "./worker-client.js";

const DEBOUNCE_MS = 200;
const LOADING = "Loading Python (several megabytes, the first time only) so the figures update as you type…";
// As short as LOADING, to fit the room the status line keeps (calculator.css).
const STALLED = "The download of Python has stopped.";
const STILL_CORRECT = " The figures below are still correct for the values shown.";
const FROM_LINK = "The figures below are for the default case study, not yet for the values in your link. ";

function parseJson(text, fallback) {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

/** One calculator; returns its teardown. */
function mountCalculator(root) {
  const scope = new Scope();
  const name = root.dataset.calculator;
  const formEl = root.querySelector("[data-form]");
  const presets = parseJson(root.dataset.presets, {}) || {};
  const status = root.querySelector("[data-status]");
  const result = root.querySelector("[data-result]");
  const live = root.querySelector("[data-live]");
  const summary = root.querySelector("[data-error-summary]");
  root.dataset.defaultPreset ??= root.dataset.preset || "";
  const parts = { root, form: formEl, summary };
  let alive = true;
  let ticket = 0;
  let cancelTimer = () => {};
  let current = null; // {inputs, result} of the figures shown
  let built = null; // {inputs: JSON text, result}: the build's answer for the form as it came
  let baseline = null; // the preset the form started from: {id, title, values, counts, marks}
  let notice = ""; // what was wrong with the link, shown until the reader edits

  const say = (text) => {
    status.textContent = text;
  };
  const setState = (state) => {
    root.dataset.state = state;
  };

  /* -- Provenance: the preset the form started from, and what changed since -- */

  /* Rows added and not yet typed in that the figures leave out (they would be errors):
   * not part of what the link or the marks describe. Set by compute(). */
  let skipped = [];
  function pending() {
    return skipped;
  }

  function counts() {
    const skip = new Set(pending());
    return new Map(
      form.groups(formEl).map((g) => [g.dataset.group, rows.itemsOf(g).filter((_, i) => !skip.has(`${g.dataset.group}.${i}`)).length]),
    );
  }

  function shownValues() {
    const skip = pending();
    const all = form.values(formEl);
    if (!skip.length) return all;
    return new Map([...all].filter(([field]) => !skip.some((p) => field.startsWith(`${p}.`) || field === p)));
  }

  function startFrom(presetId) {
    const preset = presetId && Object.hasOwn(presets, presetId) ? presets[presetId] : null;
    form.fill(formEl, preset ? preset.inputs || {} : {});
    baseline = preset
      ? { id: presetId, title: preset.title || presetId, values: form.values(formEl), counts: counts(), marks: preset.marks || {} }
      : null;
    root.dataset.preset = preset ? presetId : "";
    for (const title of root.querySelectorAll("[data-preset-title]")) title.textContent = preset ? preset.title || presetId : "your figures";
    const select = root.querySelector("[data-presets-menu] select");
    if (select && preset) select.value = presetId;
  }

  /** The fields that differ from the preset: Map name -> the preset's text. */
  function changes() {
    const out = new Map();
    if (!baseline) return out;
    for (const [field, text] of shownValues()) {
      const was = baseline.values.get(field);
      if (was !== text) out.set(field, was);
    }
    return out;
  }

  let shownMarks = {}; // what the marks on screen say, for the downloads

  function showMarks() {
    if (!baseline) {
      shownMarks = {};
      marks.show(parts, {}, { title: "your figures" });
      return;
    }
    const changed = changes();
    const values = shownValues();
    // Only what is on screen: not a removed row's values, nor a field hidden for its row.
    const onScreen = (path) => {
      if (values.has(path)) return true;
      const control = form.controlFor(formEl, path);
      return Boolean(control) && form.isActive(control);
    };
    const shown = {};
    for (const [path, mark] of Object.entries(baseline.marks)) {
      if (!onScreen(path)) continue;
      shown[path] = changed.has(path) ? { basis: "changed", was: changed.get(path) } : mark;
    }
    for (const [path, was] of changed) shown[path] ??= { basis: "changed", was };
    shownMarks = shown;
    const now = counts();
    const edited = changed.size > 0 || [...now].some(([g, n]) => baseline.counts.get(g) !== n);
    marks.show(parts, shown, { title: baseline.title, edited });
    root.dataset.changed = String(changed.size);
  }

  /** The link to what is on screen: the preset plus only the fields changed from it. */
  function permalinkQuery() {
    const params = new URLSearchParams();
    const now = shownValues();
    if (baseline) {
      params.set("preset", baseline.id);
      for (const [g, n] of counts()) if (baseline.counts.get(g) !== n) params.set(g, String(n));
      for (const [field, text] of now) if (baseline.values.get(field) !== text) params.append(field, text);
    } else {
      for (const [field, text] of now) if (text !== "") params.append(field, text);
    }
    return params.toString();
  }

  /* -- The link the page was opened with -- */

  function applyLink(params) {
    const link = readLink(params, { form: formEl, presets });
    const fromPreset = link.presetId || (!link.hasFields ? root.dataset.defaultPreset : null);
    startFrom(fromPreset);
    for (const g of form.groups(formEl)) {
      const key = g.dataset.group;
      const wanted = link.counts.has(key) ? link.counts.get(key) : Math.max(rows.itemsOf(g).length, (link.maxIndex.get(key) ?? -1) + 1);
      if (wanted !== rows.itemsOf(g).length) rows.setCount(g, wanted);
    }
    for (const [key, value] of link.overrides) {
      for (const el of form.fields(formEl).filter((f) => f.name === key)) form.setField(el, value);
    }
    for (const g of form.groups(formEl)) rows.itemsOf(g).forEach((row) => rows.applyConditions(row));
    showMarks();
    notice = link.problems.join(" ");
    return link.hasFields || Boolean(link.presetId && link.presetId !== root.dataset.defaultPreset);
  }

  /* -- Computing -- */

  function schedule() {
    ticket++; // an answer still on its way is for figures the reader has since changed
    result.setAttribute("aria-busy", "true");
    cancelTimer();
    cancelTimer = scope.timeout(() => compute({}), DEBOUNCE_MS);
  }

  function statusWith(text) {
    return notice ? `${notice} ${text}` : text;
  }

  async function compute({ first = false, submitted = false } = {}) {
    const mine = ++ticket;
    let inputs = form.readInputs(formEl);
    result.setAttribute("aria-busy", "true");
    let reply = first && built && JSON.stringify(inputs) === built.inputs
      ? { ok: true, result: built.result } // the figures on the page: nothing to redraw
      : await ask({ type: "compute", name, inputs });
    if (!alive || mine !== ticket) return; // a newer edit is on its way
    let waiting = [];
    let leftOut = [];
    if (!reply.fatal && !reply.ok) {
      // Rows just added and not yet touched raise no error, and are not counted, until filled in.
      const untouched = form.untouchedRows(formEl);
      const inUntouched = (field) => untouched.some((p) => field === p || String(field || "").startsWith(`${p}.`));
      const trailing = form.untouchedRows(formEl, { trailing: true });
      leftOut = trailing;
      if (trailing.length && (reply.errors || []).every((e) => inUntouched(e.field))) {
        const retry = await ask({ type: "compute", name, inputs: form.readInputs(formEl, { skip: trailing }) });
        if (!alive || mine !== ticket) return;
        if (retry.ok || retry.fatal) {
          reply = retry;
          inputs = form.readInputs(formEl, { skip: trailing });
        }
      }
      if (!reply.ok && untouched.length) {
        reply = { ...reply, errors: (reply.errors || []).filter((e) => !inUntouched(e.field)) };
      }
      waiting = untouched;
    }
    if (reply.fatal) {
      setState("error");
      say(`The calculator stopped working: ${reply.fatal}. Reload the page to try again.`);
      result.removeAttribute("aria-busy");
      return;
    }
    skipped = leftOut;
    const query = permalinkQuery();
    history.replaceState(history.state, "", `${location.pathname}?${query}${location.hash}`);
    shownQuery = location.search;
    const permalink = root.querySelector("[data-permalink]");
    if (permalink) permalink.href = `?${query}`;
    showMarks();
    if (reply.ok) {
      errorSummary.show(parts, []);
      // Figures the page already shows (the build's answer, which has no HTML to swap in,
      // or an edit that changes no result) are left as they are: nothing is redrawn, and
      // a reader's selection or place in them is kept.
      if (reply.html !== undefined && replaceIfChanged(result, parsed(reply.html))) chart.draw(reply.charts);
      result.classList.remove("calc-result--stale");
      current = { inputs, result: reply.result };
      const later = waiting.length ? `${waiting.length === 1 ? "A row you added is" : "Rows you added are"} not counted until filled in. ` : "";
      say(statusWith(`${later}The figures update as you change the form.`));
      if (!first) live.textContent = reply.summary;
      await scenarios.refresh();
    } else {
      const errors = reply.errors || [];
      errorSummary.show(parts, errors);
      result.classList.add("calc-result--stale");
      say(statusWith(errors.length
        ? "The results below are for the last figures that worked; correct the form to update them."
        : "The results below are for the last figures that worked; fill in the rows you added to update them."));
      live.textContent = errors.length
        ? `There ${errors.length === 1 ? "is 1 problem" : `are ${errors.length} problems`} with the figures; the list is at the top of the form.`
        : "Fill in the rows you added to update the figures.";
      if (submitted) summary.focus();
    }
    if (!alive) return;
    if (mine === ticket) result.removeAttribute("aria-busy");
    setState("ready");
  }

  /* -- Components -- */

  for (const hidden of root.querySelectorAll("[data-actions], [data-presets-menu]")) hidden.hidden = false;
  scope.add(rows.mount({ form: formEl, onChange: () => schedule() }));
  scope.add(errorSummary.mount({ summary }));
  const chart = chartComponent.mount({ root, container: root.querySelector("[data-charts]"), data: parseJson(root.dataset.chartData, []) });
  scope.add(() => chart.teardown());
  const scenarios = scenarioComponent.mount({
    root,
    name,
    form: formEl,
    current: () => current,
    readInputs: () => (current ? current.inputs : form.readInputs(formEl)),
    permalinkQuery,
    live,
    tell: (text) => say(`${text} ${status.textContent}`),
  });
  scope.add(() => scenarios.teardown());
  scope.add(downloads.mount({ root, name, current: () => current, marks: () => shownMarks, say }));

  const edited = () => {
    notice = "";
    showMarks();
    schedule();
  };
  scope.on(formEl, "input", edited);
  scope.on(formEl, "change", (event) => {
    if (event.target.type === "radio") edited();
  });
  scope.on(formEl, "submit", (event) => {
    event.preventDefault();
    cancelTimer();
    compute({ submitted: true });
  });
  const menu = root.querySelector("[data-presets-menu]");
  const loadButton = menu && menu.querySelector("[data-load-preset]");
  if (loadButton) {
    scope.on(loadButton, "click", () => {
      const id = menu.querySelector("select").value;
      if (!Object.hasOwn(presets, id)) return;
      notice = "";
      startFrom(id);
      showMarks();
      compute({});
    });
  }
  const tools = root.querySelector("[data-tools]");
  const printButton = tools && tools.querySelector("[data-print]");
  if (printButton) scope.on(printButton, "click", () => window.print());
  // On paper the working is shown in full.
  scope.on(window, "beforeprint", () => {
    for (const details of root.querySelectorAll("details")) details.open = true;
  });

  /* -- Start -- */

  let shownQuery = location.search;
  const readSearch = location.search;
  const params = new URLSearchParams(location.search);
  const fromLink = applyLink(params);
  const builtResult = parseJson(root.dataset.resultData, null);
  if (!fromLink && builtResult) built = { inputs: JSON.stringify(form.readInputs(formEl)), result: builtResult };
  setState("loading");
  // While the download has stopped (progress.js tells each calculator how it goes), the
  // status line says so and that the build's figures still hold; it goes back to the
  // loading text when bytes arrive again.
  let stalled = false;
  const loadingStatus = () => statusWith(fromLink
    ? FROM_LINK + (stalled ? STALLED : LOADING)
    : (stalled ? STALLED + STILL_CORRECT : LOADING));
  say(loadingStatus());
  scope.on(root, "calculator-download", (event) => {
    if (root.dataset.state !== "loading" || event.detail.stalled === stalled) return;
    stalled = event.detail.stalled;
    say(loadingStatus());
  });
  startWorker().then(
    async ({ seconds, pyodideSeconds, fromSnapshot }) => {
      if (!alive) return;
      root.dataset.runtimeSeconds = `${seconds.toFixed(2)} (Pyodide ${pyodideSeconds.toFixed(2)})`;
      root.dataset.pythonStart = fromSnapshot ? "snapshot" : "fresh";
      // The tools are laid out from the first paint (so the page does not move now),
      // disabled until Python can work them.
      if (tools) for (const button of tools.querySelectorAll("button")) button.disabled = false;
      await compute({ first: true });
      if (!alive) return;
      root.dataset.linkRead = readSearch; // the query this page was opened with has been applied
      await scenarios.start(params);
    },
    (error) => {
      if (!alive) return;
      setState("error");
      say(
        `The calculator could not start: ${error.message}. ` +
          (fromLink
            ? "The figures below are for the default case study, not for the values in your link. "
            : "The figures below were worked out when this site was built and are still correct for the values shown. ") +
          "Reload the page to try again.",
      );
    },
  );

  return {
    root,
    path: location.pathname,
    /** The address changed without a new page (a same-page link): show what it asks for. */
    follows: (search) => search !== shownQuery,
    teardown() {
      alive = false;
      scope.dispose();
    },
  };
}

/* -- Mounting on each page Material shows -- */

let mounted = []; // [{root, teardown, follows}]

function unmountAll() {
  for (const calculator of mounted) calculator.teardown();
  mounted = [];
}

/** Mount the page's calculators, first tearing down the previous page's. Idempotent. */
export function mount(doc = document) {
  const roots = [...doc.querySelectorAll("[data-calculator]")];
  if (roots.length === mounted.length && roots.every((root, i) => mounted[i].root === root)) return;
  unmountAll();
  const started = performance.now();
  mounted = roots.map(mountCalculator);
  if (roots.length) performance.measure("calculator-mount", { start: started });
}

function remount() {
  const roots = mounted.map((m) => m.root);
  unmountAll();
  mounted = roots.map(mountCalculator);
}

/* Material's instant navigation fetches a page only when its path changes (after the
 * first link to it), so a link to the same page with another query, or Back between
 * two such queries, may only change the address: show what it asks for. If Material
 * does fetch the page, document$ mounts the new one as usual. */
function onLocation(url) {
  setTimeout(() => {
    if (mounted.some((m) => m.path === url.pathname && location.pathname === url.pathname && m.follows(location.search))) remount();
  }, 0);
}

let pendingMount = null;
if (typeof window.document$ !== "undefined") {
  window.document$.subscribe(() => {
    // The old page's components go at once; the new page's are mounted in a task of
    // their own, after Material has put the page in (each task stays short).
    if (mounted.length && !mounted.every((m) => m.root.isConnected)) unmountAll();
    clearTimeout(pendingMount);
    pendingMount = setTimeout(() => mount(document), 0);
  });
  if (typeof window.location$ !== "undefined") window.location$.subscribe(onLocation);
}
