"""The race of issue 18 over HTTP: gunicorn (2 workers x 4 threads) on SQLite and on a real
PostgreSQL server, 20 rounds of 26 concurrent approvals, each of one employee of ONE
nomination, for an upcoming program of 20 seats. Never more approved than seats: neither in
the answers nor in the store.

Each round drafts a new nomination of the same 26 employees and ends by rejecting whoever was
approved, so every round starts with 20 free seats. Servers and clients as `bench.store_http`.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest

from bench.server import gunicorn
from bench.store_http import Client
from features import columns as col

ROUNDS = 20
RACERS = 26
SEATS = 20


@pytest.fixture
def served(trained, db_url, tmp_path):
    """gunicorn over the session's bundle and a fresh, migrated store of `backend`."""
    with gunicorn(trained.path.parent, tmp_path / "gunicorn.log", database_url=db_url) as server:
        yield server


def program_and_racers(client: Client, engine) -> tuple[str, list[str]]:
    """An upcoming program of 20 seats with at least 26 employees the engine recommends."""
    for program_id in engine.state.program_ids[engine.upcoming]:
        if int(engine.programs.loc[program_id, col.CAPACITY]) != SEATS:
            continue
        status, chosen = client.call(
            "POST", f"/v1/programs/{program_id}/participants", {"seats": RACERS}
        )
        assert status == 200, chosen
        ids = [row["employee_id"] for row in chosen["selected"] + chosen["waitlist"]]
        if len(ids) >= RACERS:
            return str(program_id), ids[:RACERS]
    raise AssertionError("no upcoming program of 20 seats with 26 candidates")


def one_round(clients: list[Client], program_id: str, ids: list[str]) -> tuple[int, int, Counter]:
    """(approved answers, approved in the store, every answer's status) of one round."""
    status, draft = clients[0].call(
        "POST", f"/v1/programs/{program_id}/nominations", {"employee_ids": ids}
    )
    assert status == 201, draft
    path = f"/v1/nominations/{draft['nomination_id']}/decisions"
    barrier = threading.Barrier(len(ids))
    statuses = [0] * len(ids)

    def approve(i: int) -> None:
        body = {"decisions": [{"employee_id": ids[i], "decision": "approved"}]}
        barrier.wait()
        statuses[i] = clients[i].call("POST", path, body)[0]

    threads = [threading.Thread(target=approve, args=(i,)) for i in range(len(ids))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    status, listed = clients[0].call("GET", f"/v1/programs/{program_id}/nominations")
    assert status == 200, listed
    stored = [i for n in listed["items"] for i in n["items"] if i["decision"] == "approved"]
    if stored:  # the next round starts with every seat free
        reject = [{"employee_id": i["employee_id"], "decision": "rejected"} for i in stored]
        status, body = clients[0].call("POST", path, {"decisions": reject})
        assert status == 200, body
    return statuses.count(200), len(stored), Counter(statuses)


@pytest.mark.slow
def test_concurrent_approvals_of_one_nomination_never_overbook(served, engine, backend):
    clients = [Client(served) for _ in range(RACERS)]
    try:
        program_id, ids = program_and_racers(clients[0], engine)
        rounds = [one_round(clients, program_id, ids) for _ in range(ROUNDS)]
    finally:
        for client in clients:
            client.conn.close()
    figures = [(answered, stored) for answered, stored, _ in rounds]
    print(f"{backend}: (approved answers, approved stored) per round for {SEATS} seats: {figures}")
    assert all(answered == stored <= SEATS for answered, stored in figures), figures
    statuses = sum((c for _, _, c in rounds), Counter())
    assert set(statuses) <= {200, 409}, statuses
    assert statuses[200] == ROUNDS * SEATS, statuses  # every free seat was taken, once
