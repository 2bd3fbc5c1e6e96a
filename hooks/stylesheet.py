"""MkDocs hook: the site's own stylesheets served as one file.

``extra_css`` in mkdocs.yml lists the stylesheets (each kept in its own file next to
what it styles). Every stylesheet in a page's ``<head>`` blocks its first paint
until it has arrived, so the pages link one bundle instead:
``assets/stylesheets/site.<hash>.css``, the files joined in the listed order (the
cascade is unchanged), named by a hash of its content so a browser may keep it
for as long as it likes and a change gets a new name.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

BUNDLE_DIR = "assets/stylesheets"

_bundle: tuple[str, str] | None = None  # (path in the site, text)


def bundle_text(docs_dir: Path, sources: list[str]) -> str:
    parts = []
    for source in sources:
        text = (docs_dir / source).read_text(encoding="utf-8")
        parts.append(f"/* {source} */\n{text.rstrip()}\n")
    return "\n".join(parts)


def on_config(config, **kwargs):
    global _bundle
    sources = [str(entry) for entry in config["extra_css"]]
    if not sources:
        return config
    text = bundle_text(Path(config["docs_dir"]), sources)
    name = f"{BUNDLE_DIR}/site.{hashlib.sha256(text.encode()).hexdigest()[:8]}.css"
    _bundle = (name, text)
    config["extra_css"] = [name]
    return config


def on_post_build(config, **kwargs) -> None:
    if _bundle is None:
        return
    name, text = _bundle
    target = Path(config["site_dir"]) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
