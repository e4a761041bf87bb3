"""Benchmark 5d: what the decision store's live state adds to a recommendation and to a
selection over the large world, as a ratio to the same call without the store.

A migrated SQLite store holds a realistic live state (thousands of enrolments, approved
nominations). The service's cache (`service.decision_store.LiveCache`) is asked on every
call, as the routes do: one generation lookup while nothing changed. Calls with and without
the store are interleaved, so both see the same machine. The cold cost (the first call after a
write: the rows read again and turned into codes) is reported beside.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.measure import Target, figure
from bench.selection import widened
from bench.settings import LARGE
from features import columns as col
from model.bundles.serving import load_serving_bundle
from model.engine import Engine
from model.participants import choose_participants
from service.decision_store import LiveCache, program_facts
from store import create_nomination, decide, make_db, upsert_enrollments
from store.migrate import upgrade

TARGET = Target("<=", 1.2, on="ratio")
ENROLMENTS = 5_000
STATUSES = np.array(["in_progress", "completed", "dropped", "failed"])


def run(bundle: str, data_dir: str | None, sample: int, seed: int, max_runs: int) -> dict[str, Any]:
    small = Engine(load_serving_bundle(bundle))
    large = Engine(widened(load_serving_bundle(bundle), data_dir)) if data_dir else small
    rng = np.random.default_rng(seed)
    with tempfile.TemporaryDirectory(prefix="tna-live-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'tna.sqlite3'}"
        upgrade(url)
        store = make_db(url)
        fill(store, small, large, rng)
        result = {
            "recommend": recommend_costs(small, LiveCache(store), rng, sample),
            "selection": selection_costs(large, LiveCache(store), max(max_runs, 9)),
            "employees": len(large.state.employee_ids),
            "enrolments": 2 * ENROLMENTS,
        }
        store.dispose()
    return result


def fill(store, small: Engine, large: Engine, rng: np.random.Generator) -> None:
    """Enrolments of random upcoming pairs in both worlds, and approved nominations."""
    for engine in [small] if large is small else [small, large]:
        e = rng.choice(len(engine.state.employee_ids), ENROLMENTS)
        p = rng.choice(engine.upcoming, ENROLMENTS)
        pairs = {(int(a), int(b)) for a, b in zip(e, p, strict=True)}
        rows = [
            {"employee_id": engine.state.employee_ids[a], "program_id": engine.state.program_ids[b],
             "enrolled_at": "2026-12-01", "status": str(rng.choice(STATUSES))}
            for a, b in pairs
        ]  # fmt: skip
        upsert_enrollments(store, rows, "bench")
    facts = program_facts(small)
    for program in small.state.program_ids[small.upcoming[:20]]:
        cap = facts[program].capacity
        ids = [
            str(x)
            for x in small.state.employee_ids[
                rng.choice(len(small.state.employee_ids), cap, replace=False)
            ]
        ]
        nomination = create_nomination(
            store, program, [{"employee_id": i} for i in ids], "bench", "v"
        )
        wanted = [{"employee_id": i, "decision": "approved"} for i in ids[: cap // 2]]
        try:
            decide(store, nomination["nomination_id"], wanted, "bench", facts)
        except Exception:  # an employee already approved for an overlapping session
            continue


def _ms(step) -> float:
    started = time.perf_counter()
    step()
    return (time.perf_counter() - started) * 1000


def recommend_costs(engine: Engine, cache: LiveCache, rng, sample: int) -> dict[str, Any]:
    ids = [str(x) for x in rng.choice(engine.state.employee_ids, sample, replace=False)]
    cache.get(engine)
    for employee in ids[:5]:  # warm-up
        engine.recommend(employee, k=10, live=cache.get(engine))
    plain, live = [], []
    for employee in ids:
        plain.append(_ms(lambda e=employee: engine.recommend(e, k=10)))
        live.append(_ms(lambda e=employee: engine.recommend(e, k=10, live=cache.get(engine))))
    cache.invalidate()
    cold = _ms(lambda: cache.get(engine))
    return {"plain_ms": float(np.median(plain)), "live_ms": float(np.median(live)),
            "cold_ms": cold}  # fmt: skip


def selection_costs(engine: Engine, cache: LiveCache, runs: int) -> dict[str, Any]:
    capacity = engine.programs[col.CAPACITY].to_numpy()[engine.upcoming]
    program = str(engine.state.program_ids[engine.upcoming[int(np.argmax(capacity))]])
    choose_participants(engine, program, live=cache.get(engine))  # warm-up
    plain, live = [], []
    for _ in range(runs):
        plain.append(_ms(lambda: choose_participants(engine, program)))
        live.append(_ms(lambda: choose_participants(engine, program, live=cache.get(engine))))
    cache.invalidate()
    cold = _ms(lambda: cache.get(engine))
    return {"plain_ms": float(np.median(plain)), "live_ms": float(np.median(live)),
            "cold_ms": cold, "program_id": program}  # fmt: skip


def records(result: dict[str, Any], world: int) -> list[dict[str, Any]]:
    """Parent side: the two ratios (the selection's target holds at 65,000 employees)."""
    rec, sel = result["recommend"], result["selection"]
    figures = {
        "recommendation p50": figure(
            rec["live_ms"], "ms", rec["plain_ms"], "the same call without the store", TARGET
        ),
        "selection": figure(
            sel["live_ms"], "ms", sel["plain_ms"], "the same call without the store",
            TARGET if world == LARGE else None,
        ),
        "first call after a write (recommendation)": figure(rec["cold_ms"], "ms"),
        "first call after a write (selection world)": figure(sel["cold_ms"], "ms"),
    }  # fmt: skip
    parameters = {"world_employees": result["employees"], "stored_enrolments": result["enrolments"],
                  "program_id": sel["program_id"]}  # fmt: skip
    return [{"name": "live state cost", "parameters": parameters, "figures": figures}]
