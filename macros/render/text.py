"""Escaping with the glossary's abbreviation tooltips, for renderers outside this package.

The calculator pages call :func:`abbreviated` on their hints. It uses the data of the
build in progress (:func:`use`, called once per build by ``define_env``), or loads it.
"""

from __future__ import annotations

from typing import Any

from ..data.loader import load
from ..data.site import SiteData

_current: list[SiteData] = []


def use(data: SiteData) -> None:
    """Make ``data`` the data that :func:`abbreviated` reads, for this build."""
    _current[:] = [data]


def abbreviated(value: Any) -> str:
    """Text escaped for HTML, with ``<abbr>`` tooltips for the glossary's abbreviations."""
    data = _current[0] if _current else load()
    return data.abbreviations.text(value)
