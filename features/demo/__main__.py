"""Generate the demo world and write it: `python -m features.demo --out data/demo ...`."""

from __future__ import annotations

import argparse
import logging
import time
from datetime import date

from features.demo.families import WORLD_FAMILIES
from features.demo.national import write_national
from features.demo.rating_regimes import REGIMES
from features.demo.shapes import SHAPES
from features.demo.world import DEFAULT_SEED, DEFAULT_SNAPSHOT, generate_world
from features.demo.writing import FORMATS, write_world

logger = logging.getLogger("features.demo")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    started = time.perf_counter()
    if args.agencies is not None:
        return _national(args, started)
    world = generate_world(
        args.employees,
        args.seed,
        args.snapshot,
        shape=args.shape,
        position_changes=not args.no_position_changes,
        family=args.family,
        regime=args.regime,
    )
    generated = time.perf_counter()
    logger.info(
        "generated %d employees, seed %d, snapshot %s, shape %s, family %s in %.1f s",
        args.employees,
        args.seed,
        world.snapshot_date.isoformat(),
        args.shape,
        args.family,
        generated - started,
    )
    written = write_world(world, args.out, args.truth_out, args.format)
    frames = world.tables | {f"truth/{k}": v for k, v in world.truth.items()}
    for name, path in written.items():
        logger.info("  %-26s %10d rows  %s", name, len(frames[name]), path)
    logger.info("wrote %d files in %.1f s", len(written), time.perf_counter() - generated)
    return 0


def _national(args: argparse.Namespace, started: float) -> int:
    """`--agencies N`: a national world, Parquet by agency (`features.demo.national`)."""
    written = write_national(
        args.out,
        args.truth_out,
        args.employees,
        args.agencies,
        args.seed,
        snapshot=args.snapshot,
        shape=args.shape,
        position_changes=not args.no_position_changes,
        family=args.family,
        regime=args.regime,
    )
    largest = max(a.employees for a in written)
    logger.info(
        "wrote %d employees in %d agencies (largest %d, smallest %d), seed %d, to %s in %.1f s",
        args.employees, len(written), largest, min(a.employees for a in written), args.seed,
        args.out, time.perf_counter() - started,
    )  # fmt: skip
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m features.demo",
        description="Generate the demo Jakarta ASN world (HR export tables and hidden truth).",
    )
    parser.add_argument("--out", default="data/demo", help="folder for the tables")
    parser.add_argument("--truth-out", default="data/demo_truth", help="folder for the truth")
    parser.add_argument("--employees", type=int, default=5000, help="number of employees")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument(
        "--snapshot",
        type=date.fromisoformat,
        default=DEFAULT_SNAPSHOT,
        help="snapshot date YYYY-MM-DD (history before it, upcoming programs after it)",
    )
    parser.add_argument(
        "--agencies",
        type=int,
        default=None,
        help="a national world: this many agencies sharing --employees (a few large"
        " ministries, many small regencies), written as Parquet datasets partitioned by"
        " agency, <table>/agency=A001/part-0.parquet (docs/national.md); --format is ignored",
    )
    parser.add_argument("--format", choices=FORMATS, default="csv", help="table file format")
    parser.add_argument(
        "--shape",
        choices=tuple(SHAPES),
        default="default",
        help="default: the full HR export. semester: a learning-system export (e-learning"
        " sessions starting only in February and October, one job role for everybody, cost 0,"
        " assessment scores as post_test evaluations only, an empty performance table, no"
        " assignments); its own snapshot (latest date in the data) falls before --snapshot."
        " long: six- to nine-month e-learning and blended sessions of up to thousands,"
        " starting in February and August",
    )
    parser.add_argument(
        "--family",
        choices=tuple(WORLD_FAMILIES),
        default="jakarta",
        help="the hidden mechanisms: jakarta (worth = gap closed x method fit, completion"
        " from affinity, resistance, workload and distance) or thresholds (designed apart from"
        " the first and from the engine: readiness thresholds, provider quality, diminishing"
        " returns, completion from workload and distance); see features/demo/family_thresholds.py",
    )
    parser.add_argument(
        "--no-position-changes",
        action="store_true",
        help="nobody is promoted or transferred: one assignment per employee, from the hire"
        " date (by default a few %% a year are promoted or move units, and assignments"
        " records every change)",
    )
    parser.add_argument(
        "--regime",
        choices=tuple(REGIMES),
        default="default",
        help="busy_coarse: several programs a year and review ratings on half levels"
        " (supervisor noise half a level), the hard case for program evaluation",
    )
    return parser


if __name__ == "__main__":
    raise SystemExit(main())
