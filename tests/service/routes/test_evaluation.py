"""GET /v1/programs/<id>/evaluation and GET /v1/evaluation/courses."""

from __future__ import annotations

import dataclasses

from service.evaluation_schemas import CourseRankingSchema, ProgramEvaluationSchema


def _evaluation(client, program_id, role="planner", *, auth, **query):
    return client.get(
        f"/v1/programs/{program_id}/evaluation", query_string=query, headers=auth(role)
    )


def test_program_evaluation_answers_the_contract_shape(client, engine, upcoming_program_id, auth):
    response = _evaluation(client, upcoming_program_id, auth=auth)
    assert response.status_code == 200
    body = response.get_json()
    assert not ProgramEvaluationSchema().validate(body)
    assert body["model_version"] == engine.version
    assert set(body["completion"]) >= {"rate", "n"}
    assert set(body["reaction"]) >= {"mean", "n"}
    assert set(body["learning_gain"]) >= {"mean", "ci_low", "ci_high", "n"}
    assert set(body["behavior_change"]) >= {
        "effect", "ci_low", "ci_high", "n_participants", "n_comparison"
    }  # fmt: skip
    assert body["evidence"]["status"] in ("sufficient", "insufficient")
    assert body["evidence"]["reason"]
    assert "results" in body and isinstance(body["by_method"], list)


def test_some_course_of_the_tiny_world_has_sufficient_evidence(client, engine, auth):
    items = client.get("/v1/evaluation/courses", headers=auth()).get_json()["items"]
    ranked = [i for i in items if i["rank"] is not None]
    assert ranked and ranked[0]["rank"] == 1
    assert all(i["evidence"] == "sufficient" for i in ranked)
    unranked = items[len(ranked) :]
    assert all(i["rank"] is None and i["evidence"] == "insufficient" for i in unranked)


def test_ranking_filters(client, auth):
    response = client.get("/v1/evaluation/courses?method=e_learning&provider=", headers=auth())
    assert response.status_code == 200
    body = response.get_json()
    assert not CourseRankingSchema().validate(body)
    assert body["method"] == "e_learning" and body["provider"] is None
    assert all(i["method"] == "e_learning" for i in body["items"])


def test_errors(client, upcoming_program_id, auth):
    assert _evaluation(client, "NOPE", auth=auth).status_code == 404
    assert _evaluation(client, upcoming_program_id, colour="red", auth=auth).status_code == 422
    bad = client.get("/v1/evaluation/courses?method=telepathy", headers=auth())
    assert bad.status_code == 422 and "method" in bad.get_json()["error"]["details"]
    assert client.get(f"/v1/programs/{upcoming_program_id}/evaluation").status_code == 401
    assert _evaluation(client, upcoming_program_id, role="system", auth=auth).status_code == 403
    assert client.get("/v1/evaluation/courses", headers=auth("system")).status_code == 403


def test_a_bundle_without_evaluations_answers_503(
    app, client, upcoming_program_id, monkeypatch, auth
):
    holder = app.extensions["tna_holder"]
    engine = holder.engine
    older = dataclasses.replace(engine.bundle, evaluations=None)
    monkeypatch.setattr(engine, "bundle", older)
    response = _evaluation(client, upcoming_program_id, auth=auth)
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "not_ready"
