"""While the decision store is down, the answers built on its live state say so (issue 18,
item 7): `live_state` is `stale` (the last state read was used) or `unavailable` (none was
ever read), with `live_state_as_of`; the workspace shows a banner in both languages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from flask import Flask

from service.decision_store import LiveCache
from tests.service.routes.test_nominations import decide, nominate, some_employees

ON_POSTGRES = pytest.mark.parametrize("backend", ["postgresql"])  # a server to stop
LIVE_ROUTES = ("recommendations", "participants", "why-not", "needs", "score", "programs")


@pytest.fixture
def outage_app(store_app: Flask) -> Flask:
    """The app on a fresh PostgreSQL database, asking the store again on every request (not
    after 5 s), so that the tests see it come back at once."""
    store_app.extensions["tna_live"] = LiveCache(store_app.extensions["tna_store"], 0.0)
    return store_app


@pytest.fixture
def server_down(pg_server) -> Iterator[None]:
    pg_server.stop()
    try:
        yield
    finally:
        pg_server.start()


def live_answers(client, engine, program_id: str, employee_id: str, *, auth) -> dict[str, dict]:
    """Every route whose answer rests on the live state, by name."""
    unit = engine.unit_of[0]
    pair = {"pairs": [{"employee_id": employee_id, "program_id": program_id}]}
    answers = {
        "recommendations": client.get(
            f"/v1/employees/{employee_id}/recommendations", headers=auth()
        ),
        "participants": client.post(
            f"/v1/programs/{program_id}/participants", json={}, headers=auth()
        ),
        "why-not": client.post(
            f"/v1/programs/{program_id}/why-not", json={"employee_id": employee_id},
            headers=auth(),
        ),
        "needs": client.get(f"/v1/units/{unit}/needs", headers=auth()),
        "score": client.post("/v1/score", json=pair, headers=auth("system")),
        "programs": client.get("/v1/programs", headers=auth()),
    }  # fmt: skip
    for name, answer in answers.items():
        assert answer.status_code == 200, (name, answer.get_json())
    return {name: answer.get_json() for name, answer in answers.items()}


@ON_POSTGRES
def test_an_outage_after_a_read_serves_the_last_state_and_says_stale(
    outage_app, pg_server, engine, upcoming_program_id, auth
):
    client = outage_app.test_client()
    approved, other = some_employees(engine, upcoming_program_id, 2)
    made = nominate(client, upcoming_program_id, employee_ids=[approved], auth=auth).get_json()
    assert decide(client, made["nomination_id"], approved, auth=auth).status_code == 200
    before = live_answers(client, engine, upcoming_program_id, other, auth=auth)
    assert {a["live_state"] for a in before.values()} == {"current"}
    assert {a["live_state_as_of"] for a in before.values()} == {None}
    read_at = datetime.now(UTC).isoformat()

    pg_server.stop()
    try:
        during = live_answers(client, engine, upcoming_program_id, other, auth=auth)
    finally:
        pg_server.start()
    assert {name: a["live_state"] for name, a in during.items()} == dict.fromkeys(
        LIVE_ROUTES, "stale"
    ) | {"programs": "unavailable"}  # the nomination counts are missing, not old
    assert during["participants"]["live_state_as_of"] <= read_at  # the last read before
    # the approval read before the outage still counts: not selected again, seat taken
    chosen = [p["employee_id"] for p in during["participants"]["selected"]]
    assert approved not in chosen
    seats = during["participants"]["summary"]["seats_available"]
    assert seats == before["participants"]["summary"]["seats_available"]

    after = live_answers(client, engine, upcoming_program_id, other, auth=auth)
    assert {a["live_state"] for a in after.values()} == {"current"}


@ON_POSTGRES
def test_a_store_never_read_says_unavailable(
    outage_app, server_down, engine, upcoming_program_id, auth
):
    client = outage_app.test_client()
    employee = some_employees(engine, upcoming_program_id, 1)[0]
    answers = live_answers(client, engine, upcoming_program_id, employee, auth=auth)
    assert {name: a["live_state"] for name, a in answers.items()} == dict.fromkeys(
        LIVE_ROUTES, "unavailable"
    )
    assert {a["live_state_as_of"] for a in answers.values()} == {None}


BANNER = {
    "en": "The decision store cannot be reached",
    "id": "Basis data keputusan tidak dapat dihubungi",
}


@ON_POSTGRES
@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_workspace_shows_a_banner(
    outage_app, pg_server, engine, upcoming_program_id, lang, sign_in
):
    client = sign_in(outage_app.test_client())
    pages = ("/app/", f"/app/programs/{upcoming_program_id}")
    for page in pages:
        assert BANNER[lang] not in client.get(f"{page}?lang={lang}").get_data(as_text=True)
    pg_server.stop()
    try:
        shown = [client.get(f"{page}?lang={lang}") for page in pages]
    finally:
        pg_server.start()
    for answer in shown:
        assert answer.status_code == 200
        html = answer.get_data(as_text=True)
        assert BANNER[lang] in html and 'class="warning live-state"' in html


def test_the_openapi_document_names_the_fields(client):
    schemas = client.get("/openapi.json").get_json()["components"]["schemas"]
    for name in ("RecommendationList", "ParticipantsResponse", "WhyNot", "UnitNeeds",
                 "ScoreResponse", "UpcomingPrograms"):  # fmt: skip
        fields = schemas[name]["properties"]
        assert fields["live_state"]["enum"] == ["current", "stale", "unavailable"], name
        assert "live_state_as_of" in fields, name
