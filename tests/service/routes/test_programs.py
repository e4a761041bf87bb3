"""POST /v1/programs/<id>/participants."""

from __future__ import annotations

from collections import Counter

from features import columns as col
from service.response_schemas import ParticipantsResponseSchema


def _select(client, program_id, *, auth, **body):
    return client.post(f"/v1/programs/{program_id}/participants", json=body, headers=auth())


def test_selection_respects_every_constraint(client, engine, upcoming_program_id, auth):
    cost = float(engine.programs.loc[upcoming_program_id, "cost"])
    body = {"seats": 12, "max_per_unit": 2, "min_completion_probability": 0.5}
    if cost > 0:
        body["budget"] = cost * 8
    response = _select(client, upcoming_program_id, **body, auth=auth)
    assert response.status_code == 200
    result = response.get_json()
    assert ParticipantsResponseSchema().validate(result) == {}
    selected = result["selected"]
    summary = result["summary"]
    assert len(selected) == summary["seats_filled"] <= (8 if cost > 0 else 12)
    assert summary["total_cost"] <= body.get("budget", float("inf")) + 1e-6
    per_unit = Counter(s["unit_id"] for s in selected)
    assert max(per_unit.values(), default=0) <= 2 and summary["count_by_unit"] == dict(per_unit)
    assert all(s["completion_probability"] >= 0.5 and s["reasons"] for s in selected)
    gains = [s["expected_gain"] for s in selected]
    assert (
        summary["expected_gain"] == sum(gains) or abs(summary["expected_gain"] - sum(gains)) < 1e-6
    )
    chosen = {s["employee_id"] for s in selected}
    assert not chosen & {w["employee_id"] for w in result["waitlist"]}


def test_unit_filter_and_exclusions(client, engine, upcoming_program_id, auth):
    unit = str(engine.unit_of[0])
    first = _select(client, upcoming_program_id, unit_ids=[unit], seats=3, auth=auth).get_json()
    assert all(s["unit_id"] == unit for s in first["selected"])
    if first["selected"]:
        excluded = first["selected"][0]["employee_id"]
        again = _select(client, upcoming_program_id, unit_ids=[unit], seats=3,
                        exclude_employee_ids=[excluded], auth=auth).get_json()  # fmt: skip
        assert "selected" in again, again
        assert excluded not in {s["employee_id"] for s in again["selected"]}


def test_seats_default_to_capacity(client, engine, upcoming_program_id, auth):
    capacity = int(engine.programs.loc[upcoming_program_id, "capacity"])
    summary = _select(client, upcoming_program_id, auth=auth).get_json()["summary"]
    assert summary["seats_filled"] <= capacity


def test_errors(client, upcoming_program_id, auth):
    assert _select(client, "NOPE", auth=auth).status_code == 404
    assert _select(client, upcoming_program_id, unit_ids=["NOPE"], auth=auth).status_code == 404
    bad = _select(client, upcoming_program_id, seats=-1, min_completion_probability=2, auth=auth)
    assert bad.status_code == 422
    assert {"seats", "min_completion_probability"} <= set(bad.get_json()["error"]["details"])
    assert _select(client, upcoming_program_id, colour="red", auth=auth).status_code == 422
    url = f"/v1/programs/{upcoming_program_id}/participants"
    assert client.post(url, json={}).status_code == 401
    assert client.post(url, json={}, headers=auth("system")).status_code == 403
    assert client.get(url, headers=auth()).status_code == 405


def test_booleans_are_json_booleans_only(client, upcoming_program_id, auth):
    """0, 1, "yes" and "on" are not booleans in a JSON body (marshmallow's default takes them):
    an HR system sending a count by mistake gets a field error, not a silent default."""
    for value in (0, 1, "yes", "on", "true"):
        for name in ("fill_without_gain", "include_outside_audience"):
            response = _select(client, upcoming_program_id, auth=auth, **{name: value})
            assert response.status_code == 422, (name, value)
            assert name in response.get_json()["error"]["details"]
    assert (
        _select(client, upcoming_program_id, auth=auth, fill_without_gain=True).status_code == 200
    )


def test_no_body_means_every_default(client, upcoming_program_id, auth):
    url = f"/v1/programs/{upcoming_program_id}/participants"
    bare = client.post(url, headers=auth())
    assert bare.status_code == 200
    assert bare.get_json() == _select(client, upcoming_program_id, auth=auth).get_json()


def test_numbers_beyond_any_program_are_422_not_500(client, upcoming_program_id, auth):
    for body in ({"seats": 10**400}, {"max_per_unit": 10**400}, {"budget": 1e308},
                 {"seats": 1_000_001}, {"budget": 1e16}):  # fmt: skip
        response = _select(client, upcoming_program_id, **body, auth=auth)
        assert response.status_code == 422, body
        assert set(body) <= set(response.get_json()["error"]["details"])


def test_oversized_body_is_413(client, upcoming_program_id, auth):
    body = b'{"unit_ids": [' + b" " * (3 * 1024 * 1024) + b"]}"
    response = client.post(
        f"/v1/programs/{upcoming_program_id}/participants",
        data=body,
        content_type="application/json",
        headers=auth(),
    )
    assert response.status_code == 413
    malformed = client.post(
        f"/v1/programs/{upcoming_program_id}/participants",
        data="{oops",
        content_type="application/json",
        headers=auth(),
    )
    assert malformed.status_code == 400


def test_only_the_program_s_audience_is_selected(client, engine, leadership_case, auth):
    _, program, audience = leadership_case
    result = _select(client, program, seats=50, auth=auth).get_json()
    assert ParticipantsResponseSchema().validate(result) == {}
    tiers = engine.state.employees["tier"].to_numpy()
    chosen = [engine.state.employee_ids.get_loc(s["employee_id"]) for s in result["selected"]]
    assert all(col.TIERS[tiers[e]] in audience for e in chosen)
    assert result["summary"]["outside_audience"] > 0


def test_a_planner_can_open_a_program_to_everyone(client, engine, leadership_case, auth):
    _, program, audience = leadership_case
    body = {"seats": 50, "include_outside_audience": True}
    result = _select(client, program, **body, auth=auth).get_json()
    restricted = _select(client, program, seats=50, auth=auth).get_json()["summary"]
    assert result["summary"]["eligible"] == restricted["eligible"] + restricted["outside_audience"]
    tiers = engine.state.employees["tier"].to_numpy()
    chosen = [engine.state.employee_ids.get_loc(s["employee_id"]) for s in result["selected"]]
    assert len(chosen) == 50 and not all(col.TIERS[tiers[e]] in audience for e in chosen)
