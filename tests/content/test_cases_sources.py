"""Citations of the Nuffield Trust slides name slides that exist.

The slides (Smith 2010) have no numbers, so the site cites them by title, e.g.
`page: "slide: Questions (1)"` in data or `cite("smith-2010", "slide: Agenda")` on a
page. A mistyped or invented title would send a reader looking for a slide that is not
there; this checks every such title against the slide headings of the source document.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS = REPO_ROOT.parent / "shared" / "seeds"
SLIDES = next(iter(sorted(SEEDS.glob("004_*.txt"))), None) if SEEDS.is_dir() else None

pytestmark = pytest.mark.skipif(SLIDES is None, reason=f"no Smith 2010 slides in {SEEDS}")


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[*'‘’.…]", " ", text).lower().split())


def slide_titles() -> list[str]:
    lines = SLIDES.read_text(encoding="utf-8").splitlines()
    return [normalise(line.lstrip("#")) for line in lines if line.startswith("#")]


def cited_slides() -> list[tuple[str, str]]:
    """(where, title) for every citation of the slides by title, in data and pages."""
    found = []

    def walk(value, where):
        if isinstance(value, dict):
            if value.get("ref") == "smith-2010" and str(value.get("page", "")).startswith("slide: "):
                found.append((where, value["page"][len("slide: "):]))
            for item in value.values():
                walk(item, where)
        elif isinstance(value, list):
            for item in value:
                walk(item, where)

    for path in sorted((REPO_ROOT / "data").rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), str(path.relative_to(REPO_ROOT)))
    call = re.compile(r"""cite\(\s*["']smith-2010["']\s*,\s*["']slide: ([^"']+)["']""")
    for path in sorted((REPO_ROOT / "docs").rglob("*.md")):
        for title in call.findall(path.read_text(encoding="utf-8")):
            found.append((str(path.relative_to(REPO_ROOT)), title))
    return sorted(set(found))


def test_the_slides_are_cited_by_title():
    assert len(cited_slides()) >= 20


@pytest.mark.parametrize(("where", "title"), cited_slides())
def test_every_cited_slide_title_is_a_slide_of_the_source(where, title):
    wanted = normalise(title)
    assert any(wanted in heading for heading in slide_titles()), (
        f"{where}: cites Smith 2010 'slide: {title}', but no slide has that title; "
        f"slides are titled: {sorted(set(slide_titles()))}"
    )
