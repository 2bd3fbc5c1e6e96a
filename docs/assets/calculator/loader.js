/*
 * Global and tiny: on every page (also after Material's instant navigation, through
 * its document$ observable) it checks for a calculator and only then imports the
 * calculator module, once the page has loaded. Content pages load nothing more than
 * this file. It also makes two of Material's page parts accessible (a name for its
 * progress bar, keyboard access to its scrolling tables).
 */
(function () {
  "use strict";
  var moduleUrl = new URL("calculator.js", document.currentScript.src).href;
  var serviceWorkerUrl = new URL("../../sw.js", document.currentScript.src).href;
  var IDLE_WAIT_MS = 1000; // at most, for an idle moment on a busy page
  var LOAD_WAIT_MS = 4000; // at most, for the page's load event

  // Offline after one visit (sw.js, written by the build): registered once the page
  // has loaded, so caching the site never competes with the page itself. A calculator
  // page asks it to keep the Python runtime too.
  var registration = null;
  var startedFromSnapshot = false;
  function keepRuntime() {
    if (!registration || !document.querySelector("[data-calculator]")) return;
    navigator.serviceWorker.ready.then(function (ready) {
      if (ready.active) ready.active.postMessage({ type: "cache-runtime", snapshot: startedFromSnapshot });
    });
  }
  if ("serviceWorker" in navigator && window.isSecureContext) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(serviceWorkerUrl).then(function (reg) {
        registration = reg;
        keepRuntime();
      }).catch(function () { /* no sw.js (the preview server) or not allowed: online only */ });
    });
  }

  // Once a calculator's Python is ready (worker-client.js says so), the offline cache
  // keeps the runtime too, noting whether it started from the snapshot.
  window.addEventListener("calculator-runtime-ready", function (event) {
    startedFromSnapshot = Boolean(event.detail && event.detail.fromSnapshot);
    keepRuntime();
  });

  function nameProgressBar() {
    // Material's instant-navigation progress bar has role="progressbar" but no name (axe: aria-progressbar-name).
    document.querySelectorAll(".md-progress[role=progressbar]:not([aria-label])").forEach(function (el) {
      el.setAttribute("aria-label", "Loading the page");
    });
  }

  function reachableTables() {
    // Material wraps each Markdown table in a box that scrolls sideways when the table is
    // wider than the screen; a keyboard can scroll it only if it can be focused (axe:
    // scrollable-region-focusable). Named after the table's caption or the heading it follows.
    document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach(function (box) {
      var caption = box.querySelector("caption");
      var heading = box.previousElementSibling;
      while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
      var named = caption || heading;
      var name = named ? Array.prototype.filter.call(named.childNodes, function (node) {
        return !(node.classList && node.classList.contains("headerlink")); // the heading's ¶ link
      }).map(function (node) { return node.textContent; }).join("").trim() : "";
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", name ? "Table: " + name : "Table");
    });
  }

  // The calculator's code waits for the page: until it has loaded and Material has set
  // it up, then for a moment when the main thread is idle. The figures are in the HTML
  // meanwhile, so the reader loses nothing, and scrolling and reading are not held up by
  // the calculator's modules and Python's start competing with the page's own (on two
  // cores, Python is ready no later for starting sooner: README, Benchmarks).
  // A page whose last image is slow to arrive (or never does) holds its load event
  // back: the calculator then waits no longer than LOAD_WAIT_MS.
  function afterThePage() {
    return new Promise(function (resolve) {
      if (document.readyState === "complete") return resolve();
      window.addEventListener("load", function () { resolve(); }, { once: true });
      setTimeout(resolve, LOAD_WAIT_MS);
    }).then(idle);
  }

  function idle() {
    return new Promise(function (resolve) {
      if (window.requestIdleCallback) window.requestIdleCallback(function () { resolve(); }, { timeout: IDLE_WAIT_MS });
      else setTimeout(resolve, 0);
    });
  }

  function mountCalculators() {
    nameProgressBar();
    reachableTables();
    keepRuntime();
    if (!document.querySelector("[data-calculator]")) return;
    afterThePage()
      .then(function () { return import(moduleUrl); })
      .then(function (calculator) { calculator.mount(document); })
      .catch(function (error) {
        document.querySelectorAll("[data-calculator]").forEach(function (el) {
          el.setAttribute("data-state", "error");
          var status = el.querySelector("[data-status]");
          if (status) status.textContent = "The calculator could not start (" + error.message + "). The figures below were worked out when the site was built.";
        });
      });
  }

  if (typeof window.document$ !== "undefined") window.document$.subscribe(mountCalculators);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountCalculators);
  else mountCalculators();
})();
