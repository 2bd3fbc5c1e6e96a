{#-
  Abbreviations explained on a tap. Every <abbr> carries its expansion in its title
  (from data/glossary.yaml); a mouse shows it on hover, as the browser's own tooltip,
  but a phone has no hover. A tap or click on an abbreviation shows the expansion just
  under it, in Material's inline tooltip style, until the next tap or click anywhere,
  Escape, a resize or a page change. One listener on the document: nothing is set up
  per abbreviation, so it costs nothing as a page loads. It runs inline from
  overrides/main.html, and hooks/csp.py puts its hash in the Content-Security-Policy.
  This comment is Jinja's, so not written.
-#}
(function () {
  "use strict";
  var shown = null; // the expansion on screen
  var shownFor = null; // and its abbreviation

  function hide() {
    if (!shown) return;
    shown.remove();
    shown = shownFor = null;
  }

  function show(abbr) {
    var box = abbr.getBoundingClientRect();
    var tip = document.createElement("div");
    var inner = document.createElement("div");
    tip.className = "md-tooltip md-tooltip--inline md-tooltip--active";
    tip.setAttribute("role", "tooltip");
    inner.className = "md-tooltip__inner md-typeset";
    inner.textContent = abbr.title;
    tip.appendChild(inner);
    document.body.appendChild(tip);
    // Under the abbreviation, or over it if the screen ends first; kept inside the screen.
    var width = tip.offsetWidth, height = tip.offsetHeight;
    var below = box.bottom + 4 + height <= window.innerHeight || box.top < height + 4;
    tip.style.setProperty("--md-tooltip-width", width + "px");
    tip.style.setProperty("--md-tooltip-x", box.left + window.scrollX + "px");
    tip.style.setProperty("--md-tooltip-y", (below ? box.bottom + 4 : box.top - 4 - height) + window.scrollY + "px");
    shown = tip;
    shownFor = abbr;
  }

  document.addEventListener("click", function (event) {
    var abbr = event.target instanceof Element ? event.target.closest("abbr[title]") : null;
    if (abbr && abbr.closest("a")) abbr = null; // a tap on a link follows the link
    var again = abbr && abbr === shownFor;
    hide();
    if (abbr && !again) show(abbr);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });
  window.addEventListener("resize", hide);
  window.addEventListener("popstate", hide);
})();
