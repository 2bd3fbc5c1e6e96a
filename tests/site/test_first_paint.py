"""No page's first paint waits for a script file (overrides/main.html).

A classic `<script src>` in the body stops the browser's parser until the file has
downloaded and run, and Lighthouse then counts it against the first paint. Every
script file a page loads is deferred (or a module, which is deferred by nature), so
the page is drawn from its HTML and stylesheet alone; deferred scripts keep their
order, so the site's loader still runs after Material's script.
"""

from __future__ import annotations

from bs4 import BeautifulSoup


def test_every_script_file_on_every_page_is_deferred_and_in_order(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert pages
    for page in pages:
        scripts = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("script", src=True)
        assert scripts, f"{page}: no script file found"
        blocking = [s["src"] for s in scripts if not s.has_attr("defer") and s.get("type") != "module"]
        assert not blocking, f"{page}: holds its first paint for {blocking}"
        names = [s["src"].rsplit("/", 1)[-1] for s in scripts]
        material = next(i for i, name in enumerate(names) if name.startswith("bundle."))
        assert names.index("loader.js") > material, f"{page}: loader.js runs before Material's script"
