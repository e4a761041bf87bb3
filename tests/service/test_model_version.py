"""Every answer carrying model output names the model version that produced it."""

from __future__ import annotations


def test_every_model_answer_names_its_version(
    client, engine, employee_id, upcoming_program_id, auth
):
    unit = str(engine.unit_of[0])
    pair = {"employee_id": employee_id, "program_id": upcoming_program_id}
    answers = [
        client.get(f"/v1/employees/{employee_id}/gaps", headers=auth()),
        client.get(f"/v1/employees/{employee_id}/recommendations", headers=auth()),
        client.post(f"/v1/programs/{upcoming_program_id}/participants", json={}, headers=auth()),
        client.get(f"/v1/units/{unit}/needs", headers=auth()),
        client.post("/v1/score", json={"pairs": [pair]}, headers=auth("system")),
    ]
    for response in answers:
        assert response.status_code == 200, response.request.path
        assert response.get_json()["model_version"] == engine.version, response.request.path


def test_the_documented_schemas_require_it(client):
    schemas = client.get("/openapi.json").get_json()["components"]["schemas"]
    for name in ("GapProfile", "RecommendationList", "ParticipantsResponse", "UnitNeeds",
                 "ScoreResponse"):  # fmt: skip
        assert "model_version" in schemas[name]["required"], name
