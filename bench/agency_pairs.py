"""Pairs per employee under the agency rule (`programs.open_to_agency`) as the country grows:
national worlds of growing size, agencies in proportion, scored as `make score-all` scores
them, in process (docs/national.md, "Sessions open to one agency").

    python -m bench.agency_pairs --model artifacts/<version> --sizes 20000:4 80000:16

`--model` is any trained bundle: its predictor scores the pairs (the pair features do not
depend on whose world it was trained on); each world's snapshot is built here as `make train`
builds it (`serving_snapshot`), so no training runs. For each size it reports the upcoming
programs, the pairs the rule forms (`candidate`), the whole product they replace, the
offerable pairs, and the time of score-all's work over every employee (tasks of
`pipeline.score_all.TASK_EMPLOYEES`, one process), per employee and per pair, in CPU time of
this process (the machine is shared). `--sample N` also scores the first N employees of each
world with the column removed (the full product, as before the rule).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd

from features import columns as col
from features.demo.national import write_national
from features.loading import load_tables
from model.bundles.serving import load_serving_bundle, serving_bundle, serving_snapshot
from model.engine import Engine
from model.precomputed import ranked_pairs
from pipeline.score_all import TASK_EMPLOYEES


def measure(engine: Engine, e: np.ndarray, task_employees: int = TASK_EMPLOYEES) -> dict:
    """Score-all's work over the employee codes `e`, task by task: pairs, wall and CPU
    seconds (this process's CPU: the machine is shared, its wall clock is not ours)."""
    upcoming = engine.upcoming
    candidate = int(engine.eligibility.agency.pair_counts(e, upcoming).sum())
    started, cpu = time.perf_counter(), time.process_time()
    offerable = 0
    for start in range(0, len(e), task_employees):
        recs, _ = ranked_pairs(engine, e[start : start + task_employees])
        offerable += int(recs.groupby(col.EMPLOYEE_ID)["eligible"].first().sum())
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    n = len(e)
    return {
        "employees_scored": n,
        "candidate_pairs": candidate,
        "candidate_per_employee": round(candidate / n, 1),
        "offerable_pairs": offerable,
        "score_all_seconds": round(seconds, 1),
        "score_all_cpu_seconds": round(cpu, 1),
        "cpu_ms_per_employee": round(1000 * cpu / n, 3),
        "cpu_us_per_pair": round(1e6 * cpu / max(candidate, 1), 2),
    }


def run(model: Path, sizes: list[tuple[int, int]], workdir: Path, sample: int) -> list:
    predictor = load_serving_bundle(model).predictor
    rows = []
    for employees, agencies in sizes:
        data = workdir / f"n{employees}_a{agencies}"
        started = time.perf_counter()
        if not (data / "data" / "agencies.csv").is_file():
            write_national(data / "data", data / "truth", employees, agencies, seed=5)
        generated = time.perf_counter() - started
        tables = load_tables(data / "data")
        snapshot = serving_snapshot(tables, pd.Timestamp(tables.snapshot_date()))
        bundle = serving_bundle(f"bench-{employees}", {}, predictor, snapshot)
        engine = Engine(bundle)
        n = len(engine.state.employee_ids)
        row = {"employees": n, "agencies": agencies, "upcoming_programs": len(engine.upcoming),
               "product_pairs": n * len(engine.upcoming), "generate_seconds": round(generated, 1),
               **measure(engine, np.arange(n)), "load_average": os.getloadavg()[0]}  # fmt: skip
        if sample:  # today's full product, on the first `sample` employees only
            plain = bundle.programs.drop(columns=col.OPEN_TO_AGENCY)
            before = Engine(dataclasses.replace(bundle, programs=plain))
            row["without_rule_sample"] = measure(before, np.arange(min(sample, n)))
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, required=True, help="a trained bundle's folder")
    parser.add_argument("--sizes", nargs="+", default=["20000:4", "80000:16"],
                        help="employees:agencies, one world each")  # fmt: skip
    parser.add_argument("--workdir", type=Path, default=Path("bench/agency_worlds"))
    parser.add_argument(
        "--sample",
        type=int,
        default=2000,
        help="employees scored without the rule (the full product), per size",
    )
    parser.add_argument("--out", type=Path, default=Path("bench/agency_pairs_results.json"))
    args = parser.parse_args()
    sizes = [tuple(int(x) for x in size.split(":")) for size in args.sizes]
    rows = run(args.model, sizes, args.workdir, args.sample)  # type: ignore[arg-type]
    args.out.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
