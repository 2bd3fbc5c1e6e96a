"""Statements checked against the pages they cite stay corrected.

Three kinds of check:

- the report's page map: the source text of the report (when the shared folder is beside
  the repository) separates its printed pages with runs of blank lines; page n of the
  report is the n-th such block. The map is checked against the report's contents list,
  then used to confirm that the facts the site corrected are on the pages it now cites.
  Two section openings sit one block early in the text ("Prime contract" after Table 1,
  "Prime provider contract" at the end of block 19); the site cites them on pp. 10 and
  20, as the contents list does, so they are not among the facts checked here;
- the built pages no longer say what a cited page does not support, and say what it does;
- every calculator preset value marked *reported* cites a page of the report that exists,
  and the presets follow a year or term the report gives.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from macros import export_presets

REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS = REPO_ROOT.parent / "shared" / "seeds"
REPORT = next(iter(sorted(SEEDS.glob("002_*.txt"))), None) if SEEDS.is_dir() else None
FIRST_PAGE, LAST_PAGE = 3, 59  # executive summary to acknowledgements (contents list)

needs_report = pytest.mark.skipif(REPORT is None, reason=f"no report text in {SEEDS}")


def norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").lower().split())


def text_of(element) -> str:
    return norm(element.get_text(" "))


@pytest.fixture(scope="module")
def pages() -> dict[int, str]:
    """Page number -> that page's text, normalised."""
    blocks = re.split(r"\n[ \t]*\n[ \t]*\n[ \t]*\n+", REPORT.read_text(encoding="utf-8"))
    return {number: norm(block) for number, block in enumerate(blocks)}


# -- The page map ------------------------------------------------------------------------

# The contents list gives these pages for these headings.
CONTENTS = {3: "1 executive summary", 6: "2 introduction", 8: "3 emergence of new contractual models",
            36: "4 contract principles", 42: "5 designing the contract", 48: "6 lessons for commissioners",
            54: "7 conclusions", 56: "references"}


@needs_report
@pytest.mark.parametrize(("page", "heading"), sorted(CONTENTS.items()))
def test_the_page_map_agrees_with_the_contents_list(pages, page, heading):
    assert pages[page].startswith(heading), f"p. {page} should open with {heading!r}: {pages[page][:80]!r}"


# Facts the site corrected or now cites, and the page each is on.
ON_PAGE = [
    ("£24 million (£8 million per year)", 9),
    ("2 years (option of additional 1 year)", 9),
    ("two-year contract, with a one-year extension", 29),
    ("no risk-sharing initially", 29),
    ("lump sum payments based on commissioner-approved financial plans", 29),
    ("our five examples all introduced a degree of risk-sharing", 52),
    ("no gain share with the prime contractors", 14),
    ("not to introduce financial incentives at this stage", 33),
    ("budget covering co-ordination of emergency hospital care", 23),
    ("in april 2014, the ccg appointed a consortium led by circle", 17),
    ("in year one, they are measured, but not applied", 19),
    ("at the full risk by the end of the second year", 19),
    ("£800 million contract over five years", 23),
    ("invitation to submit online solutions (isos)", 13),
    ("nhs england (cancer only)", 9),
    ("dismissed an alliance structure", 12),
    ("possibility of weak leadership and accountability", 35),
    ("alliance example in canterbury", 42),
    ("few 'complete' examples", 46),
    ("tested in real time", 46),
    ("build csu capabilities", 46),
    ("do not have a track record of working together", 53),
    ("as patients move in and out of the contract remit", 53),
    ("needs to develop more innovative approaches", 30),
    ("might also benefit the integration and delivery of other service areas", 30),
    ("all cases needed considerable investment and resources", 4),
]


@needs_report
@pytest.mark.parametrize(("phrase", "page"), ON_PAGE)
def test_corrected_facts_are_on_the_page_the_site_cites(pages, phrase, page):
    found = [n for n, text in pages.items() if phrase in text]
    assert page in found, f"{phrase!r} is on pp. {found}, not p. {page}"


def cited_report_pages() -> list[tuple[str, str]]:
    """(where, page) for every citation of the report in docs/ and data/."""
    found = []
    call = re.compile(r"""cite\(\s*["']addicott-2014["']\s*,\s*["']([^"']+)["']""")
    for path in sorted((REPO_ROOT / "docs").rglob("*.md")):
        found += [(str(path.relative_to(REPO_ROOT)), page) for page in call.findall(path.read_text(encoding="utf-8"))]
    source = re.compile(r"""\{ref: addicott-2014, page: "([^"]+)"\}""")
    for path in sorted((REPO_ROOT / "data").rglob("*.yaml")):
        found += [(str(path.relative_to(REPO_ROOT)), page) for page in source.findall(path.read_text(encoding="utf-8"))]
    return found


def test_every_cited_report_page_is_a_page_of_the_report():
    cited = cited_report_pages()
    assert len(cited) > 200
    bad = []
    for where, page in cited:
        if page in ("contents",):
            continue
        numbers = [int(n) for n in re.findall(r"\d+", page)]
        if not numbers or any(not FIRST_PAGE <= n <= LAST_PAGE for n in numbers):
            bad.append(f"{where}: {page!r}")
    assert not bad, f"citations of pages the report does not have: {bad}"


# -- The built pages ---------------------------------------------------------------------

# (page, what it must no longer say, what it says instead)
CORRECTED = [
    ("report/alliance/index.html", "£24 million over 2 years", "in our reading that total counts the optional year"),
    ("report/alliance/index.html", "means closing inpatient", "disinvesting in the inpatient beds"),
    ("report/alliance/index.html", "since the lambeth living well collaborative began", "a long history of working together"),
    ("report/prime-contractor/index.html", "referral hub employs", "circle has put a \"choice adviser\""),
    ("report/prime-contractor/index.html", "staffordshire's commissioners said that the ordinary tools",
     "commissioners told the researchers that the ordinary tools"),
    ("report/prime-contractor/index.html", "one reason some prefer to bid", "the same doubt about prime providers"),
    ("report/contract-principles/index.html", "pays nothing on outcomes", "treats its first 12 months as a \"bedding-in\" period"),
    ("report/introduction/index.html", "often limited", "differing capacity and resources"),
    ("report/comparison/index.html", "every member does", "the provider members do"),
    ("report/prime-contractor/index.html", "only through sub-contract terms", "holds its supply chain to account"),
    ("report/lessons/index.html", "all five sites held back part of the budget",
     "all five examples brought in some risk sharing"),
    ("report/lessons/index.html", None, "lambeth with no risk sharing"),
    ("report/prime-provider/index.html", "one budget covering emergency hospital care",
     "co-ordination of emergency hospital care"),
    ("report/prime-provider/index.html", "a possible monopoly. one dominant provider", "possible provider monopoly"),
    ("case-studies/bedfordshire/index.html", "the contract was awarded in april 2014", "no date for the new service to go live"),
    ("case-studies/lambeth/index.html", "temporary staffing with no extra pay", "brought providers no extra money"),
    ("case-studies/lambeth/index.html", None, "innovative ways of working"),
    ("case-studies/lambeth/index.html", None, "help join up other services too"),
    ("case-studies/lambeth/index.html", None, "counts that optional third year"),
    ("case-studies/lambeth/index.html", "savings will come from closing", "disinvesting in the inpatient beds"),
    ("case-studies/lambeth/index.html", "everything in the contract hangs on", "centre on the \"big three\""),
    ("case-studies/cambridgeshire/index.html", "about 900,000", "almost 900,000"),
    ("case-studies/bedfordshire/index.html", "referral-to-treatment", "the 18-week target was regularly missed"),
    ("case-studies/salford/index.html", None, "should be a prime provider inside the alliance"),
    ("case-studies/lambeth/index.html", "so the commissioners absorb any variance", "the report does not say who bears it"),
    ("case-studies/staffordshire/index.html", "saving money is not the goal", "cutting costs is not a direct aim"),
    ("case-studies/salford/index.html", "the city has high deprivation", "parts of the city have high deprivation"),
    ("report/procurement-and-resources/index.html", None, "there were no templates or formal guidance"),
    ("report/procurement-and-resources/index.html", None, "build up what csus can offer"),
    ("report/procurement-and-resources/index.html", None, "settled in real time"),
    ("report/lessons/index.html", None, "no track record of working together"),
    ("report/lessons/index.html", None, "move into and out of its scope"),
    ("report/lessons/index.html", None, "adjust or set aside the national tariff rules"),
    ("report/introduction/index.html", None, "purchaser–provider split"),
    ("report/introduction/index.html", "the article points to", "billings and de weger"),
    ("references/index.html", None, "contracting for integrated health and social care: a critical review of four models"),
    ("nuffield/questions/index.html", "all five king's fund case studies needed heavy investment",
     "all five of its sites needed considerable investment"),
]


@pytest.mark.parametrize(("page", "wrong", "right"), CORRECTED)
def test_the_corrected_statement_reads_right(article, page, wrong, right):
    shown = text_of(article(page))
    if wrong:
        assert norm(wrong) not in shown, f"{page} still says {wrong!r}"
    assert norm(right) in shown, f"{page} should say {right!r}"


def facts_box(article, case_id: str) -> dict[str, str]:
    box = article(f"case-studies/{case_id}/index.html").find("aside", class_="data-facts")
    return {text_of(dt): text_of(dd) for dt, dd in zip(box.find_all("dt"), box.find_all("dd"))}


def test_lambeths_total_says_it_counts_the_optional_year(article):
    value = facts_box(article, "lambeth")["estimated value"]
    assert "£24 million in total" in value and "optional third year" in value


def test_bedfordshire_has_no_go_live_date(article):
    start = facts_box(article, "bedfordshire")["start"]
    assert "no go-live date is reported" in start and "april 2014" in start  # the appointment, not a start
    overview = article("case-studies/index.html").find("table")
    row = next(tr for tr in overview.find("tbody").find_all("tr") if text_of(tr.th) == "start")
    assert "no go-live date" in text_of(row.find_all("td")[1])


def test_fact_boxes_name_the_report_once_and_do_not_repeat_the_payment_summary(article):
    for case_id in ("staffordshire", "bedfordshire", "cambridgeshire", "lambeth", "salford"):
        page = article(f"case-studies/{case_id}/index.html")
        box = page.find("aside", class_="data-facts")
        assert len(box.find_all(class_="data-facts__source")) == 1, case_id
        inside = [text_of(a) for a in box.find("dl").find_all("a", class_="citation")]
        assert inside and all(t.startswith("p") for t in inside), f"{case_id}: {inside}"
        summary = text_of(page.find(class_="data-payment"))
        assert summary.split(" (")[0] not in text_of(box), f"{case_id}: payment summary shown twice"


def test_the_overview_table_is_ours_and_on_one_page(built_site):
    captions = []
    for path in built_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        captions += [path.relative_to(built_site).as_posix()
                     for caption in re.findall(r"<caption[^>]*>(.*?)</caption>", html) if "five case-study sites" in caption]
        assert "Table 1: Overview" not in html, f"{path}: a table captioned as the report's Table 1"
    assert captions == ["case-studies/index.html"], captions


# Background that a glossary definition must not put before its citation.
BACKGROUND = ["health and social care act", "nhs improvement", "2015/16", "replaced it in 2013",
              "staffordshire's stage of inviting outline solutions", "neighbouring boroughs", "gp-led",
              "registers and inspects"]


def test_glossary_definitions_keep_background_after_the_citation(article):
    glossary = article("glossary/index.html")
    for dd in glossary.find_all("dd"):
        cited_part = norm(dd.decode_contents().split('class="citation"')[0])
        for claim in BACKGROUND:
            assert claim not in cited_part, f"glossary: {claim!r} sits under a citation: {text_of(dd)[:120]}"
    isos = text_of(glossary.find(id="isos").find_next("dd"))
    assert "online solutions" in isos and "background" in isos
    assert glossary.find("nav", class_="data-glossary-az") is not None
    assert glossary.find(id="letter-c") is not None


def test_nuffield_notes_are_marked_as_ours_and_carry_no_slide_citation(article):
    checklist = article("nuffield/questions/index.html").find(class_="data-checklist")
    notes = checklist.find_all(class_="data-checklist__why")
    assert len(notes) == 10
    for note in notes:
        assert text_of(note).startswith("why it matters (our note):")
        # A fact the note uses may cite the report; the note is not the slide's.
        assert all(not a["href"].endswith("#smith-2010") for a in note.find_all("a", class_="citation"))


@pytest.mark.parametrize("page", ["case-studies/lambeth/index.html", "nuffield/index.html",
                                  "nuffield/options/index.html", "nuffield/questions/index.html",
                                  "glossary/index.html", "case-studies/index.html"])
def test_pages_open_with_a_summary(article, page):
    h1 = article(page).find("h1")
    first = h1.find_next_sibling()
    assert first is not None and "abstract" in first.get("class", []), f"{page}: no summary box after the title"


# -- Presets -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def presets():
    return json.loads(export_presets.render())


def test_every_reported_preset_value_cites_a_report_page(presets):
    for preset_id, preset in presets.items():
        for field, mark in preset["marks"].items():
            if mark["basis"] != "reported":
                continue
            match = re.fullmatch(r"Addicott 2014, pp?\. ([\d–, ]+)", mark["source"])
            assert match, f"{preset_id}.{field}: reported without a page: {mark}"
            numbers = [int(n) for n in re.findall(r"\d+", match.group(1))]
            assert all(FIRST_PAGE <= n <= LAST_PAGE for n in numbers), f"{preset_id}.{field}: {mark}"


def test_presets_follow_a_year_or_term_the_report_gives(presets):
    cambridgeshire = presets["cambridgeshire-projection"]
    # the £800m is for five years: no extension years are projected against it
    assert cambridgeshire["inputs"].get("extension_years", 0) == 0
    assert len(cambridgeshire["inputs"]["actual_population_growth_pct"]) <= 4
    bedfordshire = presets["bedfordshire-risk-share"]
    # year one: the measures are recorded but not applied (p. 19)
    assert bedfordshire["inputs"]["risk_applied_pct"] == 0
    assert bedfordshire["marks"]["risk_applied_pct"]["source"] == "Addicott 2014, p. 19"
    projection = presets["bedfordshire-projection"]
    assert projection["inputs"]["management_fee_pct"] == 2.5
    assert projection["marks"]["management_fee_pct"]["basis"] == "reported"
    schedule = projection["inputs"]["incentive_pct_by_year"]
    assert schedule[0] == 0 and schedule[-1] == 2.5
    assert projection["marks"]["incentive_pct_by_year"]["basis"] == "illustrative"


def test_bedfordshire_projection_shows_the_reported_fee_and_sum_at_risk(presets):
    calculators = pytest.importorskip("calculators")
    result = calculators.compute("projection", presets["bedfordshire-projection"]["inputs"])
    rows = result["rows"]
    assert rows[0]["at_risk"] == "0.00"  # year one: paid whatever the scores
    assert all(row["at_risk"] != "0.00" for row in rows[1:])
    assert all(row["management_fee"] != "0.00" for row in rows)


HAND_TYPED_CITATION = re.compile(r"\((?:Addicott|Smith|King's Fund)[^()]*\d{4}[^()]*\)")


def test_no_citation_is_typed_by_hand_in_the_data():
    """Citations in data/ are `source` fields (rendered as links to the references page);
    one typed into a text, "(Addicott 2014, p. 38)", would be plain text that no check reads."""
    typed = [f"{path.relative_to(REPO_ROOT)}: {m[0]}" for path in sorted((REPO_ROOT / "data").rglob("*.yaml"))
             for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#")
             for m in HAND_TYPED_CITATION.finditer(line)]
    assert not typed, f"citations typed as text: {typed}"


def test_a_glossary_entrys_since_2014_line_is_apart_from_its_definition(article):
    for dd in article("glossary/index.html").select("dd"):
        successor = dd.select_one(".data-successor")
        if successor is None:
            continue
        before = successor.previous_sibling
        text = before if isinstance(before, str) else (before.get_text() if before is not None else " ")
        assert text[-1:].isspace(), f"no space before 'Since 2014' in: {dd.get_text()[:80]!r}"
