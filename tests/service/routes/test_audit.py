"""GET /v1/audit (admin): who did what, newest first, cursor-paginated."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.service.routes.test_nominations import decide, nominate, some_employees


def page(client, role="admin", *, auth, **query):
    return client.get("/v1/audit", query_string=query, headers=auth(role))


def test_decisions_are_logged_with_their_actor(
    store_client, engine, upcoming_program_id, actor_of, auth
):
    ids = some_employees(engine, upcoming_program_id, 3)
    nomination = nominate(store_client, upcoming_program_id, employee_ids=ids, auth=auth).get_json()
    decide(store_client, nomination["nomination_id"], *ids[:2], role="budi", auth=auth)
    decide(
        store_client,
        nomination["nomination_id"],
        ids[2],
        decision="rejected",
        role="planner",
        auth=auth,
    )
    body = page(store_client, auth=auth).get_json()
    actions = [(i["action"], i["actor"]) for i in body["items"]]
    assert actions == [("decision.rejected", actor_of("planner")), ("decision.approved", "budi"),
                       ("decision.approved", "budi"), ("nomination.created", "ani")]  # fmt: skip
    approved = body["items"][1]
    assert approved["before"]["decision"] is None and approved["after"]["decision"] == "approved"
    assert approved["model_version"] == engine.version
    only_budi = page(store_client, actor="budi", auth=auth).get_json()["items"]
    assert len(only_budi) == 2
    first = page(store_client, limit=3, auth=auth).get_json()
    assert len(first["items"]) == 3 and first["next_cursor"]
    rest = page(store_client, limit=3, cursor=first["next_cursor"], auth=auth).get_json()
    assert [i["action"] for i in rest["items"]] == ["nomination.created"]
    assert rest["next_cursor"] is None
    future = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    assert page(store_client, since=future, auth=auth).get_json()["items"] == []


def test_errors(store_client, auth):
    assert page(store_client, role="planner", auth=auth).status_code == 403
    assert page(store_client, role="system", auth=auth).status_code == 403
    assert store_client.get("/v1/audit").status_code == 401
    bad = page(store_client, cursor="not-a-cursor", auth=auth)
    assert bad.status_code == 404 and "cursor" in bad.get_json()["error"]["message"]
    assert page(store_client, limit=0, auth=auth).status_code == 422
    assert (
        page(store_client, since="2026-01-01T00:00:00", auth=auth).status_code == 422
    )  # no time zone
    assert page(store_client, what="x", auth=auth).status_code == 422
