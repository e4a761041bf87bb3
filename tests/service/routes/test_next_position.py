"""Next-position gaps through the API: the gap answer's `next_position`, the recommendations'
`next_position_weight` (default in /v1/model, 0 turns it off, outside 0-1 is 422), and the
session rules' counts and flags."""

from __future__ import annotations

import numpy as np
import pytest

from model.next_position import DEFAULT_WEIGHT
from service.response_schemas import GapProfileSchema, RecommendationListSchema, ScoreResultSchema


@pytest.fixture(scope="module")
def member(engine) -> str:
    for e in range(len(engine.needs)):
        if engine.next_positions.has_next(e):
            employee_id = str(engine.state.employee_ids[e])
            if any(i["next_position"] for i in engine.recommend(employee_id, k=10)):
                return employee_id
    pytest.fail("nobody in the talent pool is recommended a program for the next position")


def test_the_gap_answer_holds_the_next_position(client, member, engine, auth):
    body = client.get(f"/v1/employees/{member}/gaps", headers=auth()).get_json()
    assert GapProfileSchema().validate(body) == {}
    assert body["next_position"]["role_id"] == engine.next_positions.targets[member]
    assert body["next_position"]["competencies"]


def test_the_weight_defaults_as_the_model_says_and_zero_turns_it_off(client, member, auth):
    model = client.get("/v1/model", headers=auth()).get_json()
    assert model["next_position_weight_default"] == DEFAULT_WEIGHT
    url = f"/v1/employees/{member}/recommendations?k=10"
    on = client.get(url, headers=auth()).get_json()
    assert RecommendationListSchema().validate(on) == {}
    prepared = [i for i in on["items"] if i["next_position"]]
    assert prepared and all(i["next_position"]["weight"] == DEFAULT_WEIGHT for i in prepared)
    title = prepared[0]["next_position"]["role_title"]
    assert any(title in r for r in prepared[0]["reasons"])
    off = client.get(f"{url}&next_position_weight=0", headers=auth()).get_json()
    assert all(i["next_position"] is None for i in off["items"])
    assert not any(title in r for i in off["items"] for r in i["reasons"])


@pytest.mark.parametrize("value", ["-0.1", "1.5", "nan", "abc"])
def test_a_weight_outside_zero_to_one_is_422(client, member, value, auth):
    url = f"/v1/employees/{member}/recommendations?next_position_weight={value}"
    response = client.get(url, headers=auth())
    assert response.status_code == 422
    assert "next_position_weight" in response.get_json()["error"]["details"]


def test_score_flags_and_participant_counts_name_the_session_rules(client, engine, auth):
    rules, up = engine.eligibility, engine.upcoming
    e = np.repeat(np.arange(len(engine.needs)), len(up))
    p = np.tile(up, len(engine.needs))
    below = np.flatnonzero(rules.below_min_grade(e, p))
    assert len(below)
    pair = {"employee_id": str(engine.state.employee_ids[e[below[0]]]),
            "program_id": str(engine.state.program_ids[p[below[0]]])}  # fmt: skip
    body = client.post("/v1/score", json={"pairs": [pair]}, headers=auth("system")).get_json()
    result = body["results"][0]
    assert ScoreResultSchema().validate(result) == {}
    assert result["below_min_grade"] is True
    program_id = pair["program_id"]
    chosen = client.post(f"/v1/programs/{program_id}/participants", json={}, headers=auth())
    summary = chosen.get_json()["summary"]
    assert summary["below_min_grade"] >= 1 and "under_sanction" in summary
    picked = {r["employee_id"] for r in chosen.get_json()["selected"]}
    assert pair["employee_id"] not in picked
