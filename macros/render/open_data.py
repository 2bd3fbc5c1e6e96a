"""The Data page: the site's tables as CSV and Excel, written at build time from the frames.

``{{ open_data() }}`` lists the downloads; :func:`write` (run after the build, from
``on_post_build``) writes them beside the page, ``data/<slug>.csv`` and
``data/<slug>.xlsx``. Each workbook has the table on its first sheet and an "About"
sheet saying where the figures come from and which are reported or illustrative; each
CSV carries the same in its ``basis`` and ``source`` columns.
"""

from __future__ import annotations

import shutil
from importlib import metadata
from pathlib import Path

from ..data import cache, frames
from ..data.site import SiteData
from .html import block, esc
from .page import Page

#: Where the downloads go, under the built site (beside the Data page, data/index.html).
FOLDER = "data"


def open_data(page: Page) -> str:
    """The list of downloads: for each table, what a row is, its sources, CSV and Excel links."""
    items = []
    for dataset in frames.tables(page.data).values():
        notes = "".join(f"<li>{page.text(n)}</li>" for n in dataset.notes)
        columns = ", ".join(f"<code>{esc(c)}</code>" for c in dataset.columns)
        items.append(
            f'<li class="data-download" id="download-{dataset.slug}"><p><strong>{esc(dataset.title)}</strong>: '
            f"{page.text(dataset.description)}</p>"
            f'<p><a href="{dataset.slug}.csv" download>CSV</a> · <a href="{dataset.slug}.xlsx" download>Excel</a> '
            f"({len(dataset.rows)} rows)</p>"
            f"<ul>{notes}</ul><p>Columns: {columns}.</p></li>"
        )
    return block(f'<ul class="data-downloads">{"".join(items)}</ul>')


def write(data: SiteData, site_dir: Path | str) -> list[Path]:
    """Write every dataset as CSV and as an Excel workbook into ``site_dir/data/``."""
    folder = Path(site_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for dataset in frames.tables(data).values():
        csv = folder / f"{dataset.slug}.csv"
        csv.write_text(dataset.csv, encoding="utf-8")
        xlsx = folder / f"{dataset.slug}.xlsx"
        about = ["About this table", dataset.title, dataset.description, *dataset.notes]
        # Kept by the hash of what it holds: a build whose data has not changed copies it
        # instead of writing it again (openpyxl is the slow part), and the same data gives
        # the same bytes.
        key = cache.digest(metadata.version("pandas"), dataset.csv, *about)
        shutil.copyfile(cache.kept_file("workbooks", key, ".xlsx", lambda path: _workbook(dataset, about, path)), xlsx)
        written += [csv, xlsx]
    return written


def _workbook(dataset: frames.TableData, about: list[str], path: Path) -> None:
    import pandas as pd

    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        dataset.frame().to_excel(writer, sheet_name="Data", index=False)
        pd.DataFrame({about[0]: about[1:]}).to_excel(writer, sheet_name="About", index=False)
