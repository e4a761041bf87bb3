"""A participant who leaves before the start frees the seat and the course, over HTTP, on
SQLite and PostgreSQL; after the start no seat is filled (docs/decision-store.md)."""

from __future__ import annotations

import numpy as np
import pytest

import store
from tests.service.routes.test_nominations import decide, nominate, some_employees


def leave(client, engine, employee_id: str, program_id: str, status: str, *, auth):
    row = {"employee_id": employee_id, "program_id": program_id,
           "enrolled_at": str(engine.state.as_of.date()), "status": status}  # fmt: skip
    return client.post("/v1/enrollments", json={"enrollments": [row]}, headers=auth("system"))


def free_seats(client, program_id: str, *, auth) -> int:
    listed = client.get("/v1/programs", headers=auth()).get_json()["items"]
    return next(i["free_seats"] for i in listed if i["program_id"] == program_id)


def why_not(client, program_id: str, employee_id: str, *, auth) -> list[str]:
    url = f"/v1/programs/{program_id}/why-not"
    answer = client.post(url, json={"employee_id": employee_id}, headers=auth())
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["not_eligible_because"]


@pytest.mark.parametrize("status", ["dropped", "no_show"])
def test_a_dropout_frees_the_seat_for_the_waitlist(
    store_client, engine, small_program, status, auth
):
    program_id, capacity = small_program
    ids = some_employees(engine, program_id, capacity + 2)
    draft = nominate(store_client, program_id, employee_ids=ids, auth=auth).get_json()[
        "nomination_id"
    ]
    assert decide(store_client, draft, *ids[:capacity], auth=auth).status_code == 200
    assert free_seats(store_client, program_id, auth=auth) == 0
    full = decide(store_client, draft, ids[capacity], auth=auth)
    assert full.status_code == 409
    assert full.get_json()["error"]["details"][ids[capacity]][0].startswith("no free seat")
    assert why_not(store_client, program_id, ids[0], auth=auth) == ["holds_course"]

    assert leave(store_client, engine, ids[0], program_id, status, auth=auth).status_code == 200
    assert free_seats(store_client, program_id, auth=auth) == 1
    # the course counts as not held: only this very session is closed to the leaver
    assert why_not(store_client, program_id, ids[0], auth=auth) == ["left_session"]
    again = decide(store_client, draft, ids[0], decision="approved", auth=auth)  # unchanged: no-op
    assert again.status_code == 200
    other = nominate(store_client, program_id, employee_ids=[ids[0]], auth=auth).get_json()
    refused = decide(store_client, other["nomination_id"], ids[0], auth=auth)
    assert refused.status_code == 409
    assert refused.get_json()["error"]["details"] == {ids[0]: [f"left this program: {status}"]}

    assert (
        decide(store_client, draft, ids[capacity], auth=auth).status_code == 200
    )  # the replacement
    assert free_seats(store_client, program_id, auth=auth) == 0
    assert decide(store_client, draft, ids[capacity + 1], auth=auth).status_code == 409


def test_no_seat_is_refilled_after_the_start(store_app, store_client, engine, small_program, auth):
    """A draft made before the snapshot moved past the program's start: its approvals are
    refused, whatever seats are free."""
    codes = np.arange(len(engine.programs))
    started = int(codes[engine.eligibility.has_started(codes)][0])
    program_id = str(engine.state.program_ids[started])
    ids = some_employees(engine, small_program[0], 1)
    made = store.create_nomination(
        store_app.extensions["tna_store"], program_id, [{"employee_id": ids[0]}], "ani", "v0"
    )
    refused = decide(store_client, made["nomination_id"], ids[0], auth=auth)
    assert refused.status_code == 409
    (why,) = refused.get_json()["error"]["details"][ids[0]]
    assert why.startswith("the program started on ") and why.endswith("no seat is filled after")
