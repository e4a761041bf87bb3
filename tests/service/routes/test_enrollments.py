"""POST /v1/enrollments (system role): checked like the export, transitions validated."""

from __future__ import annotations


def row(employee_id, program_id, status="in_progress", **extra):
    return {"employee_id": employee_id, "program_id": program_id, "enrolled_at": "2026-12-01",
            "status": status, **extra}  # fmt: skip


def post(client, *rows, role="system", auth):
    return client.post("/v1/enrollments", json={"enrollments": list(rows)}, headers=auth(role))


def test_upsert_counts_and_transitions(store_client, employee_id, upcoming_program_id, auth):
    first = post(store_client, row(employee_id, upcoming_program_id), auth=auth)
    assert first.status_code == 200, first.get_json()
    assert first.get_json() == {"created": 1, "updated": 0, "unchanged": 0}
    same = post(store_client, row(employee_id, upcoming_program_id), auth=auth)
    assert same.get_json() == {"created": 0, "updated": 0, "unchanged": 1}
    done = post(
        store_client, row(employee_id, upcoming_program_id, "completed", post_score=80), auth=auth
    )
    assert done.get_json() == {"created": 0, "updated": 1, "unchanged": 0}
    back = post(store_client, row(employee_id, upcoming_program_id, "in_progress"), auth=auth)
    assert back.status_code == 422
    error = back.get_json()["error"]
    assert error["details"]["rows"] == [1] and "completed -> in_progress" in error["message"]


def test_unknown_ids_are_refused_naming_rows(store_client, engine, upcoming_program_id, auth):
    known = str(engine.state.employee_ids[0])
    rows = [row(known, upcoming_program_id), row("NOPE", upcoming_program_id)]
    response = post(store_client, *rows, auth=auth)
    assert response.status_code == 404
    error = response.get_json()["error"]
    assert error["details"] == {"column": "employee_id", "rows": [2], "n_bad": 1}
    assert "NOPE" not in error["message"]  # personal data is never echoed
    response = post(store_client, row(known, "NOPE"), auth=auth)
    assert response.status_code == 404 and response.get_json()["error"]["details"]["rows"] == [1]
    # nothing of the refused request was stored
    again = post(store_client, row(known, upcoming_program_id), auth=auth)
    assert again.get_json()["created"] == 1


def test_checked_like_the_export(store_client, engine, upcoming_program_id, auth):
    known = str(engine.state.employee_ids[0])
    bad_status = post(store_client, row(known, upcoming_program_id, "maybe"), auth=auth)
    assert bad_status.status_code == 422
    twice = post(
        store_client, row(known, upcoming_program_id), row(known, upcoming_program_id), auth=auth
    )
    assert twice.status_code == 422
    score = post(store_client, row(known, upcoming_program_id, reaction_score=9), auth=auth)
    assert score.status_code == 422 and "reaction_score" in score.get_json()["error"]["message"]


def test_roles(store_client, employee_id, upcoming_program_id, auth):
    assert (
        post(
            store_client, row(employee_id, upcoming_program_id), role="planner", auth=auth
        ).status_code
        == 403
    )
    assert (
        post(
            store_client, row(employee_id, upcoming_program_id), role="admin", auth=auth
        ).status_code
        == 200
    )
    assert store_client.post("/v1/enrollments", json={}).status_code == 401
