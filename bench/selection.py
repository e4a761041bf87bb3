"""Benchmark 5b: participant selection for one program over a Jakarta-scale bundle.

Without a bundle trained on the large world (BENCH_FULL=1), the large world's serving
snapshot is built here and served with the small bundle's predictor: selection costs the
same (same features, same kind of model), and the parameters say which bundle was used.

Beside it, in the same run, the selection of a planner scoped to the largest dinas (issue 21):
the scope becomes the selection's `unit_ids` as the participants action does it
(`service.actions.scope.scoped_unit_ids`), so it should cost no more than the admin's.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from bench.inprocess import bare_prediction
from bench.measure import Target, Timing, child_time_figure, timed, timing_figure
from bench.settings import LARGE
from features import columns as col
from features.loading import load_tables
from model.bundles.serving import (
    ServingBundle,
    load_serving_bundle,
    serving_bundle,
    serving_snapshot,
)
from model.engine import Engine
from model.participants import choose_participants
from service.actions.actor import Actor
from service.actions.scope import scoped_unit_ids

TARGET = Target("<", 1.5, "s")
SCOPED_TARGET = Target("<=", 1.0, "x admin", on="ratio")


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
        **scoped_run(engine, program_id, max_runs),
        "time": timing.runs,
        "baseline": baseline.runs,
        "employees": len(everyone),
        "program_id": program_id,
        "eligible": summary["eligible"],
        "seats": int(capacity.max()),
    }


def scoped_run(engine: Engine, program_id: str, max_runs: int) -> dict[str, Any]:
    """The same selection for a planner scoped to the dinas (top unit) holding most employees,
    the scope turned into `unit_ids` on every call as the participants action does."""
    directory = engine.directory
    tops = [u for u in directory.units if directory.parent_unit(u) is None]
    dinas = max(sorted(tops), key=lambda u: len(directory.unit_members([u])))
    actor = Actor("bench-scoped-planner", "planner", (dinas,))

    def select() -> dict[str, Any]:
        unit_ids = scoped_unit_ids(actor, directory, None)
        return choose_participants(engine, program_id, unit_ids=unit_ids)

    select()  # warm-up (the scope's employee mask is cached per directory, as when serving)
    timing = timed(select, max_runs)
    return {"scoped_time": timing.runs, "scoped_unit": dinas,
            "scoped_eligible": select()["summary"]["eligible"]}  # fmt: skip


def widened(serving: ServingBundle, data_dir: str) -> ServingBundle:
    """`serving` with the snapshot of another world, every part of it (people, roles,
    sanctions, evaluations, next-position profiles too: the fairness floor's groups and the
    session rules read them); its predictor kept, its precomputed rankings dropped."""
    tables = load_tables(data_dir)
    snapshot = serving_snapshot(tables, pd.Timestamp(tables.snapshot_date()))
    version = f"{serving.version}+snapshot"
    return serving_bundle(version, serving.manifest, serving.predictor, snapshot)


def records(result: dict[str, Any], bundle_kind: str, world: int) -> list[dict[str, Any]]:
    """Parent side: the selection record; the target holds for a 65,000-employee world."""
    figures = {
        "time": child_time_figure(
            result,
            "bare prediction for every employee",
            TARGET if world == LARGE else None,
        ),
        # a scoped planner's selection against the admin's, timed in the same child
        "scoped_time": timing_figure(
            Timing(tuple(result["scoped_time"])),
            Timing(tuple(result["time"])),
            "the admin's selection (every unit)",
            SCOPED_TARGET,
        ),
    }
    parameters = {
        "world_employees": world,
        "employees_in_bundle": result["employees"],
        "bundle": bundle_kind,
        "program_id": result["program_id"],
        "seats": result["seats"],
        "eligible": result["eligible"],
        "scoped_unit": result["scoped_unit"],
        "scoped_eligible": result["scoped_eligible"],
    }
    return [{"name": "choose_participants", "parameters": parameters, "figures": figures}]
