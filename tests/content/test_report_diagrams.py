"""The model diagrams (Figures 1-3): inline, accessible, themable, with the words beside them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO_ROOT = Path(__file__).resolve().parents[2]
DIAGRAMS = REPO_ROOT / "docs" / "assets" / "diagrams"

# model page -> (figure id on the page, words the picture must state in its text alternative)
MODELS = {
    "prime-contractor": ("figure-1", ["CCG", "prime contractor", "sub-contract", "answers to"]),
    "prime-provider": ("figure-2", ["CCG", "prime provider", "sub-contract", "itself"]),
    "alliance": ("figure-3", ["CCG", "alliance contract", "leadership board", "no sub-contracts"]),
}


@pytest.fixture(scope="module")
def model_pages(built_site: Path) -> dict[str, BeautifulSoup]:
    return {
        model: BeautifulSoup((built_site / "report" / model / "index.html").read_text(encoding="utf-8"),
                             "html.parser")
        for model in MODELS
    }


@pytest.mark.parametrize("model", MODELS)
def test_model_page_shows_its_diagram_as_an_accessible_inline_svg(model_pages, model):
    figure_id, must_say = MODELS[model]
    figure = model_pages[model].find("figure", id=figure_id)
    assert figure is not None, f"{model}: no <figure id='{figure_id}'> with the model's diagram"
    svg = figure.find("svg")
    assert svg is not None, f"{model}: the diagram is not inline SVG"
    assert svg.get("role") == "img", f"{model}: the SVG needs role='img' so it is announced as one image"
    labelled_by = (svg.get("aria-labelledby") or "").split()
    title, desc = svg.find("title"), svg.find("desc")
    assert title is not None and desc is not None, f"{model}: the SVG needs a <title> and a <desc>"
    assert {title.get("id"), desc.get("id")} <= set(labelled_by), (
        f"{model}: aria-labelledby ({labelled_by}) must point at the SVG's <title> and <desc>"
    )
    alternative = f"{title.get_text()} {desc.get_text()}".lower()
    for phrase in must_say:
        assert phrase.lower() in alternative, f"{model}: the text alternative never says '{phrase}'"
    assert figure.find("figcaption") and "Figure" in figure.find("figcaption").get_text(), (
        f"{model}: the diagram needs a visible caption naming the report's figure"
    )


@pytest.mark.parametrize("model", MODELS)
def test_diagram_is_explained_in_words_next_to_it(model_pages, model):
    figure_id, must_say = MODELS[model]
    words = model_pages[model].find("figure", id=figure_id).find_next_sibling("p")
    assert words is not None and words.get_text(" ", strip=True).startswith("In words:"), (
        f"{model}: put an 'In words: ...' paragraph straight after the diagram"
    )
    text = words.get_text(" ", strip=True).lower()
    assert "ccg" in text and "contract" in text and ("answer" in text or "accountab" in text), (
        f"{model}: the words beside the diagram should say who contracts with whom and who answers to whom"
    )


@pytest.mark.parametrize("svg_file", sorted(DIAGRAMS.glob("*.svg")), ids=lambda p: p.name)
def test_diagram_colours_follow_the_theme(svg_file):
    """No fixed colours: everything is currentColor or a Material CSS variable (diagrams.css),
    so the diagram keeps its contrast in the light and the dark scheme."""
    text = svg_file.read_text(encoding="utf-8")
    paints = re.findall(r'\b(?:fill|stroke|color|stop-color)="([^"]*)"', text)
    fixed = sorted({p for p in paints if p not in {"currentColor", "none"}})
    assert not fixed, f"{svg_file.name}: fixed colours {fixed}; use currentColor or a class from diagrams.css"
    assert "style=" not in text and not re.search(r"#[0-9a-fA-F]{3,8}\b", text), (
        f"{svg_file.name}: inline styles or hex colours; put styling in diagrams.css"
    )
    assert "\n\n" not in text, f"{svg_file.name}: a blank line would end Markdown's raw HTML block mid-SVG"


def test_diagram_stylesheet_is_loaded(built_site: Path):
    """diagrams.css reaches the page inside the site's one bundled stylesheet (hooks/stylesheet.py)."""
    import re

    from hooks.stylesheet import own_stylesheet

    page = (built_site / "report" / "alliance" / "index.html").read_text(encoding="utf-8")
    bundle = re.search(r'href="\.\./\.\./(assets/stylesheets/site\.\w+\.css)"', page)
    assert bundle, "the site's stylesheet is not linked"
    text = (built_site / bundle.group(1)).read_text(encoding="utf-8")
    source = own_stylesheet(REPO_ROOT / "docs", "assets/diagrams/diagrams.css")
    assert source.strip() in text, "diagrams.css is not in the bundle (mkdocs.yml extra_css)"
