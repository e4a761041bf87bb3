"""What learning from a sample of employees costs (`pipeline.sample`, issue 25): a learning
curve on one world.

The examples of a world are built once and split in time as `make train` splits them; for each
share, the train and validation periods keep only the decisions of a sample of employees drawn
unit by unit (`sampled_employees`, as the national training draws it), and the test period
stays whole, so every share is measured on the same test decisions. The train-only fit
(`fit_predictor`, the fit `make train` reports) is measured on them: NDCG@10 of the taken
programs, the risk model's AUC and ECE. Above 65,000 employees the national training learns
from 65,000 (a share of 0.065 at 1,000,000): where the curve is flat from a fraction of a
world on, the sample costs nothing measurable; where it still climbs, it says by how much.

    python -m bench.sample_cost --data-dir /tmp/w65/data --shares 0.1 0.25 0.5 1
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from features.loading import load_tables
from model.training.evaluation import test_period_metrics
from model.training.examples import Examples, build_examples
from model.training.fit import fit_predictor
from model.training.split import temporal_split
from pipeline.sample import sampled_employees

log = logging.getLogger("bench.sample_cost")


def of_sample(examples: Examples, kept: np.ndarray) -> Examples:
    return examples.subset(np.isin(examples.employee_id.astype(str), kept))


def learning_curve(data_dir: Path, shares: list[float], seed: int) -> list[dict[str, Any]]:
    tables = load_tables(data_dir)
    as_of = pd.Timestamp(tables.snapshot_date())
    started = time.perf_counter()
    whole = temporal_split(build_examples(tables, as_of, seed=seed), as_of)
    log.info("examples built and split in %.0f s", time.perf_counter() - started)
    rows = []
    for share in sorted(shares):
        kept = sampled_employees(tables.employees, share, seed)
        split = dataclasses.replace(
            whole, train=of_sample(whole.train, kept), validation=of_sample(whole.validation, kept)
        )
        started = time.perf_counter()
        metrics = test_period_metrics(fit_predictor(split, random_state=seed), split)
        rows.append({
            "share": share,
            "employees": len(kept),
            "train_rows": len(split.train.query),
            "fit_seconds": time.perf_counter() - started,
            "ndcg10_taken": metrics["ranking_taken"]["model"]["ndcg@10"],
            "ndcg10_taken_best_baseline": max(
                v["ndcg@10"] for k, v in metrics["ranking_taken"].items() if k != "model"
            ),
            "risk_auc": metrics["risk"]["model"]["auc"],
            "risk_ece": metrics["risk"]["model"]["ece"],
            "test_decisions": metrics["ranking_taken"]["model"]["queries"],
        })  # fmt: skip
        log.info("%s", rows[-1])
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    full = rows[-1]
    lines = ["share  employees  train rows  NDCG@10 taken (vs all)  risk AUC (vs all)  ECE"]
    for r in rows:
        lines.append(
            f"{r['share']:>5.3f} {r['employees']:>10,} {r['train_rows']:>11,}"
            f"   {r['ndcg10_taken']:.4f} ({r['ndcg10_taken'] / full['ndcg10_taken']:.3f})"
            f"        {r['risk_auc']:.4f} ({r['risk_auc'] / full['risk_auc']:.3f})"
            f"   {r['risk_ece']:.4f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sample_cost", description=__doc__)
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--shares", type=float, nargs="+", default=[0.1, 0.25, 0.5, 1.0])
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--out", default="bench/sample_cost_results.json")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    rows = learning_curve(args.data_dir, args.shares, args.seed)
    print(table(rows))
    Path(args.out).write_text(json.dumps(rows, indent=2, default=float) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
