"""The Data page: the site's tables as CSV and Excel, written at build time from the frames.

``{{ open_data() }}`` lists the downloads; :func:`write` (run after the build, from
``on_post_build``) writes them beside the page, ``data/<slug>.csv`` and
``data/<slug>.xlsx``. Each workbook has the table on its first sheet and an "About"
sheet saying where the figures come from and which are reported or illustrative; each
CSV carries the same in its ``basis`` and ``source`` columns.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd

from ..data import frames, presets
from ..data.site import SiteData
from .html import block, esc
from .page import Page

#: Where the downloads go, under the built site (beside the Data page, data/index.html).
FOLDER = "data"
#: Workbooks already written, by the hash of what they hold: a build whose data has not
#: changed copies them instead of writing them again (openpyxl is the slow part), and
#: the same data gives the same bytes.
CACHE = Path(__file__).resolve().parents[2] / "build" / "open-data"


def _datasets(data: SiteData) -> list[frames.Dataset]:
    return frames.datasets(data, presets.export(data))


def open_data(page: Page) -> str:
    """The list of downloads: for each table, what a row is, its sources, CSV and Excel links."""
    items = []
    for dataset in _datasets(page.data):
        notes = "".join(f"<li>{page.text(n)}</li>" for n in dataset.notes)
        columns = ", ".join(f"<code>{esc(c)}</code>" for c in frames.flat(dataset.frame).columns)
        items.append(
            f'<li class="data-download" id="download-{dataset.slug}"><p><strong>{esc(dataset.title)}</strong>: '
            f"{page.text(dataset.description)}</p>"
            f'<p><a href="{dataset.slug}.csv" download>CSV</a> · <a href="{dataset.slug}.xlsx" download>Excel</a> '
            f"({len(dataset.frame)} rows)</p>"
            f"<ul>{notes}</ul><p>Columns: {columns}.</p></li>"
        )
    return block(f'<ul class="data-downloads">{"".join(items)}</ul>')


def write(data: SiteData, site_dir: Path | str) -> list[Path]:
    """Write every dataset as CSV and as an Excel workbook into ``site_dir/data/``."""
    folder = Path(site_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for dataset in _datasets(data):
        table = frames.flat(dataset.frame)
        csv = folder / f"{dataset.slug}.csv"
        table.to_csv(csv, index=False, encoding="utf-8")
        xlsx = folder / f"{dataset.slug}.xlsx"
        about = pd.DataFrame({"About this table": [dataset.title, dataset.description, *dataset.notes]})
        key = hashlib.sha256("\0".join([pd.__version__, csv.read_text("utf-8"), about.to_csv()]).encode()).hexdigest()
        cached = CACHE / f"{dataset.slug}-{key[:16]}.xlsx"
        if not cached.is_file():
            CACHE.mkdir(parents=True, exist_ok=True)
            for old in CACHE.glob(f"{dataset.slug}-*.xlsx"):
                old.unlink()
            partial = cached.with_suffix(".partial")
            with pd.ExcelWriter(partial, engine="openpyxl") as writer:
                table.to_excel(writer, sheet_name="Data", index=False)
                about.to_excel(writer, sheet_name="About", index=False)
            partial.rename(cached)
        shutil.copyfile(cached, xlsx)
        written += [csv, xlsx]
    return written
