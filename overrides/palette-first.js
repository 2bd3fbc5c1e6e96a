{#-
  The reader's palette, put on the page's body before anything of it is drawn: it runs
  inline at the top of the body (overrides/main.html), before Material's header, whose
  toggle palette.js runs once it is read. Left to that script alone, a page read in
  pieces (a slow phone, a busy machine) could be drawn once in the light palette, then
  switch. The palette is the one saved in the browser (Material's "__palette" entry),
  or else the first whose media query matches. The options come from mkdocs.yml, in the
  script's data-palettes attribute. palette.js uses the same choice, through
  window.__md_palette. This comment is Jinja's, so not written.
-#}
(function () {
  "use strict";
  var options = JSON.parse(document.currentScript.getAttribute("data-palettes") || "[]");
  if (!options.length) return;

  function attribute(value, fallback) {
    return String(value || fallback).replace(/ /g, "-");
  }

  // The body's colours for option ``index``; an option for "(prefers-color-scheme)"
  // (automatic) takes the colours of the light or dark one the system asks for.
  function colors(index) {
    var option = options[index];
    var media = option.media;
    if (media === "(prefers-color-scheme)") {
      var wanted = matchMedia("(prefers-color-scheme: light)").matches
        ? "(prefers-color-scheme: light)" : "(prefers-color-scheme: dark)";
      option = options.filter(function (o) { return o.media === wanted; })[0] || option;
    }
    return {
      media: media,
      scheme: attribute(option.scheme, "default"),
      primary: attribute(option.primary, "indigo"),
      accent: attribute(option.accent, "indigo"),
    };
  }

  function chosen() {
    var saved = null;
    try {
      saved = __md_get("__palette");
    } catch (error) { /* storage blocked or the entry unreadable: the system's palette */ }
    if (saved && options[saved.index]) return saved.index;
    for (var i = 0; i < options.length; i++) if (matchMedia(options[i].media).matches) return i;
    return 0;
  }

  // Sets only what differs, so a page already right is not touched again.
  function paint(index) {
    var color = colors(index);
    Object.keys(color).forEach(function (key) {
      var name = "data-md-color-" + key;
      if (document.body.getAttribute(name) !== color[key]) document.body.setAttribute(name, color[key]);
    });
    return color;
  }

  window.__md_palette = { chosen: chosen, paint: paint };
  paint(chosen());
})();
