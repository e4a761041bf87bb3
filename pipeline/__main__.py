"""`python -m pipeline score-all [--version V]` (behind `make score-all`).

Exit codes: 0 written, 2 no usable bundle (the message says why), 1 a bug (with its traceback).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys

from model.bundles.files import BundleError
from pipeline.score_all import score_all


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    try:
        about = score_all(args.artifacts_dir, args.version)
    except BundleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(about, indent=2))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    score = commands.add_parser(
        "score-all", help="write every employee's and every upcoming program's ranking"
    )
    score.add_argument("--artifacts-dir", default=os.environ.get("ARTIFACTS_DIR", "artifacts"))
    score.add_argument("--version", default=None, help="a bundle version (default: the serving)")
    return parser


if __name__ == "__main__":
    sys.exit(main())
