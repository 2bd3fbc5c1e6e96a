"""The data layer: read ``data/``, check it, and hand the renderers one validated object.

=================  ==========================================================
:mod:`.problems`   ``Problem``, ``DataError``, ``PageError``; workflow annotations (leaf)
:mod:`.paths`      dotted paths into the data: ``resolve``, ``nearest_source`` (leaf)
:mod:`.schema`     the shape of every file, as pydantic models
:mod:`.read`       YAML and BibTeX with the line of every value
:mod:`.messages`   pydantic's errors as plain sentences naming the field
:mod:`.checks`     checks between files (reference ids, model ids, see-also, orders)
:mod:`.presets`    calculator presets: facts resolved, run through the calculators
:mod:`.site`       ``SiteData``, what ``load`` returns
:mod:`.loader`     ``load()``: all of the above, once per build (cached)
:mod:`.frames`     the tables as pandas DataFrames (pages and downloads)
:mod:`.jsonschemas` the models as JSON Schema files in ``schemas/``
=================  ==========================================================

Nothing here renders HTML; :mod:`macros.render` does, from a loaded :class:`SiteData`.
"""

from __future__ import annotations

from .loader import DATA_DIR, DATA_DIR_VARIABLE, data_dir, load
from .paths import PathError, resolve
from .problems import DataError, PageError, Problem, SiteError
from .site import SiteData

__all__ = [
    "DATA_DIR",
    "DATA_DIR_VARIABLE",
    "DataError",
    "PageError",
    "PathError",
    "Problem",
    "SiteData",
    "SiteError",
    "data_dir",
    "load",
    "resolve",
]
