{#-
  The search index on demand. Material's search asks for search/search_index.json
  (about 100 KB compressed, the largest file of a content page) as soon as a page
  loads, though most visits never search. This holds that one request back until the
  reader goes to search: focuses or opens the search box (click, tap, or Material's
  keys "s", "f" and "/", which focus it), or arrives from a search result with
  highlighting to do (?h=). Material shows "Initializing search" meanwhile and runs
  the query once the index has arrived, so nothing typed is lost.

  It must run before Material's bundle, which sets up search as it runs: so
  overrides/main.html writes it inline at the top of every page (and hooks/csp.py puts
  its hash in the Content-Security-Policy). This comment is Jinja's, so not written.
-#}
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json$/;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var wanted = new URLSearchParams(location.search).has("h");
  var held = [];

  XMLHttpRequest.prototype.open = function (method, url) {
    try { this.searchIndex = INDEX.test(new URL(url, location.href).pathname); } catch (error) { this.searchIndex = false; }
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.searchIndex && !wanted) {
      var request = this, args = arguments;
      held.push(function () { send.apply(request, args); });
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function want() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (go) { go(); });
  }

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-md-component=search-query]")) want();
  });
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search" && event.target.checked) want();
  });
  document.addEventListener("pointerdown", function (event) {
    if (event.target.closest && event.target.closest("label[for=__search], .md-search")) want();
  });
})();
