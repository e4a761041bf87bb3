"""Benchmark 5b: participant selection for one program over a Jakarta-scale bundle.

Without a bundle trained on the large world (BENCH_FULL=1), the large world's serving
snapshot is built here and served with the small bundle's predictor: selection costs the
same (same features, same kind of model), and the parameters say which bundle was used.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from bench.inprocess import bare_prediction
from bench.measure import Target, child_time_figure, timed
from bench.settings import LARGE
from features import columns as col
from features.loading import load_tables
from model.engine import Engine
from model.participants import choose_participants
from model.serving_bundle import (
    SNAPSHOT_PARTS,
    ServingBundle,
    load_serving_bundle,
    serving_snapshot,
)

TARGET = Target("<", 1.5, "s")


def run(bundle: str, data_dir: str | None, max_runs: int) -> dict[str, Any]:
    """Child side: time choose_participants for the largest upcoming program."""
    serving = load_serving_bundle(bundle)
    if data_dir is not None:
        serving = widened(serving, data_dir)
    engine = Engine(serving)
    capacity = engine.programs[col.CAPACITY].to_numpy()[engine.upcoming]
    p = int(engine.upcoming[np.argmax(capacity)])
    program_id = engine.state.program_ids[p]
    choose_participants(engine, program_id)  # warm-up
    timing = timed(lambda: choose_participants(engine, program_id), max_runs)
    everyone = np.arange(len(engine.state.employee_ids))
    baseline = timed(lambda: bare_prediction(engine, everyone, np.full(len(everyone), p)))
    summary = choose_participants(engine, program_id)["summary"]
    return {
        "time": timing.runs,
        "baseline": baseline.runs,
        "employees": len(everyone),
        "program_id": program_id,
        "eligible": summary["eligible"],
        "seats": int(capacity.max()),
    }


def widened(serving: ServingBundle, data_dir: str) -> ServingBundle:
    """`serving` with the snapshot of another world (its predictor kept)."""
    tables = load_tables(data_dir)
    snapshot = serving_snapshot(tables, pd.Timestamp(tables.snapshot_date()))
    parts = {name: snapshot[name] for name in SNAPSHOT_PARTS}
    return dataclasses.replace(serving, version=f"{serving.version}+snapshot", **parts)


def records(result: dict[str, Any], bundle_kind: str, world: int) -> list[dict[str, Any]]:
    """Parent side: the selection record; the target holds for a 65,000-employee world."""
    figures = {
        "time": child_time_figure(
            result,
            "bare prediction for every employee",
            TARGET if world == LARGE else None,
        )
    }
    parameters = {
        "world_employees": world,
        "employees_in_bundle": result["employees"],
        "bundle": bundle_kind,
        "program_id": result["program_id"],
        "seats": result["seats"],
        "eligible": result["eligible"],
    }
    return [{"name": "choose_participants", "parameters": parameters, "figures": figures}]
