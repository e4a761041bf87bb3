"""`python -m importers SOURCE IN OUT` (`make import`): a source system's files into the
contract's tables, checked and written with `import_report.json`; exit 2 with one message."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from features.errors import DataError
from importers import output, siasn, simdiklat
from importers.report import ImportReport

EXIT_DATA_ERROR = 2
Importer = Callable[[Path, ImportReport, dict[str, pd.DataFrame]], dict[str, pd.DataFrame]]
SOURCES: dict[str, Importer] = {
    siasn.SOURCE: siasn.import_siasn,
    simdiklat.SOURCE: simdiklat.import_simdiklat,
}


def run_import(source: str, folder: str | Path, out: str | Path) -> ImportReport:
    """Import `folder` as `source` into `out`; DataError (nothing written) when it cannot."""
    folder, out = Path(folder), Path(out)
    if not folder.is_dir():
        raise DataError(str(folder), "folder not found")
    report = ImportReport(source=source)
    given = output.given_tables(folder, report)
    tables = SOURCES[source](folder, report, given)
    output.write_checked(output.complete(tables, given, report), out, report)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m importers",
        description="Import an agency's HR system export into the contract's tables.",
    )
    parser.add_argument("source", choices=tuple(SOURCES), help="the system the files come from")
    parser.add_argument("input", metavar="IN", help="folder of the system's files")
    parser.add_argument("output", metavar="OUT", help="folder for the tables (replaced)")
    args = parser.parse_args(argv)
    try:
        report = run_import(args.source, args.input, args.output)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_DATA_ERROR
    print(report.summary())
    print(f"report: {Path(args.output) / 'import_report.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
