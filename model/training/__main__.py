"""`python -m model.training`: train, evaluate, write and promote a bundle (behind `make train`).

Exit codes: 0 promoted, 3 written but not promoted (the gate), 2 bad data or a history that
cannot be split (the message says what to fix; no traceback), 1 a bug (with its traceback).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from datetime import date

from features.errors import DataError
from model.bundles.files import BundleError
from model.training.errors import TrainingDataError
from model.training.report import metrics_table
from model.training.split import DEFAULT_PERIOD_SHARE
from model.training.store_rows import read_store_rows
from model.training.train import train
from pipeline.examples import examples_builder
from store import database_url

DEFAULT_DATA_DIR = "data/demo"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    try:
        rows = read_store_rows(database_url())
        result = train(
            args.data_dir,
            args.artifacts_dir,
            snapshot=args.snapshot_date,
            truth_dir=args.truth_dir,
            force=args.force,
            validation_months=args.validation_months,
            period_share=args.period_share,
            seed=args.seed,
            store_rows=rows,
            # a data folder partitioned by agency: examples built by partition, on Dask
            examples_by=examples_builder(args.data_dir, rows),
        )
    except (DataError, TrainingDataError, BundleError) as exc:
        # our own errors about the input; anything else (a library's ValueError included)
        # is a bug and keeps its traceback
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(metrics_table(result.metrics))
    print(f"\nbundle {result.version} written to {result.path}: {result.reason}")
    print(f"report (plots, drift against the serving bundle): {result.path / 'report.html'}")
    return 0 if result.promoted else 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m model.training", description=__doc__)
    parser.add_argument("--data-dir", default=os.environ.get("DATA_DIR", DEFAULT_DATA_DIR))
    parser.add_argument("--artifacts-dir", default=os.environ.get("ARTIFACTS_DIR", "artifacts"))
    parser.add_argument(
        "--snapshot-date", type=_date, default=os.environ.get("SNAPSHOT_DATE") or None
    )
    parser.add_argument(
        "--truth-dir",
        default=os.environ.get("TRUTH_DIR") or None,
        help="a generated world's ground truth to evaluate against (default: data/demo_truth,"
        " only when the data folder is the demo world data/demo)",
    )
    parser.add_argument("--force", action="store_true", help="promote even if worse")
    parser.add_argument(
        "--period-share",
        type=float,
        default=DEFAULT_PERIOD_SHARE,
        help="share of the decisions in the test period, and in the validation period before"
        f" it (default {DEFAULT_PERIOD_SHARE}); cuts fall between decision dates",
    )
    parser.add_argument(
        "--validation-months",
        type=int,
        default=None,
        help="calendar periods instead: the last N months before the snapshot for test, the N"
        " before them for validation",
    )
    parser.add_argument("--seed", type=int, default=0)
    return parser


def _date(text: str) -> str:
    try:
        return str(date.fromisoformat(text))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


if __name__ == "__main__":
    sys.exit(main())
