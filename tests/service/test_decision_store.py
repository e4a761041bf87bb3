"""The service over the decision store: the schema check at start, a database that goes down,
two planners racing for the last seat, and named tokens."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from features import columns as col
from service import create_app
from service.auth import client_name, parse_named_tokens, parse_tokens
from store import SchemaBehindError
from tests.service.routes.test_nominations import decide, nominate, some_employees


def test_refuses_a_database_that_is_behind(trained, tmp_path, token_config):
    config = {
        "ARTIFACTS_DIR": str(trained.path.parent),
        "TNA_API_TOKENS": token_config,
        "RELOAD_INTERVAL": 0,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }
    with pytest.raises(SchemaBehindError, match="make migrate"):
        create_app(config)


@pytest.mark.parametrize("backend", ["postgresql"])
def test_database_down(store_client, pg_server, employee_id, upcoming_program_id, engine, auth):
    """The real server is stopped: read routes answer, decision routes answer 503."""
    ids = some_employees(engine, upcoming_program_id, 1)
    nomination = nominate(store_client, upcoming_program_id, employee_ids=ids, auth=auth).get_json()
    pg_server.stop()
    try:
        reads = [
            store_client.get(f"/v1/employees/{employee_id}/recommendations", headers=auth()),
            store_client.post(
                f"/v1/programs/{upcoming_program_id}/participants", json={}, headers=auth()
            ),
            store_client.get(f"/v1/units/{engine.unit_of[0]}/needs", headers=auth()),
        ]
        assert [r.status_code for r in reads] == [200, 200, 200]
        writes = [
            nominate(store_client, upcoming_program_id, employee_ids=ids, auth=auth),
            decide(store_client, nomination["nomination_id"], *ids, auth=auth),
            store_client.get(f"/v1/nominations/{nomination['nomination_id']}", headers=auth()),
            store_client.get(f"/v1/programs/{upcoming_program_id}/nominations", headers=auth()),
            store_client.post(
                "/v1/enrollments",
                headers=auth("system"),
                json={
                    "enrollments": [
                        {
                            "employee_id": ids[0],
                            "program_id": upcoming_program_id,
                            "enrolled_at": "2026-12-01",
                            "status": "in_progress",
                        }
                    ]
                },
            ),
            store_client.get("/v1/audit", headers=auth("admin")),
        ]
        assert [w.status_code for w in writes] == [503] * len(writes)
        error = writes[0].get_json()["error"]
        assert error["code"] == "unavailable" and "127.0.0.1" not in error["message"]
    finally:
        pg_server.start()
    assert decide(store_client, nomination["nomination_id"], *ids, auth=auth).status_code == 200


def test_two_planners_race_for_the_last_seat(store_app, engine, upcoming_program_id, auth):
    capacity = int(engine.programs.loc[upcoming_program_id, col.CAPACITY])
    ids = some_employees(engine, upcoming_program_id, capacity + 1)
    client = store_app.test_client()
    first = nominate(
        client, upcoming_program_id, employee_ids=ids[: capacity - 1], auth=auth
    ).get_json()
    assert (
        decide(client, first["nomination_id"], *ids[: capacity - 1], auth=auth).status_code == 200
    )
    racers = [
        nominate(client, upcoming_program_id, employee_ids=[e], auth=auth).get_json()[
            "nomination_id"
        ]
        for e in ids[capacity - 1 :]
    ]
    barrier = threading.Barrier(2)
    answers: dict[str, int] = {}

    def approve(nomination_id: str, employee_id: str, who: str) -> None:
        own = store_app.test_client()
        barrier.wait()
        answers[who] = decide(own, nomination_id, employee_id, role=who, auth=auth).status_code

    threads = [
        threading.Thread(target=approve, args=(n, e, who))
        for n, e, who in zip(racers, ids[capacity - 1 :], ("ani", "budi"), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers.values()) == [200, 409]
    listed = client.get(f"/v1/programs/{upcoming_program_id}/nominations", headers=auth())
    approved = [i for n in listed.get_json()["items"] for i in n["items"]
                if i["decision"] == "approved"]  # fmt: skip
    assert len(approved) == capacity


def test_named_tokens():
    spec = "a1:planner, b2:system:lms-sync , c3:planner:Ani Lestari,d:4:admin"
    assert parse_named_tokens(spec) == [
        (b"a1", "planner", client_name(b"a1", "planner")),  # unnamed: its own name
        (b"b2", "system", "lms-sync"),
        (b"c3", "planner", "Ani Lestari"),
        (b"d:4", "admin", client_name(b"d:4", "admin")),  # a token may hold a colon
    ]
    assert parse_tokens(spec)[1] == (b"b2", "system")
    with pytest.raises(ValueError, match="token:role:name"):
        parse_named_tokens("x:boss:ani")


def test_make_run_migrates_an_embedded_sqlite_file(tmp_path, monkeypatch):
    """gunicorn's on_starting (make run, make serve) upgrades a SQLite store, never a server's."""
    import importlib.util

    from store import make_db, schema_status

    path = Path(__file__).resolve().parents[2] / "service" / "gunicorn_conf.py"
    spec = importlib.util.spec_from_file_location("gunicorn_conf", path)
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    url = f"sqlite:///{tmp_path / 'var' / 'tna.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "metrics"))  # gunicorn's own
    conf.on_starting(None)
    db = make_db(url)
    assert schema_status(db).is_current
    db.dispose()
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    conf.on_starting(None)  # not touched: `make migrate` upgrades a server database
