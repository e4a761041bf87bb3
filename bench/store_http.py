"""Approvals per second over HTTP: 8 planners against gunicorn, on SQLite and PostgreSQL.

`python -m bench.store_http --artifacts-dir DIR` (`make bench-store`; without a folder a small
world is generated and trained first). Each client holds one keep-alive connection and
approves its own employees one decision call at a time, spread over the bundle's upcoming
programs (distinct employees, so every approval passes the rules and takes its program's seat
lock). Then all clients race for the seats of one more program. Checked against the store
and the audit log (`GET /v1/audit`): overbookings, and approvals answered but not logged
(lost) or logged twice (duplicated). PostgreSQL runs on a throwaway server as the tests start
it; skipped when not installed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.load import STALE
from bench.server import Server, gunicorn
from bench.store_approvals import run_together
from features import columns as col
from model.bundles.files import current_version
from model.bundles.serving import load_serving_bundle
from model.engine import Engine
from store.migrate import upgrade

NOMINATION_SIZE = 25


class Client:
    """One keep-alive connection with the admin token."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.conn = http.client.HTTPConnection(server.host, server.port, timeout=60)
        self.headers = {
            "Authorization": f"Bearer {server.token}",
            "Content-Type": "application/json",
        }

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        """One exchange; a keep-alive connection the server closed while idle is reopened and
        the call sent once more (decisions are idempotent: the same decision changes nothing)."""
        data = None if body is None else json.dumps(body).encode()
        try:
            self.conn.request(method, path, body=data, headers=self.headers)
            response = self.conn.getresponse()
        except STALE:
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=60)
            self.conn.request(method, path, body=data, headers=self.headers)
            response = self.conn.getresponse()
        return response.status, json.loads(response.read() or b"null")


def seat_plan(
    engine: Engine, clients: int
) -> tuple[list[list[tuple[str, list[str]]]], str, list[list[str]]]:
    """Per client, (program, employees) drafts filling the upcoming programs' seats; the race
    program (the smallest) and per client its racers."""
    programs = engine.programs.iloc[engine.upcoming]
    order = programs[col.CAPACITY].sort_values(kind="stable")
    race, race_seats = str(order.index[0]), int(order.iloc[0])
    employees = [str(e) for e in engine.state.employee_ids]
    racers = [employees[i * race_seats : (i + 1) * race_seats] for i in range(clients)]
    free = iter(employees[clients * race_seats :])
    drafts: list[tuple[str, list[str]]] = []
    for program, seats in order.iloc[1:].items():
        taken = [e for _, e in zip(range(int(seats)), free, strict=False)]
        drafts += [
            (str(program), taken[i : i + NOMINATION_SIZE])
            for i in range(0, len(taken), NOMINATION_SIZE)
        ]
    return [drafts[t::clients] for t in range(clients)], race, racers


def nominate(client: Client, program: str, ids: list[str]) -> list[tuple[str, str]]:
    status, body = client.call("POST", f"/v1/programs/{program}/nominations", {"employee_ids": ids})
    assert status == 201, body
    return [(body["nomination_id"], e) for e in ids]


def approve(client: Client, nomination_id: str, employee: str) -> int:
    body = {"decisions": [{"employee_id": employee, "decision": "approved"}]}
    return client.call("POST", f"/v1/nominations/{nomination_id}/decisions", body)[0]


Pairs = list[tuple[str, str]]  # (nomination_id, employee_id)


def measure(server: Server, engine: Engine, clients: int, seconds: float) -> dict[str, Any]:
    """Approvals per second, then the race, then the invariants."""
    plans, race, racers = seat_plan(engine, clients)
    setup = Client(server)
    work = [
        [pair for program, ids in plan for pair in nominate(setup, program, ids)] for plan in plans
    ]
    race_items = [nominate(setup, race, ids) for ids in racers]
    approved, other, elapsed = approve_all(server, work, seconds)
    won, _, _ = approve_all(server, race_items, float("inf"), stop_on_refusal=True)
    seats = int(engine.programs.loc[race, col.CAPACITY])
    return {
        "approvals_per_s": round(len(approved) / elapsed, 1),
        "approvals": len(approved),
        "other_answers": dict(other),
        "race_seats": seats,
        "race_won": len(won),
        **invariants(setup, race, seats, approved + won),
    }


def approve_all(
    server: Server, work: list[Pairs], seconds: float, stop_on_refusal: bool = False
) -> tuple[Pairs, Counter, float]:
    """One client per list, approving its items one call at a time until the time is up:
    (approved, other statuses, elapsed seconds)."""
    answered: list[Pairs] = [[] for _ in work]
    other: Counter = Counter()

    def client(t: int, barrier: threading.Barrier) -> None:
        own = Client(server)
        barrier.wait()
        deadline = time.perf_counter() + seconds
        for nomination_id, employee in work[t]:
            if time.perf_counter() >= deadline:
                return
            status = approve(own, nomination_id, employee)
            if status == 200:
                answered[t].append((nomination_id, employee))
                continue
            other[status] += 1
            if stop_on_refusal:
                return

    elapsed = run_together(client, len(work))
    return [pair for a in answered for pair in a], other, elapsed


def invariants(client: Client, race: str, seats: int, answered: Pairs) -> dict[str, int]:
    """Overbooked seats of the race program; approvals answered 200 but not in the audit log
    (lost), and logged twice or logged without a 200 (duplicated)."""
    _, listed = client.call("GET", f"/v1/programs/{race}/nominations")
    stored = sum(i["decision"] == "approved" for nom in listed["items"] for i in nom["items"])
    logged = audit_approvals(client)
    keys = {f"{nomination_id}/{employee}" for nomination_id, employee in answered}
    return {
        "overbooked": max(stored - seats, 0),
        "lost": sum(1 for key in keys if logged[key] == 0),
        "duplicated": sum(1 for key, n in logged.items() if n > 1 or key not in keys),
    }


def audit_approvals(client: Client) -> Counter:
    """How many `decision.approved` rows the audit log holds per nomination item."""
    found: Counter = Counter()
    cursor = None
    while True:
        path = "/v1/audit?limit=500" + (f"&cursor={cursor}" if cursor else "")
        status, page = client.call("GET", path)
        assert status == 200, page
        found.update(e["entity_id"] for e in page["items"] if e["action"] == "decision.approved")
        cursor = page["next_cursor"]
        if cursor is None:
            return found


def run(artifacts_dir: Path, root: Path, clients: int, seconds: float) -> dict[str, dict]:
    engine = Engine(load_serving_bundle(artifacts_dir / current_version(artifacts_dir)))
    results = {}
    sqlite = f"sqlite:///{root / 'http.sqlite3'}"
    upgrade(sqlite)
    with gunicorn(artifacts_dir, root / "gunicorn-sqlite.log", database_url=sqlite) as server:
        results["sqlite"] = measure(server, engine, clients, seconds)
    from tests.postgres_server import PostgresServer, postgres_bin_dir

    bin_dir = postgres_bin_dir()
    if bin_dir is not None:
        pg = PostgresServer(bin_dir)
        try:
            pg.start()
            upgrade(pg.url())
            with gunicorn(artifacts_dir, root / "gunicorn-pg.log", database_url=pg.url()) as server:
                results["postgresql"] = measure(server, engine, clients, seconds)
        finally:
            pg.remove()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--artifacts-dir", type=Path, default=None)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tna-store-http-") as tmp:
        root = Path(tmp)
        artifacts = args.artifacts_dir or _trained(root)
        results = run(artifacts, root, args.clients, args.seconds)
    for backend, figures in results.items():
        print(f"{backend:<11} " + "  ".join(f"{k}={v}" for k, v in figures.items()))
    return 0


def _trained(root: Path) -> Path:
    from features.demo import generate_world, write_world
    from model.training.train import train

    write_world(generate_world(2_000, seed=20261128), root / "data", root / "truth", fmt="csv")
    train(root / "data", root / "artifacts", truth_dir=root / "truth")
    return root / "artifacts"


if __name__ == "__main__":
    raise SystemExit(main())
