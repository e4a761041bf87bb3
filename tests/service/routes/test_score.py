"""POST /v1/score: batch scoring for HR systems."""

from __future__ import annotations

import numpy as np

from service.response_schemas import ScoreResponseSchema


def test_results_come_in_order_with_per_pair_errors(client, engine, employee_id, auth):
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


def test_limits_and_validation(client, employee_id, auth):
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


def test_oversized_body_is_413(client, auth):
    body = b'{"pairs": [' + b" " * (3 * 1024 * 1024) + b"]}"
    response = client.post(
        "/v1/score", data=body, content_type="application/json", headers=auth("system")
    )
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"


def test_roles(client, auth):
    assert client.post("/v1/score", json={"pairs": []}).status_code == 401
    assert client.post("/v1/score", json={"pairs": []}, headers=auth("planner")).status_code == 403


def test_a_pair_outside_the_program_s_audience_is_scored_and_flagged(
    client, employee_id, leadership_case, auth
):
    employee, program, _ = leadership_case
    other = str(client.application.extensions["tna_holder"].engine.state.program_ids[0])
    pairs = [{"employee_id": employee, "program_id": program}]
    pairs.append({"employee_id": employee, "program_id": other})
    results = client.post("/v1/score", json={"pairs": pairs}, headers=auth("system")).get_json()
    first, second = results["results"]
    assert first["in_audience"] is False and 0 <= first["completion_probability"] <= 1
    assert isinstance(second["in_audience"], bool)


def test_pairs_carry_the_eligibility_flags(client, engine, employee_id, auth):
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


# ids made of control characters and lone surrogates, as schemathesis generates them
ODD_ID = "\u00d8\u0005\ud9a8\u001a\udd50\r\x00"


def test_odd_ids_are_unknown_pairs_and_a_body_over_the_limit_is_413(client, auth):
    """Any string is an id to the schema: odd ones are scored as unknown, echoed intact; a
    `pairs` list over maxItems whose body is also over MAX_CONTENT_LENGTH is refused with 413
    (the size is checked before the body is read), in the contract's error shape."""
    pair = {"employee_id": ODD_ID, "program_id": ODD_ID[::-1]}
    few = client.post("/v1/score", json={"pairs": [pair] * 3}, headers=auth("system"))
    assert few.status_code == 200
    results = few.get_json()["results"]
    assert [(r["employee_id"], r["program_id"]) for r in results] == [tuple(pair.values())] * 3
    assert all(r["error"]["code"] == "not_found" for r in results)
    big = {"employee_id": ODD_ID * 12, "program_id": ODD_ID * 12}
    many = client.post("/v1/score", json={"pairs": [big] * 10_001}, headers=auth("system"))
    assert many.status_code == 413
    assert many.get_json()["error"]["code"] == "payload_too_large"
