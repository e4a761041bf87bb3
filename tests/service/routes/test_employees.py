"""GET /v1/employees/<id>/gaps and /recommendations."""

from __future__ import annotations

import pytest

from service.response_schemas import GapProfileSchema, RecommendationListSchema


def test_gap_profile_has_the_contract_fields(client, employee_id, auth):
    response = client.get(f"/v1/employees/{employee_id}/gaps", headers=auth())
    assert response.status_code == 200
    body = response.get_json()
    assert GapProfileSchema().validate(body) == {}
    assert body["employee_id"] == employee_id and body["competencies"]
    assert body["model_version"] == client.application.extensions["tna_holder"].engine.version
    for item in body["competencies"]:
        assert {"required_level", "current_level", "gap", "confidence", "last_evaluated_at"} <= set(
            item
        )
        assert item["gap"] == pytest.approx(
            max(0.0, item["required_level"] - item["current_level"])
        )
    assert "jp_this_year" in body


def test_a_competency_never_evaluated_has_no_date(client, engine, auth):
    profiles = engine.bundle.profiles
    employee = profiles.loc[profiles["n_evaluations"] == 0, "employee_id"].iloc[0]
    body = client.get(f"/v1/employees/{employee}/gaps", headers=auth()).get_json()
    unseen = [c for c in body["competencies"] if c["n_evaluations"] == 0]
    assert unseen and all(c["last_evaluated_at"] is None for c in unseen)
    assert all(c["confidence"] == 0.0 for c in unseen)
    seen = [c for c in body["competencies"] if c["n_evaluations"] > 0]
    assert all(len(c["last_evaluated_at"]) == 10 for c in seen)


def test_recommendations_are_ordered_and_explained(client, employee_id, engine, auth):
    response = client.get(f"/v1/employees/{employee_id}/recommendations?k=5", headers=auth())
    assert response.status_code == 200
    body = response.get_json()
    assert RecommendationListSchema().validate(body) == {}
    items = body["items"]
    assert 0 < len(items) <= 5
    scores = [item["score"] for item in items]
    assert scores == sorted(scores, reverse=True)
    upcoming = set(engine.state.program_ids[engine.upcoming])
    for item in items:
        assert item["program_id"] in upcoming
        assert 0.0 <= item["completion_probability"] <= 1.0
        assert item["expected_gain"] >= 0.0 and item["reasons"]
    assert any(item["covered_gaps"] for item in items)
    courses = [
        engine.state.course_codes[engine.state.program_ids.get_loc(i["program_id"])] for i in items
    ]
    assert len(set(courses)) == len(courses)  # one session per course


def test_recommendation_filters(client, employee_id, auth):
    url = f"/v1/employees/{employee_id}/recommendations?k=100&method=e_learning&max_cost=500000"
    items = client.get(url, headers=auth()).get_json()["items"]
    assert all(i["method"] == "e_learning" and i["cost"] <= 500_000 for i in items)


def test_completed_courses_are_left_out(client, engine, auth):
    state = engine.state
    completed = state.completed_courses
    e = int(completed[0] // state.n_courses)
    course = int(completed[0] % state.n_courses)
    employee = state.employee_ids[e]
    items = client.get(f"/v1/employees/{employee}/recommendations?k=100", headers=auth()).get_json()
    codes = [state.course_codes[state.program_ids.get_loc(i["program_id"])] for i in items["items"]]
    assert course not in codes


def test_empty_filters_mean_no_filter(client, employee_id, auth):
    url = f"/v1/employees/{employee_id}/recommendations"
    plain = client.get(f"{url}?k=10", headers=auth()).get_json()
    empty = client.get(f"{url}?k=10&method=&max_cost=", headers=auth())
    assert empty.status_code == 200 and empty.get_json() == plain


@pytest.mark.parametrize(
    "query, field",
    [("k=0", "k"), ("k=101", "k"), ("k=abc", "k"), ("method=webinar", "method"),
     ("max_cost=-1", "max_cost"), ("colour=red", "colour")],
)  # fmt: skip
def test_bad_query_is_422_with_field_errors(client, employee_id, query, field, auth):
    response = client.get(f"/v1/employees/{employee_id}/recommendations?{query}", headers=auth())
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_error" and field in error["details"]


@pytest.mark.parametrize("route", ["gaps", "recommendations"])
def test_unknown_employee_is_404(client, route, auth):
    response = client.get(f"/v1/employees/NOPE/{route}", headers=auth())
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("route", ["gaps", "recommendations"])
def test_auth(client, employee_id, route, auth):
    url = f"/v1/employees/{employee_id}/{route}"
    assert client.get(url).status_code == 401
    assert client.get(url, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get(url, headers={"Authorization": "Basic abc"}).status_code == 401
    assert client.get(url, headers=auth("system")).status_code == 403
    assert client.get(url, headers=auth("admin")).status_code == 200


def test_programs_for_other_positions_are_left_out(client, engine, leadership_case, auth):
    employee, program, _ = leadership_case
    url = f"/v1/employees/{employee}/recommendations?k=100"
    items = client.get(url, headers=auth()).get_json()["items"]
    assert items and program not in {i["program_id"] for i in items}
    codes = [engine.state.program_ids.get_loc(i["program_id"]) for i in items]
    e = engine.state.employee_ids.get_loc(employee)
    assert engine.in_audience([e] * len(codes), codes).all()


def test_programs_for_other_positions_can_be_asked_for(client, engine, leadership_case, auth):
    employee, _, _ = leadership_case
    url = f"/v1/employees/{employee}/recommendations?k=100&include_outside_audience=true"
    items = client.get(url, headers=auth()).get_json()["items"]
    e = engine.state.employee_ids.get_loc(employee)
    codes = [engine.state.program_ids.get_loc(i["program_id"]) for i in items]
    assert not engine.in_audience([e] * len(codes), codes).all()
