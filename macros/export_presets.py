"""Write ``calculators/presets.json`` from the ``presets:`` in the case-study files.

Run ``python -m macros.export_presets`` (the site build also runs it at start-up, so
the file is always fresh). The file is generated and git-ignored: edit the case-study
YAML instead. Shape, per preset id::

    {"calculator": ..., "case_study": ..., "title": ..., "inputs": {...},
     "marks": {"<input field>": {"basis": "reported", "source": "Addicott 2014, p. 21"}
                              | {"basis": "illustrative", "note": "..."}}}

Money is written as decimal strings ("26500000") so no float touches it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .data import SiteData, SiteError, load, presets
from .data.problems import annotate

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "calculators" / "presets.json"


def render(data_dir: Path | None = None, data: SiteData | None = None) -> str:
    """The JSON text of every preset (validated, facts resolved), from ``data`` or ``data_dir``."""
    return json.dumps(presets.export(data or load(data_dir)), indent=2, ensure_ascii=False) + "\n"


def write(output: Path | None = None, data_dir: Path | None = None, data: SiteData | None = None) -> Path:
    """Write the presets file (default :data:`DEFAULT_OUTPUT`) if its content changed; return its path."""
    output = output or DEFAULT_OUTPUT
    text = render(data_dir, data)
    if not output.exists() or output.read_text(encoding="utf-8") != text:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.export_presets", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: data/)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="only validate; write nothing")
    args = parser.parse_args(argv)
    try:
        if args.check:
            render(args.data)
            print("presets: OK")
        else:
            print(f"wrote {write(args.output, args.data)}")
    except SiteError as error:
        annotate(error)
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
