"""`python -m bench.program_evaluation [EMPLOYEES ...] [--seeds 1 2] [--regime busy_coarse]`:
program evaluation's time and its truth check, on generated worlds.

`make bench` runs `run` (a child step) on the large world of the `busy_coarse` regime
(several programs a year, ratings on half levels): the share of courses whose 95% level 3
interval holds the true effect must lie in 0.90-0.99 (issue 22), with its median width.

For each size and seed: a demo world is generated and written (Parquet) into a temporary
folder, loaded, and `evaluate_programs` is timed (median of 3 runs below 60 s, else 1); the
estimates are then checked against the world's true course effects (Spearman, coverage of
the 95% intervals, bias, RMSE; the matched difference in differences and the naive
before/after). Courses of all seeds are pooled for a coverage over many courses.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd

from bench.measure import Target, figure, memory_figure
from bench.settings import Settings
from features.demo import generate_world, write_world
from features.loading import load_tables
from model.program_evaluation import evaluate_programs
from model.training.evaluation_truth import (
    COURSE_EFFECTS_FILE,
    compare_with_truth,
    evaluation_truth_lines,
    interval_coverage,
)

REGIME = "busy_coarse"
COVERAGE_TARGETS = (Target(">=", 0.90), Target("<=", 0.99))


def run(employees: int, seed: int, folder: str, max_runs: int = 1) -> dict[str, Any]:
    """Child side: one `busy_coarse` world, `evaluate_programs` timed once (it is heavy at
    65,000), and the intervals' coverage of the true course effects."""
    del max_runs  # one run: the step takes minutes at 65,000
    seconds, summary, true = measure(employees, seed, Path(folder), REGIME, runs=1)
    return {"seconds": seconds, "coverage": interval_coverage(summary, true)}


def records(result: dict[str, Any], employees: int, settings: Settings) -> list[dict[str, Any]]:
    """Parent side: coverage, median width, bias, time and memory of one world."""
    found = result["coverage"]
    figures = {
        "coverage": figure(found["coverage"], "share of courses", target=COVERAGE_TARGETS),
        "median width": figure(found["median_width"], "levels"),
        "bias": figure(found["bias"], "levels"),
        "time": figure(result["seconds"], "s"),
        "peak memory": memory_figure(result["peak_rss_bytes"]),
    }
    parameters = {
        "employees": employees,
        "seed": settings.seed,
        "regime": REGIME,
        "courses judged": found["n_courses"],
        "courses with sufficient evidence": found["n_sufficient"],
        "step": "evaluate_programs; 95% level 3 intervals against the true course effects",
    }
    return [{"name": "program evaluation coverage", "parameters": parameters, "figures": figures}]


def measure(
    n_employees: int, seed: int, folder: Path, regime: str = "default", runs: int | None = None
) -> tuple[float, pd.DataFrame, pd.DataFrame]:
    """(median seconds, course summary, true course effects) of one world."""
    world = generate_world(n_employees, seed=seed, regime=regime)
    data, truth = folder / f"data_{n_employees}_{seed}", folder / f"truth_{n_employees}_{seed}"
    write_world(world, data, truth, fmt="parquet")
    del world
    tables = load_tables(data)
    as_of = pd.Timestamp(tables.snapshot_date())
    times: list[float] = []
    while len(times) < (runs or (3 if not times or times[0] < 60 else 1)):
        start = time.perf_counter()
        evaluations = evaluate_programs(tables, as_of)
        times.append(time.perf_counter() - start)
    true = pd.read_parquet(truth / COURSE_EFFECTS_FILE).assign(seed=seed)
    summary = evaluations.summaries["course"].assign(seed=seed)
    return statistics.median(times), summary, true


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("employees", nargs="*", type=int, default=[5000])
    parser.add_argument("--seeds", nargs="+", type=int, default=[20261128])
    parser.add_argument("--regime", default="default", help="default or busy_coarse")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        for n in args.employees:  # a few sizes
            pooled, truths = [], []
            for seed in args.seeds:  # a few worlds
                seconds, summary, true = measure(n, seed, Path(folder), args.regime)
                print(f"{n} employees, seed {seed}: evaluate_programs {seconds:.2f} s")
                print("\n".join(evaluation_truth_lines(compare_with_truth(summary, true))))
                print(f"  intervals against the truth: {interval_coverage(summary, true)}")
                pooled.append(summary.assign(course=summary["course"] + f"#{seed}"))
                truths.append(true.assign(course=true["course"] + f"#{seed}"))
            if len(args.seeds) > 1:
                figures = compare_with_truth(pd.concat(pooled), pd.concat(truths))
                print(f"\n{n} employees, {len(args.seeds)} worlds pooled:")
                print("\n".join(evaluation_truth_lines(figures)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
