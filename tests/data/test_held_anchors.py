"""Links into the HTML the macros write are still checked (hooks/held_html.py).

That HTML goes round Markdown (macros/render/held.py), so MkDocs does not see its ids
while converting the page; the hook gives them to MkDocs, whose strict build must still
accept a link to an id that is there and refuse one to an id that is not.
"""

from __future__ import annotations

import pytest

# Table 1 is written by a macro, as one block of HTML with id="table-1".
TABLE_PAGE = "# Sites\n\n{{ table1() }}\n"


@pytest.mark.slow
def test_a_link_to_an_id_in_the_macros_html_is_accepted(fixture_site):
    result = fixture_site.build({"index.md": TABLE_PAGE, "other.md": "# Other\n\nSee [Table 1](index.md#table-1).\n"})
    assert result.returncode == 0, result.stdout + result.stderr
    page = (fixture_site.root / "site" / "index.html").read_text(encoding="utf-8")
    assert 'id="table-1"' in page and "<!-- held:" not in page


@pytest.mark.slow
def test_a_link_to_a_missing_id_still_fails_the_build(fixture_site):
    result = fixture_site.build({"index.md": TABLE_PAGE, "other.md": "# Other\n\nSee [Table 9](index.md#table-9).\n"})
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "#table-9" in output, output
