"""`python -m model.training`: train, evaluate, write and promote a bundle (behind `make train`)."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from features.errors import DataError
from model.bundle import BundleError
from model.training.report import metrics_table
from model.training.train import train

DEFAULT_DATA_DIR = "data/demo"
DEFAULT_TRUTH_DIR = "data/demo_truth"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m model.training", description=__doc__)
    parser.add_argument("--data-dir", default=os.environ.get("DATA_DIR", DEFAULT_DATA_DIR))
    parser.add_argument("--artifacts-dir", default=os.environ.get("ARTIFACTS_DIR", "artifacts"))
    parser.add_argument("--snapshot-date", default=os.environ.get("SNAPSHOT_DATE") or None)
    parser.add_argument("--truth-dir", default=os.environ.get("TRUTH_DIR", DEFAULT_TRUTH_DIR))
    parser.add_argument("--force", action="store_true", help="promote even if worse")
    parser.add_argument(
        "--validation-months",
        type=int,
        default=None,
        help="length of the validation and of the test period (default: 6, or a third of a"
        " shorter history)",
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    try:
        result = train(
            args.data_dir,
            args.artifacts_dir,
            snapshot=args.snapshot_date,
            truth_dir=args.truth_dir,
            force=args.force,
            validation_months=args.validation_months,
            seed=args.seed,
        )
    except (DataError, BundleError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(metrics_table(result.metrics))
    print(f"\nbundle {result.version} written to {result.path}: {result.reason}")
    return 0 if result.promoted else 3


if __name__ == "__main__":
    sys.exit(main())
