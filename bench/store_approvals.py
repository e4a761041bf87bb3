"""Approvals per second with 8 concurrent planners, directly on the decision store.

`python -m bench.store_approvals [--seconds 10] [--threads 8]`: on SQLite (a temporary file)
and on PostgreSQL (a throwaway server, as the tests start it; skipped if not installed).
Every thread approves its own employees one decision call at a time, all on one program, so
every approval takes the program's seat lock. Then a race for 50 seats checks the invariants:
overbookings 0, and lost or duplicated decisions 0, counted against the audit log.
Not part of `make bench` yet: the HTTP figures of issue 10 come with the routes.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine

from store import ConflictError, audit_page, create_nomination, decide, live_state, make_db
from store.migrate import upgrade
from store.rules import ProgramFacts

PROGRAMS = {
    "OPEN": ProgramFacts(10**6, 1_000_000.0, date(2027, 3, 1), 24, "open"),
    "RACE": ProgramFacts(50, 1_000_000.0, date(2027, 6, 7), 24, "race"),
}


def _nominations(
    db: Engine, program_id: str, threads: int, per_thread: int, tag: str, size: int = 25
) -> list[list[str]]:
    """Per thread, nominations of `size` employees (a realistic draft), `per_thread` in all."""
    return [
        [
            create_nomination(
                db,
                program_id,
                [
                    {"employee_id": f"{tag}{t}-{i}", "rank": i - start + 1}
                    for i in range(start, min(start + size, per_thread))
                ],
                f"planner{t}",
                "bench",
            )["nomination_id"]
            for start in range(0, per_thread, size)
        ]
        for t in range(threads)
    ]


def run_together(target, threads: int) -> float:
    """Start `threads` threads of `target(t, barrier)` at one barrier; seconds until all end."""
    barrier = threading.Barrier(threads + 1)
    workers = [threading.Thread(target=target, args=(t, barrier)) for t in range(threads)]
    for w in workers:
        w.start()
    barrier.wait()
    started = time.perf_counter()
    for w in workers:
        w.join()
    return time.perf_counter() - started


def approvals_per_second(db: Engine, threads: int, seconds: float) -> tuple[float, int]:
    per_thread = 1_000
    nominations = _nominations(db, "OPEN", threads, per_thread, "E")
    counts = [0] * threads

    def work(t: int, barrier: threading.Barrier) -> None:
        barrier.wait()
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline and counts[t] < per_thread:
            employee = {"employee_id": f"E{t}-{counts[t]}", "decision": "approved"}
            decide(db, nominations[t][counts[t] // 25], [employee], f"planner{t}", PROGRAMS)
            counts[t] += 1

    elapsed = run_together(work, threads)
    return sum(counts) / elapsed, sum(counts)


def race_for_seats(db: Engine, threads: int) -> dict[str, int]:
    nominations = _nominations(db, "RACE", threads, 20, "R")
    approved = [0] * threads

    def work(t: int, barrier: threading.Barrier) -> None:
        barrier.wait()
        for i in range(20):
            try:
                employee = {"employee_id": f"R{t}-{i}", "decision": "approved"}
                decide(db, nominations[t][0], [employee], f"planner{t}", PROGRAMS)
                approved[t] += 1
            except ConflictError:
                return

    run_together(work, threads)
    state = live_state(db)
    stored = int((state.approved["program_id"] == "RACE").sum())
    audited, cursor = [], None
    while True:
        page = audit_page(db, limit=500, cursor=cursor)
        audited += [e for e in page["items"] if e["action"] == "decision.approved"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    race_audited = {e["entity_id"] for e in audited if e["entity_id"].split("/")[1][0] == "R"}
    return {
        "seats": PROGRAMS["RACE"].capacity,
        "approved": sum(approved),
        "overbooked": max(stored - PROGRAMS["RACE"].capacity, 0),
        "lost_or_duplicated": abs(len(race_audited) - stored) + abs(sum(approved) - stored),
    }


def measure(url: str, threads: int, seconds: float) -> dict[str, float]:
    upgrade(url)
    db = make_db(url, pool_size=threads + 2)
    try:
        rate, n = approvals_per_second(db, threads, seconds)
        return {
            "approvals_per_s": round(rate, 1),
            "approvals": n,
            **race_for_seats(db, threads),
        }
    finally:
        db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    from tests.postgres_server import PostgresServer, postgres_bin_dir

    with tempfile.TemporaryDirectory(prefix="tna-store-bench-") as tmp:
        results = {
            "sqlite": measure(f"sqlite:///{Path(tmp) / 'b.sqlite3'}", args.threads, args.seconds)
        }
        bin_dir = postgres_bin_dir()
        if bin_dir is not None:
            server = PostgresServer(bin_dir)
            try:
                server.start()
                results["postgresql"] = measure(server.url(), args.threads, args.seconds)
            finally:
                server.remove()
    for backend, figures in results.items():
        print(f"{backend:<11} " + "  ".join(f"{k}={v}" for k, v in figures.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
