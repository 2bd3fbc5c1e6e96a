"""Command line: ``python -m calculators NAME --input FILE.json|- | --preset ID [--format json|csv|table]``.

``python -m calculators NAME --schema`` prints the JSON Schema of NAME's inputs.

``NAME`` may be left out with ``--preset`` (the preset names its calculator).

``python -m calculators list`` names the calculators and the presets. Invalid
input (bad values, bad JSON, a missing file, an unknown preset) prints one line
per problem, ``field: message``, to standard error and exits with status 2;
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from . import CALCULATORS, compute, parse, presets
from .inputs import MAX_DOCUMENT_BYTES
from .errors import InvalidInput, ValidationError
from .formats import as_csv, as_json, as_table

EXIT_INVALID = 2


class Parser(argparse.ArgumentParser):
    """argparse, but a mistake in the options is one line naming it, like every other problem."""

    def error(self, message):
        self.exit(EXIT_INVALID, f"options: {message} (see python -m calculators --help)\n")


def parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="python -m calculators",
        description="Contract projections, risk shares (one year or many) and alliance gain/pain shares,"
                    " exact to the penny.",
        epilog="Examples: python -m calculators projection --preset bedfordshire-projection --format table; "
               "python -m calculators risk-share --input year.json; python -m calculators list",
    )
    p.add_argument("name", metavar="NAME", nargs="?",
                   help=f"a calculator ({', '.join(CALCULATORS)}) or 'list'; may be left out with --preset")
    source = p.add_mutually_exclusive_group()
    source.add_argument("--input", metavar="FILE.json", help="inputs as a JSON object; '-' reads standard input")
    source.add_argument("--preset", metavar="ID", help="a named preset (see 'list')")
    source.add_argument("--schema", action="store_true", help="print the JSON Schema of the calculator's inputs")
    p.add_argument("--format", choices=("json", "csv", "table"), default="json", help="output format (default json)")
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)  # a bad option: one line on standard error, exit 2
    try:
        if args.name == "list":
            return _list()
        if args.name is None and args.preset is not None:
            args.name = presets.get(args.preset)["calculator"]
        if args.name is None:
            raise ValidationError([InvalidInput("calculator", f"name a calculator ({', '.join(CALCULATORS)}), 'list',"
                                                " or give --preset ID")])
        if args.name not in CALCULATORS:
            raise ValidationError([InvalidInput(
                "calculator", f"unknown calculator {json.dumps(args.name)}; choose one of {', '.join(CALCULATORS)}"
                " (or 'list')")])
        if args.schema:
            sys.stdout.write(json.dumps(CALCULATORS[args.name].json_schema(), indent=2, ensure_ascii=False) + "\n")
            return 0
        inputs = _inputs(args)
        result = compute(args.name, inputs)
    except ValidationError as error:
        for problem in error.problems:
            print(str(problem), file=sys.stderr)
        return EXIT_INVALID
    except presets.PresetsUnavailable as error:
        print(f"preset: {error}", file=sys.stderr)
        return EXIT_INVALID
    writer = {"json": as_json, "csv": lambda r: as_csv(args.name, r), "table": lambda r: as_table(args.name, r)}[args.format]
    try:
        sys.stdout.write(writer(result))
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into `head`: stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes stdout again at exit
    return 0


def _inputs(args) -> dict:
    if args.preset is not None:
        preset = presets.get(args.preset)
        if preset["calculator"] != args.name:
            raise ValidationError([InvalidInput(
                "preset", f"{args.preset} is a preset for {preset['calculator']}, not {args.name}")])
        return preset["inputs"]
    if args.input is None:
        raise ValidationError([InvalidInput("input", "give the inputs with --input FILE.json (or - for standard"
                                            " input) or --preset ID")])
    where = "standard input" if args.input == "-" else args.input
    try:  # never more than the limit plus one character, whatever the file (/dev/zero included)
        if args.input == "-":
            text = sys.stdin.read(MAX_DOCUMENT_BYTES + 1)
        else:
            with open(args.input, encoding="utf-8") as handle:
                text = handle.read(MAX_DOCUMENT_BYTES + 1)
    except FileNotFoundError:
        raise ValidationError([InvalidInput("input", f"no such file: {args.input}")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError([InvalidInput("input", f"cannot read {where}: {error}")]) from None
    return parse(text, where=f"the inputs in {where}", field="input", detail=True)


def _list() -> int:
    print("Calculators:")
    for name, spec in CALCULATORS.items():
        print(f"  {name:<12} {spec.title}: {spec.question}")
    try:
        available = presets.load()
    except presets.PresetsUnavailable as error:
        print(f"\nPresets: none ({error})")
        return 0
    print("\nPresets:")
    width = max((len(i) for i in available), default=0)
    for preset_id, preset in available.items():
        print(f"  {preset_id:<{width}}  {preset['calculator']:<10}  {preset['title']}")
    return 0
