"""MkDocs hook: every stylesheet of a page served as one file.

Every stylesheet in a page's ``<head>`` blocks its first paint until it has
arrived, so instead of Material's two (its theme and its palettes) and the files
``extra_css`` lists in mkdocs.yml (each kept next to what it styles), the pages link
one bundle: ``assets/stylesheets/site.<hash>.css``, the files joined in the order a
page had them (so the cascade is unchanged), named by a hash of its content so a
browser may keep it as long as it likes and a change gets a new name.

The site's own files are minified as they are joined (rcssmin: comments and needless
spaces and semicolons out; tests/browser/test_minified_styles.py checks that pages are
styled the same); Material's come minified already. Each part is headed by a comment
naming its source, so the bundle can still be read back to its files. The files joined
are not copied into the site on their own as well: no page asks for them, and the
service worker would keep them for offline use.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import rcssmin

BUNDLE_DIR = "assets/stylesheets"

#: Material's own stylesheet links, dropped from pages once their text is in the bundle.
MATERIAL_LINK = re.compile(r'\s*<link rel="stylesheet" href="[^"]*assets/stylesheets/(?:main|palette)\.[0-9a-f]+\.min\.css">')

_bundle: tuple[str, str] | None = None  # (path in the site, text)
_joined: set[str] = set()  # the files in it, as paths in the site


def material_stylesheets(theme_dirs: list[str]) -> list[Path]:
    """Material's theme and palette stylesheets, from the theme's folders (``config["theme"].dirs``)."""
    found = []
    for pattern in ("main.*.min.css", "palette.*.min.css"):
        for folder in theme_dirs:
            matches = sorted((Path(folder) / "assets" / "stylesheets").glob(pattern))
            if matches:
                found.append(matches[0])
                break
    return found


def own_stylesheet(docs_dir: Path, source: str, minify: bool = True) -> str:
    """One of the site's own stylesheets (``source``, under ``docs_dir``) as the bundle carries it."""
    text = (docs_dir / source).read_text(encoding="utf-8")
    return rcssmin.cssmin(text) if minify else text


def bundle_text(docs_dir: Path, sources: list[str], theme: list[Path] = (), minify: bool = True) -> str:
    """The stylesheets joined, in order; with ``minify=False``, the site's own as written."""
    parts = [f"/* Material for MkDocs: {path.name} */\n{path.read_text(encoding='utf-8').rstrip()}\n" for path in theme]
    for source in sources:
        parts.append(f"/* {source} */\n{own_stylesheet(docs_dir, source, minify).rstrip()}\n")
    return "\n".join(parts)


def on_config(config, **kwargs):
    global _bundle, _joined
    sources = [str(entry) for entry in config["extra_css"]]
    if not sources:
        return config
    theme = material_stylesheets(config["theme"].dirs)
    text = bundle_text(Path(config["docs_dir"]), sources, theme)
    name = f"{BUNDLE_DIR}/site.{hashlib.sha256(text.encode()).hexdigest()[:8]}.css"
    _bundle = (name, text)
    _joined = set(sources) | {f"{BUNDLE_DIR}/{path.name}" for path in theme}
    config["extra_css"] = [name]
    return config


def on_files(files, config, **kwargs):
    for file in list(files):
        if file.src_uri in _joined:
            files.remove(file)
    return files


def on_post_build(config, **kwargs) -> None:
    if _bundle is None:
        return
    name, text = _bundle
    target = Path(config["site_dir"]) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def without_material_links(html: str) -> str:
    """``html`` without Material's stylesheet links (searched for in its ``<head>`` only)."""
    if _bundle is None:
        return html
    head, end, body = html.partition("</head>")
    return MATERIAL_LINK.sub("", head) + end + body


def on_post_page(output: str, page, config, **kwargs) -> str:
    return without_material_links(output)


def on_post_template(output_content: str, template_name: str, config, **kwargs) -> str:
    return without_material_links(output_content)
