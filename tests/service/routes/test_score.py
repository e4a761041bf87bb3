"""POST /v1/score: batch scoring for HR systems."""

from __future__ import annotations

import numpy as np

from service.response_schemas import ScoreResponseSchema
from tests.service.conftest import auth


def test_results_come_in_order_with_per_pair_errors(client, engine, employee_id):
    programs = list(engine.state.program_ids[engine.upcoming[:3]])
    pairs = [{"employee_id": employee_id, "program_id": p} for p in programs]
    pairs.insert(1, {"employee_id": "NOPE", "program_id": programs[0]})
    pairs.append({"employee_id": employee_id, "program_id": "NOPE"})
    response = client.post("/v1/score", json={"pairs": pairs}, headers=auth("system"))
    assert response.status_code == 200
    body = response.get_json()
    assert ScoreResponseSchema().validate(body) == {}
    results = body["results"]
    assert [(r["employee_id"], r["program_id"]) for r in results] == [
        (p["employee_id"], p["program_id"]) for p in pairs
    ]
    assert results[1]["error"]["code"] == "not_found" and "score" not in results[1]
    assert "program" in results[-1]["error"]["message"]
    ok = [r for i, r in enumerate(results) if i not in (1, len(results) - 1)]
    assert all(0 <= r["completion_probability"] <= 1 for r in ok)
    # the same pair scored alone gives the same answer: no batch effects
    alone = client.post("/v1/score", json={"pairs": pairs[:1]}, headers=auth("system"))
    assert alone.get_json()["results"][0]["score"] == results[0]["score"]


def test_limits_and_validation(client, employee_id):
    too_many = [{"employee_id": employee_id, "program_id": "X"}] * 10_001
    response = client.post("/v1/score", json={"pairs": too_many}, headers=auth("system"))
    assert response.status_code == 422 and "pairs" in response.get_json()["error"]["details"]
    bad = client.post("/v1/score", json={"pairs": [{"employee_id": "A"}]}, headers=auth("system"))
    assert bad.status_code == 422
    extra = client.post("/v1/score", json={"pairs": [], "x": 1}, headers=auth("system"))
    assert extra.status_code == 422
    malformed = client.post(
        "/v1/score", data="{not json", content_type="application/json", headers=auth("system")
    )
    assert malformed.status_code == 400
    assert malformed.get_json()["error"]["code"] == "bad_request"


def test_oversized_body_is_413(client):
    body = b'{"pairs": [' + b" " * (3 * 1024 * 1024) + b"]}"
    response = client.post(
        "/v1/score", data=body, content_type="application/json", headers=auth("system")
    )
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"


def test_roles(client):
    assert client.post("/v1/score", json={"pairs": []}).status_code == 401
    assert client.post("/v1/score", json={"pairs": []}, headers=auth("planner")).status_code == 403


def test_a_pair_outside_the_program_s_audience_is_scored_and_flagged(
    client, employee_id, leadership_case
):
    employee, program, _ = leadership_case
    other = str(client.application.extensions["tna_holder"].engine.state.program_ids[0])
    pairs = [{"employee_id": employee, "program_id": program}]
    pairs.append({"employee_id": employee, "program_id": other})
    results = client.post("/v1/score", json={"pairs": pairs}, headers=auth("system")).get_json()
    first, second = results["results"]
    assert first["in_audience"] is False and 0 <= first["completion_probability"] <= 1
    assert isinstance(second["in_audience"], bool)


def test_pairs_carry_the_eligibility_flags(client, engine, employee_id):
    started = int(np.flatnonzero(~np.isin(np.arange(len(engine.programs)), engine.upcoming))[0])
    programs = [engine.state.program_ids[started], engine.state.program_ids[engine.upcoming[0]]]
    pairs = [{"employee_id": employee_id, "program_id": str(p)} for p in programs]
    body = client.post("/v1/score", json={"pairs": pairs}, headers=auth("system")).get_json()
    assert ScoreResponseSchema().validate(body) == {}
    past, upcoming = body["results"]
    assert past["program_started"] is True and upcoming["program_started"] is False
    for result in (past, upcoming):
        assert isinstance(result["course_completed"], bool)
        assert isinstance(result["enrolled"], bool)
