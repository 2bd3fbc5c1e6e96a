{#-
  What Material's script would change on the whole page as it starts, done here at
  the top of the page instead, before anything below is read or drawn, when it costs
  nothing to restyle. Written inline by overrides/main.html (hooks/csp.py puts its
  hash in the Content-Security-Policy). This comment is Jinja's, so not written.

  - The page is marked as having JavaScript ("js" for "no-js"), so what only works
    with a script ([data-needs-js], e.g. a calculator's case-study menu) is laid out
    from the first paint instead of appearing later and pushing the page down.
  - The marks of the focus-visible polyfill in Material's script ("js-focus-visible"
    and data-js-focus-visible on <html>). Any change to the class of <html> restyles
    every element of the page (Material's stylesheet has rules on [class]), as it
    did when the polyfill made them at the end of the page. Made here, the polyfill
    finds them already set, and changes nothing.
  - The addresses of the stylesheet, icon and neighbouring pages made absolute, as
    instant navigation makes every relative address on the page absolute as it
    starts: for the stylesheet, that meant reading it again and restyling the whole
    page. Here, the page has no body to restyle yet.
-#}
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.replace("no-js", "js");
  root.classList.add("js-focus-visible");
  root.setAttribute("data-js-focus-visible", "");
  var links = document.querySelectorAll("link[href]");
  for (var i = 0; i < links.length; i++) links[i].href = links[i].href;
})();
