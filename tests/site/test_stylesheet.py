"""The site's own stylesheets reach every page as one file (hooks/stylesheet.py)."""

from __future__ import annotations

import re

from hooks.stylesheet import BUNDLE_DIR


def test_every_page_links_one_site_stylesheet_with_every_extra_css(built_site, mkdocs_config):
    names = set()
    for page in built_site.rglob("*.html"):
        links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page.read_text(encoding="utf-8"))
        own = [link for link in links if "/site." in link]
        assert len(own) == 1 and len(links) == 1, f"{page}: {links}"  # Material's two are inside ours
        names.add(own[0].rsplit("/", 1)[-1])
    assert len(names) == 1
    bundle = (built_site / "assets" / "stylesheets" / names.pop()).read_text(encoding="utf-8")
    positions = [bundle.index("/* Material for MkDocs: main."), bundle.index("/* Material for MkDocs: palette.")]
    positions += [bundle.index(f"/* {source} */") for source in mkdocs_config["extra_css"]]
    assert positions == sorted(positions), "the files are joined in mkdocs.yml's order"



def test_the_bundle_is_the_only_stylesheet_served_or_kept_offline(built_site):
    """The files joined into it are not copied into the site on their own as well."""
    sheets = sorted(path.relative_to(built_site).as_posix() for path in built_site.rglob("*.css"))
    assert len(sheets) == 1 and sheets[0].startswith(f"{BUNDLE_DIR}/site."), sheets
    kept = re.findall(r'"([^"]+\.css)"', (built_site / "sw.js").read_text(encoding="utf-8"))
    assert kept == sheets, f"the service worker keeps {kept}"
