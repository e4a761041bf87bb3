"""Nominations and decisions over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import numpy as np
import pytest

from features import columns as col
from service.decision_schemas import NominationSchema


def nominate(client, program_id, role="ani", headers=None, *, auth, **body):
    return client.post(
        f"/v1/programs/{program_id}/nominations",
        json=body,
        headers={**auth(role), **(headers or {})},
    )


def decide(client, nomination_id, *employee_ids, decision="approved", role="budi", auth):
    body = {"decisions": [{"employee_id": e, "decision": decision} for e in employee_ids]}
    return client.post(f"/v1/nominations/{nomination_id}/decisions", json=body, headers=auth(role))


def some_employees(engine, program_id, n):
    """`n` employees who may be offered the program (not taken, in its audience)."""
    p = engine.directory.program_code(program_id)
    e = np.arange(len(engine.state.employee_ids))
    e = e[engine.eligibility.offerable(e, np.full(len(e), p))]
    return [str(x) for x in engine.state.employee_ids[e[:n]]]


def test_explicit_list_keeps_the_exposure_record(store_client, engine, upcoming_program_id, auth):
    ids = some_employees(engine, upcoming_program_id, 3)
    response = nominate(store_client, upcoming_program_id, employee_ids=ids, note="Q1", auth=auth)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert NominationSchema().validate(body) == {}
    assert body["status"] == "draft" and body["created_by"] == "ani" and body["note"] == "Q1"
    assert body["model_version"] == engine.version
    assert [i["employee_id"] for i in body["items"]] == ids
    assert [i["rank"] for i in body["items"]] == [1, 2, 3]
    _, pred = engine.predict(
        engine.state.employee_ids.get_indexer(ids),
        np.full(3, engine.directory.program_code(upcoming_program_id)),
    )
    for item, score in zip(body["items"], pred["score"], strict=True):
        assert item["score"] == pytest.approx(float(score))
        assert 0 <= item["completion_probability"] <= 1 and item["reasons"]
        assert item["model_version"] == engine.version and item["decision"] is None
    again = store_client.get(f"/v1/nominations/{body['nomination_id']}", headers=auth())
    assert again.status_code == 200 and again.get_json() == body


def test_selection_body_nominates_the_selected(store_client, upcoming_program_id, auth):
    selection = {"seats": 4, "budget": 1e12}
    body = nominate(store_client, upcoming_program_id, selection=selection, auth=auth).get_json()
    chosen = store_client.post(
        f"/v1/programs/{upcoming_program_id}/participants", json=selection, headers=auth()
    ).get_json()["selected"]
    assert [i["employee_id"] for i in body["items"]] == [s["employee_id"] for s in chosen]
    assert body["budget"] == 1e12
    assert [i["score"] for i in body["items"]] == pytest.approx([s["score"] for s in chosen])


def test_idempotency_key_returns_the_first_answer(store_client, engine, upcoming_program_id, auth):
    ids = some_employees(engine, upcoming_program_id, 2)
    key = {"Idempotency-Key": "retry-1"}
    first = nominate(store_client, upcoming_program_id, headers=key, employee_ids=ids, auth=auth)
    second = nominate(store_client, upcoming_program_id, headers=key, employee_ids=ids, auth=auth)
    assert first.status_code == second.status_code == 201
    assert first.get_json() == second.get_json()
    listed = store_client.get(f"/v1/programs/{upcoming_program_id}/nominations", headers=auth())
    assert len(listed.get_json()["items"]) == 1
    other = nominate(
        store_client, upcoming_program_id, headers=key, employee_ids=ids[:1], auth=auth
    )
    assert other.status_code == 409 and "Idempotency-Key" in other.get_json()["error"]["details"]


def test_decisions_and_the_seat_rule(store_client, engine, upcoming_program_id, auth):
    capacity = int(engine.programs.loc[upcoming_program_id, col.CAPACITY])
    ids = some_employees(engine, upcoming_program_id, capacity + 1)
    nomination = nominate(store_client, upcoming_program_id, employee_ids=ids, auth=auth).get_json()
    refused = decide(store_client, nomination["nomination_id"], *ids, auth=auth)
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["code"] == "conflict" and set(error["details"]) == set(ids)
    assert all("no free seat" in why[0] for why in error["details"].values())
    ok = decide(store_client, nomination["nomination_id"], *ids[:capacity], auth=auth)
    assert ok.status_code == 200, ok.get_json()
    items = {i["employee_id"]: i for i in ok.get_json()["items"]}
    assert items[ids[0]]["decision"] == "approved" and items[ids[0]]["decided_by"] == "budi"
    rejected = decide(
        store_client, nomination["nomination_id"], ids[-1], decision="rejected", auth=auth
    )
    assert rejected.get_json()["status"] == "decided"


def test_errors(store_client, upcoming_program_id, employee_id, auth):
    assert nominate(store_client, "NOPE", employee_ids=[employee_id], auth=auth).status_code == 404
    unknown = nominate(store_client, upcoming_program_id, employee_ids=["NOPE"], auth=auth)
    assert unknown.status_code == 422  # not in the bundle: named with why
    assert unknown.get_json()["error"]["details"] == {"NOPE": ["not_in_bundle"]}
    neither = nominate(store_client, upcoming_program_id, note="x", auth=auth)
    assert neither.status_code == 422 and "employee_ids" in neither.get_json()["error"]["details"]
    twice = nominate(store_client, upcoming_program_id, employee_ids=[employee_id] * 2, auth=auth)
    assert twice.status_code == 422
    assert store_client.get("/v1/nominations/nope", headers=auth()).status_code == 404
    assert decide(store_client, "nope", employee_id, auth=auth).status_code == 404
    assert store_client.get("/v1/programs/NOPE/nominations", headers=auth()).status_code == 404
    forbidden = nominate(
        store_client, upcoming_program_id, role="system", employee_ids=["x"], auth=auth
    )
    assert forbidden.status_code == 403
    response = store_client.post(f"/v1/programs/{upcoming_program_id}/nominations", json={})
    assert response.status_code == 401


def test_deciding_an_employee_not_nominated_is_refused(
    store_client, engine, upcoming_program_id, auth
):
    ids = some_employees(engine, upcoming_program_id, 2)
    nomination = nominate(
        store_client, upcoming_program_id, employee_ids=ids[:1], auth=auth
    ).get_json()
    response = decide(store_client, nomination["nomination_id"], ids[1], auth=auth)
    assert response.status_code == 404
    assert response.get_json()["error"]["details"]["rows"] == [1]
    body = {"decisions": [{"employee_id": ids[0], "decision": d} for d in ("approved", "rejected")]}
    url = f"/v1/nominations/{nomination['nomination_id']}/decisions"
    twice = store_client.post(url, json=body, headers=auth())
    assert twice.status_code == 409 and list(twice.get_json()["error"]["details"]) == [ids[0]]
