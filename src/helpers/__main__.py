"""Command line: `python -m helpers validate [DATA_DIR]`, `build`, `index`, `fx`, `synth`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpers import paths


def _validate(args) -> int:
    from helpers.data.load import coverage_summary, load_package
    from helpers.data.validate import DataValidationError, validate_folder

    try:
        if args.quiet:  # checks only: skip building typed frames for the summary
            _, problems, _ = validate_folder(args.data_dir)
            if problems:
                raise DataValidationError(problems, args.data_dir)
            print(f"{args.data_dir}: valid")
            return 0
        pkg = load_package(args.data_dir)
    except DataValidationError as exc:
        print(exc.render(None if args.all else exc.SHOWN), file=sys.stderr)
        return 1
    print(coverage_summary(pkg) if not args.quiet else f"{args.data_dir}: valid")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="validate a data folder against its datapackage.json")
    v.add_argument("data_dir", nargs="?", default=str(paths.DATA), type=Path)
    v.add_argument(
        "--all", action="store_true", help="list every problem (the default lists the first 100 and counts the rest)"
    )
    v.add_argument("-q", "--quiet", action="store_true", help="print one line instead of the coverage summary")
    v.set_defaults(func=_validate)

    from helpers.build import pdf, runner
    from helpers.data import fx_update, migrate, synth

    runner.add_commands(sub)
    pdf.add_commands(sub)
    fx_update.add_commands(sub)
    synth.add_commands(sub)
    migrate.add_commands(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
