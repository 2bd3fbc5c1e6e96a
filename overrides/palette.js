{#-
  The light/dark toggle (partials/palette.html). It runs inline just after the toggle,
  while the page is still being read, so the right toggle button is there from the
  first paint, with nothing restyled later:
  - the palette itself was put on the body at the top of the page (palette-first.js:
    the one saved in the browser, or else the system's); this script shows its button;
  - choosing the other one (click, tap, arrow keys or Enter) applies and saves it,
    with colour transitions held off meanwhile, as Material does;
  - the browser's theme-color and color-scheme follow the header's colours. At load
    they are read when the header is first laid out (a ResizeObserver's first call),
    when the styles are up to date and reading them restyles nothing.
  hooks/csp.py puts its hash in the Content-Security-Policy. This comment is Jinja's,
  so not written.
-#}
(function () {
  "use strict";
  var form = document.querySelector("form[data-palette]");
  var palette = window.__md_palette; // the choice made at the top of the body (palette-first.js)
  if (!form || !palette) return;
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input"));
  var body = document.body;
  var header = document.querySelector("[data-md-component=header]");
  var themeColor = document.createElement("meta");
  var colorScheme = document.createElement("meta");
  themeColor.name = "theme-color";
  colorScheme.name = "color-scheme";
  document.head.append(themeColor, colorScheme);

  function apply(index) {
    var color = palette.paint(index);
    inputs.forEach(function (input, i) {
      input.checked = i === index;
      var label = input.nextElementSibling;
      if (label instanceof HTMLLabelElement) label.hidden = i !== index;
    });
    try {
      __md_set("__palette", { index: index, color: color });
    } catch (error) { /* storage blocked: the choice lasts for this page only */ }
  }

  function followHeader() {
    if (!header) return;
    var style = getComputedStyle(header);
    colorScheme.content = style.colorScheme;
    var rgb = style.backgroundColor.match(/\d+/g) || [];
    themeColor.content = "#" + rgb.slice(0, 3).map(function (value) {
      return (+value).toString(16).padStart(2, "0");
    }).join("");
  }

  apply(palette.chosen());
  if (header) {
    var laidOut = new ResizeObserver(function () {
      laidOut.disconnect();
      followHeader();
    });
    laidOut.observe(header);
  }

  form.addEventListener("change", function (event) {
    var index = inputs.indexOf(event.target);
    if (index < 0) return;
    body.setAttribute("data-md-color-switching", "");
    apply(index);
    followHeader();
    setTimeout(function () { body.removeAttribute("data-md-color-switching"); });
  });
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var next = inputs[(inputs.findIndex(function (input) { return input.checked; }) + 1) % inputs.length];
    next.click();
    next.focus();
  });
})();
