"""GET /v1/units/<id>/needs."""

from __future__ import annotations

from service.response_schemas import UnitNeedsSchema


def test_unit_needs(client, engine, auth):
    unit = str(engine.unit_of[0])
    response = client.get(f"/v1/units/{unit}/needs", headers=auth())
    assert response.status_code == 200
    body = response.get_json()
    assert UnitNeedsSchema().validate(body) == {}
    gaps = [c["total_weighted_gap"] for c in body["competencies"]]
    assert gaps == sorted(gaps, reverse=True)
    assert all(e["jp_this_year"] < 20 for e in body["employees_under_jp"])
    gains = [p["expected_gain"] for p in body["programs"]]
    assert gains == sorted(gains, reverse=True)


def test_unknown_unit_and_auth(client, auth):
    assert client.get("/v1/units/NOPE/needs", headers=auth()).status_code == 404
    assert client.get("/v1/units/NOPE/needs").status_code == 401
    assert client.get("/v1/units/NOPE/needs", headers=auth("system")).status_code == 403


def test_unknown_query_parameters_are_refused_everywhere(client, engine, employee_id, auth):
    unit = str(engine.unit_of[0])
    for url in (
        f"/v1/units/{unit}/needs?top=3",
        f"/v1/employees/{employee_id}/gaps?verbose=1",
        "/v1/model?x=1",
    ):
        response = client.get(url, headers=auth())
        assert response.status_code == 422, url
        assert response.get_json()["error"]["code"] == "validation_error"
