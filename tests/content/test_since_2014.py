"""What happened after the report: the Since 2014 section and each case's "What happened next".

Read from the strictly built site and from data/, never from lists typed here:

- the Since 2014 pages are the ones under that heading in the nav of mkdocs.yml; each
  exists, says when it was checked ("as of <date>"), and every statement on it (each
  paragraph, list item and table row) carries a citation;
- the cases are the files in data/case-studies/; each case page ends with a "What
  happened next" section that says when it was checked and cites every statement;
- a citation in these sections points at a reference in data/references.bib; outside the
  boxes marked "Our reading", every statement cites at least one later public source,
  with an address (url) and the date it was read (accessed);
- later sources stay apart from the report's account: on the report and case pages they
  are cited only in the one-line CCG note and in "What happened next";
- every page of the site that speaks of CCGs (outside this section, the glossary and the
  references) says once, near the top, what replaced them, linking to the section;
- glossary terms with a successor name terms that exist, and the successor's links land
  on an entry or a page and anchor that exist.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from macros import data as site_data

REPO_ROOT = Path(__file__).resolve().parents[2]
SECTION_TITLE = "Since 2014"
AS_OF = re.compile(r"\bas of \d{1,2} [A-Z][a-z]+ \d{4}\b")
EXEMPT_CLASSES = {"as-of", "since-nav"}  # the "checked as of" line and the list of pages


# -- What the site is made of ------------------------------------------------------------


def nav_pages(nav, section: str | None = None, inside: bool = False) -> list[str]:
    """Docs paths in the nav, in order; with `section`, only those under that heading."""
    found: list[str] = []
    for item in nav:
        if isinstance(item, str):
            if section is None or inside:
                found.append(item)
            continue
        for title, value in item.items():
            here = inside or title == section
            if isinstance(value, str):
                if section is None or here:
                    found.append(value)
            else:
                found += nav_pages(value, section, here)
    return found


def built(docs_path: str) -> str:
    """The built file of a docs path: "since-2014/payment.md" -> "since-2014/payment/index.html"."""
    stem = docs_path[: -len(".md")]
    if stem == "index":
        return "index.html"
    if stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


@pytest.fixture(scope="module")
def references() -> dict:
    return site_data.load(REPO_ROOT / "data", check_presets=False).references


@pytest.fixture(scope="module")
def since_pages(mkdocs_config) -> list[str]:
    pages = nav_pages(mkdocs_config["nav"], SECTION_TITLE)
    assert pages, f"mkdocs.yml: no pages under {SECTION_TITLE!r} in the nav"
    return pages


def case_ids() -> list[str]:
    ids = []
    for path in sorted((REPO_ROOT / "data" / "case-studies").glob("*.yaml")):
        with open(path, encoding="utf-8") as f:
            ids.append(yaml.safe_load(f)["id"])
    assert ids, "no case studies in data/case-studies/"
    return ids


def fresh(built_site: Path, page: str) -> BeautifulSoup:
    """A page's <article>, parsed afresh (other tests may change the shared parsed copy)."""
    html = (built_site / page).read_text(encoding="utf-8")
    article = BeautifulSoup(html, "html.parser").find("article")
    assert article is not None, f"{page}: no <article>"
    return article


def what_happened_next(article: BeautifulSoup) -> list[Tag]:
    """The elements of the "What happened next" section: its heading's following siblings."""
    heading = article.find("h2", id="what-happened-next")
    return [] if heading is None else [t for t in heading.find_next_siblings() if isinstance(t, Tag)]


# -- Statements and their citations ------------------------------------------------------


def our_reading(tag: Tag) -> bool:
    """Inside a box headed "Our reading": our own judgements, resting on cited facts."""
    for box in tag.find_parents("div", class_="admonition"):
        title = box.find("p", class_="admonition-title")
        if title is not None and title.get_text(strip=True).startswith("Our reading"):
            return True
    return False


def statements(elements: list[Tag]) -> list[Tag]:
    """Each paragraph, list item and table body row among `elements`, except the exempt ones."""
    found = []
    for element in elements:
        candidates = [element] if element.name in {"p", "li", "tr"} else []
        candidates += element.find_all(["p", "li", "tr"])
        for tag in candidates:
            if tag.name == "p" and ("admonition-title" in tag.get("class", []) or tag.find_parent("li")):
                continue
            if tag.name == "tr" and tag.find_parent("thead") is not None or tag.find("th"):
                continue
            if EXEMPT_CLASSES & set(tag.get("class", [])):
                continue
            if tag not in found:
                found.append(tag)
    return found


def cited_ids(tag: Tag) -> list[str]:
    return [urlsplit(a["href"]).fragment for a in tag.find_all("a", class_="citation", href=True)]


def check_statements(where: str, elements: list[Tag], references: dict) -> list[str]:
    problems = []
    blocks = statements(elements)
    if not blocks:
        return [f"{where}: no statements found"]
    for tag in blocks:
        text = " ".join(tag.get_text(" ").split())[:70]
        ids = cited_ids(tag)
        if not ids:
            problems.append(f"{where}: no citation in {text!r}")
            continue
        later = []
        for ref_id in ids:
            ref = references.get(ref_id)
            if ref is None:
                problems.append(f"{where}: citation of unknown reference {ref_id!r} in {text!r}")
            elif ref.role == "later":
                if not (ref.url and ref.accessed):
                    problems.append(f"{where}: {ref_id} has no address (url) or date read (accessed)")
                later.append(ref_id)
            elif ref.role != "source":
                problems.append(f"{where}: {ref_id} is neither a later source nor one of the site's sources")
        if not later and not our_reading(tag):
            problems.append(f"{where}: {text!r} cites no later public source")
    return problems


def as_of_line(where: str, elements: list[Tag]) -> list[str]:
    lines = [t for t in elements if t.name == "p" and "as-of" in t.get("class", [])]
    if not lines or not AS_OF.search(" ".join(lines[0].get_text(" ").split())):
        return [f'{where}: no "as of <day month year>" line saying when it was checked']
    return []


# -- The Since 2014 section ----------------------------------------------------------------


def test_each_since_2014_page_is_built_dated_and_cites_every_statement(built_site, since_pages, references):
    problems = []
    for page in since_pages:
        path = built(page)
        assert (built_site / path).is_file(), f"{page} in the nav was not built"
        article = fresh(built_site, path)
        h1 = article.find("h1")
        assert h1 is not None, f"{page}: no title"
        body = [t for t in h1.find_next_siblings() if isinstance(t, Tag)]
        problems += as_of_line(page, body)
        problems += check_statements(page, body, references)
    assert not problems, "\n".join(problems)


def test_since_2014_index_links_every_case_what_happened_next(built_site, since_pages):
    index = next(p for p in since_pages if p.endswith("index.md"))
    article = fresh(built_site, built(index))
    targets = {urlsplit(urljoin("/" + built(index), a["href"])) for a in article.find_all("a", href=True)}
    for case_id in case_ids():
        assert any(t.path.rstrip("/").endswith(f"case-studies/{case_id}") and t.fragment == "what-happened-next"
                   for t in targets), f"{index}: no link to {case_id}'s What happened next"


# -- "What happened next" on each case page ---------------------------------------------------


@pytest.mark.parametrize("case_id", case_ids())
def test_case_page_ends_with_what_happened_next(built_site, references, case_id):
    page = f"case-studies/{case_id}/index.html"
    article = fresh(built_site, page)
    headings = article.find_all("h2")
    assert headings and headings[-1].get("id") == "what-happened-next", (
        f"{page}: the last section should be 'What happened next'; sections are "
        f"{[h.get_text(strip=True) for h in headings]}"
    )
    section = what_happened_next(article)
    problems = as_of_line(page, section) + check_statements(page, section, references)
    assert not problems, "\n".join(problems)


def test_later_references_have_an_address_and_a_date(references):
    later = [r for r in references.values() if r.role == "later"]
    assert later, "data/references.bib: no references with role = later"
    missing = [r.id for r in later if not (r.url and r.accessed and r.year)]
    assert not missing, f"later references without url, accessed or year: {missing}"


def test_references_page_lists_later_sources_in_their_own_section(built_site, references):
    article = fresh(built_site, "references/index.html")
    heading = article.find("h2", id="since-2014")
    assert heading is not None, "references page: no 'Since 2014' section"
    listed = {li["id"] for li in heading.find_next("ul").find_all("li", id=True)}
    later = {r.id for r in references.values() if r.role == "later"}
    assert later == listed, f"references page, Since 2014: missing {sorted(later - listed)}"


# -- The report's account and later events kept apart ------------------------------------------


def test_later_sources_appear_on_report_and_case_pages_only_in_the_note_and_what_happened_next(
    built_site, mkdocs_config, references
):
    later = {r.id for r in references.values() if r.role == "later"}
    problems = []
    for page in nav_pages(mkdocs_config["nav"]):
        if not page.startswith(("report/", "case-studies/")):
            continue
        article = fresh(built_site, built(page))
        allowed = set(map(id, what_happened_next(article)))
        for a in article.find_all("a", class_="citation", href=True):
            if urlsplit(a["href"]).fragment not in later:
                continue
            block = a.find_parent(["p", "li", "tr", "div"])
            in_section = any(id(parent) in allowed for parent in a.parents)
            in_note = block is not None and block.get_text(" ", strip=True).startswith("Since 2014:")
            if not (in_section or in_note):
                problems.append(f"{page}: later source {urlsplit(a['href']).fragment} cited in the report's account")
    assert not problems, "\n".join(problems)


def test_pages_that_speak_of_ccgs_say_what_replaced_them(built_site, mkdocs_config, since_pages):
    skip = set(since_pages) | {"glossary.md", "references.md"}
    problems = []
    for page in nav_pages(mkdocs_config["nav"]):
        source = (REPO_ROOT / "docs" / page).read_text(encoding="utf-8")
        if page in skip or not re.search(r"\bCCGs?\b", source):
            continue
        path = built(page)
        article = fresh(built_site, path)
        first_h2 = article.find("h2")
        notes = []
        for a in article.find_all("a", href=True):
            target = urlsplit(urljoin("/" + path, a["href"]))
            if target.path.rstrip("/").endswith("since-2014/commissioners") and target.fragment == "icbs":
                notes.append(a)
        near_top = [a for a in notes if first_h2 is None or first_h2 in a.find_all_next("h2")]
        if len(near_top) != 1:
            problems.append(f"{page}: expected one note before the first section linking to "
                            f"since-2014/commissioners/#icbs, found {len(near_top)}")
    assert not problems, "\n".join(problems)


# -- Glossary successors ------------------------------------------------------------------------


def test_glossary_successors_name_existing_terms_and_their_links_resolve(built_site):
    with open(REPO_ROOT / "data" / "glossary.yaml", encoding="utf-8") as f:
        terms = yaml.safe_load(f)["terms"]
    names = {t["term"] for t in terms}
    with_successor = [t for t in terms if t.get("successor")]
    assert with_successor, "data/glossary.yaml: no term says what replaced it (successor)"
    glossary = fresh(built_site, "glossary/index.html")
    anchors = {tag["id"] for tag in glossary.find_all(id=True)}
    problems = []
    for term in with_successor:
        for other in term["successor"]["terms"]:
            if other not in names:
                problems.append(f"{term['term']}: successor {other!r} is not a glossary term")
        entry = next((dt for dt in glossary.find_all("dt") if dt.get_text(" ", strip=True).startswith(term["term"])), None)
        assert entry is not None, f"glossary page: no entry for {term['term']!r}"
        note = entry.find_next_sibling("dd").find(class_="data-successor")
        if note is None:
            problems.append(f"{term['term']}: the glossary page does not show its successor")
            continue
        for a in note.find_all("a", href=True):
            if "citation" in a.get("class", []):
                continue
            target = urlsplit(urljoin("/glossary/index.html", a["href"]))
            if target.path.rstrip("/") in ("/glossary", "/glossary/index.html"):
                if target.fragment not in anchors:
                    problems.append(f"{term['term']}: link to glossary entry #{target.fragment} that does not exist")
                continue
            page = target.path.lstrip("/") + ("index.html" if target.path.endswith("/") else "")
            if not (built_site / page).is_file():
                problems.append(f"{term['term']}: link to {a['href']}, which was not built")
                continue
            ids = {tag["id"] for tag in fresh(built_site, page).find_all(id=True)}
            if target.fragment and target.fragment not in ids:
                problems.append(f"{term['term']}: link to {a['href']}, which has no anchor #{target.fragment}")
    assert not problems, "\n".join(problems)
