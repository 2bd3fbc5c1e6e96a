{#-
  The light/dark toggle (partials/palette.html). It runs inline just after the toggle,
  while the page is still being read, so the reader's palette and the right toggle
  button are there from the first paint, with nothing restyled later:
  - the palette is the one saved in the browser (Material's "__palette" entry), or
    else the first whose media query matches (the reader's system setting);
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
  if (!form) return;
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input"));
  var body = document.body;
  var header = document.querySelector("[data-md-component=header]");
  var themeColor = document.createElement("meta");
  var colorScheme = document.createElement("meta");
  themeColor.name = "theme-color";
  colorScheme.name = "color-scheme";
  document.head.append(themeColor, colorScheme);

  function colors(input) {
    var media = input.getAttribute("data-md-color-media");
    if (media === "(prefers-color-scheme)") {
      input = form.querySelector(matchMedia("(prefers-color-scheme: light)").matches
        ? "[data-md-color-media='(prefers-color-scheme: light)']"
        : "[data-md-color-media='(prefers-color-scheme: dark)']") || input;
    }
    return {
      media: media,
      scheme: input.getAttribute("data-md-color-scheme"),
      primary: input.getAttribute("data-md-color-primary"),
      accent: input.getAttribute("data-md-color-accent"),
    };
  }

  function apply(index) {
    var color = colors(inputs[index]);
    Object.keys(color).forEach(function (key) {
      body.setAttribute("data-md-color-" + key, color[key]);
    });
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

  var saved = null;
  try {
    saved = __md_get("__palette");
  } catch (error) { /* storage blocked or the entry unreadable: the system's palette */ }
  var index = saved && inputs[saved.index] ? saved.index : inputs.findIndex(function (input) {
    return matchMedia(input.getAttribute("data-md-color-media")).matches;
  });
  apply(Math.max(0, index));
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
