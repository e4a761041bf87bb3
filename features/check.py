"""`python -m features.check DATA_DIR`: validate an HR export before training on it.

Prints the row count of every table and the snapshot date, exit 0; on a broken rule prints one
paragraph `error: ...` to stderr and exits 2, so HR staff see what to fix, not a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from features.errors import DataError
from features.loading import load_tables
from features.tables import Tables

EXIT_DATA_ERROR = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Check the data directory given on the command line; the process exit code out."""
    parser = argparse.ArgumentParser(
        prog="python -m features.check", description="Check an HR export against the contract."
    )
    parser.add_argument("data_dir", metavar="DATA_DIR", help="folder with one file per table")
    parser.add_argument("-v", "--verbose", action="store_true", help="log each table as read")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        tables = load_tables(args.data_dir)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_DATA_ERROR
    width = max(len(name) for name in tables.as_dict())
    for name, frame in tables.as_dict().items():
        print(f"{name:<{width}}  {len(frame):>10,} rows")
    print(f"snapshot date: {_snapshot_text(tables)}")
    return 0


def _snapshot_text(tables: Tables) -> str:
    try:
        return tables.snapshot_date().isoformat()
    except DataError as exc:  # no enrolment or evaluation dates at all
        return f"none ({exc})"


if __name__ == "__main__":
    sys.exit(main())
