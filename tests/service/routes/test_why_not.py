"""POST /v1/programs/<id>/why-not: the participants body plus the employee asked about."""

from __future__ import annotations

from service.response_schemas import WhyNotSchema


def _why_not(client, program_id, role="planner", *, auth, **body):
    return client.post(f"/v1/programs/{program_id}/why-not", json=body, headers=auth(role))


def _select(client, program_id, *, auth, **body):
    return client.post(f"/v1/programs/{program_id}/participants", json=body, headers=auth())


def test_agrees_with_the_participants_answer(client, upcoming_program_id, auth):
    body = {"seats": 3, "waitlist_size": 2}
    chosen = _select(client, upcoming_program_id, **body, auth=auth).get_json()
    for outcome, items in [("selected", chosen["selected"]), ("waitlisted", chosen["waitlist"])]:
        for position, item in enumerate(items, start=1):
            answer = _why_not(
                client, upcoming_program_id, employee_id=item["employee_id"], **body, auth=auth
            )
            assert answer.status_code == 200, answer.get_json()
            result = answer.get_json()
            assert WhyNotSchema().validate(result) == {}
            assert (result["outcome"], result["position"]) == (outcome, position)
            assert result["employee"] == item
            assert result["eligible_count"] == chosen["summary"]["eligible"]
    if chosen["waitlist"]:
        waiting = chosen["waitlist"][0]["employee_id"]
        result = _why_not(
            client, upcoming_program_id, employee_id=waiting, **body, auth=auth
        ).get_json()
        assert result["left_out_because"] == "seat_limit"
        assert result["rank_among_eligible"] == len(chosen["selected"]) + 1


def test_not_eligible_is_answered_not_refused(client, leadership_case, auth):
    employee, program, _ = leadership_case
    result = _why_not(client, program, employee_id=employee, auth=auth).get_json()
    assert result["eligible"] is False and "outside_audience" in result["not_eligible_because"]
    assert result["outcome"] == "not_eligible" and result["employee"]["employee_id"] == employee


def test_errors(client, app, upcoming_program_id, employee_id, auth):
    url = f"/v1/programs/{upcoming_program_id}/why-not"
    assert client.post(url, json={"employee_id": employee_id}).status_code == 401
    assert (
        _why_not(
            client, upcoming_program_id, "system", employee_id=employee_id, auth=auth
        ).status_code
        == 403
    )
    assert _why_not(client, "NOPE", employee_id=employee_id, auth=auth).status_code == 404
    assert _why_not(client, upcoming_program_id, employee_id="NOPE", auth=auth).status_code == 404
    unknown_unit = _why_not(
        client, upcoming_program_id, employee_id=employee_id, unit_ids=["NOPE"], auth=auth
    )
    assert unknown_unit.status_code == 404
    missing = _why_not(client, upcoming_program_id, auth=auth)
    assert missing.status_code == 422 and "employee_id" in missing.get_json()["error"]["details"]
    bad = _why_not(client, upcoming_program_id, employee_id=employee_id, seats=-1, auth=auth)
    assert bad.status_code == 422 and "seats" in bad.get_json()["error"]["details"]
