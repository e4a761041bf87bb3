"""PostgreSQL's lock and statement timeouts on the service's connections: a request that waits
on a lock held elsewhere answers 503 with Retry-After within the timeout, as JSON on `/v1` and
as an error page in the workspace, and never holds the worker (issue 18, item 6)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask import Flask

from service.decision_store import open_store
from store import Timeouts, make_db
from tests.service.routes.test_nominations import nominate, some_employees

pytestmark = pytest.mark.parametrize("backend", ["postgresql"])
MARGIN_S = 3.0  # a busy 2-core machine's time to answer, beyond the timeout itself


@contextmanager
def store_with_timeouts(app: Flask, db_url: str, lock_ms: int, statement_ms: int) -> Iterator:
    """The session's app on `db_url`, its connections opened with these timeouts."""
    keys = ("DATABASE_URL", "DATABASE_LOCK_TIMEOUT_MS", "DATABASE_STATEMENT_TIMEOUT_MS")
    kept_config = {k: app.config[k] for k in keys}
    kept = (app.extensions["tna_store"], app.extensions["tna_live"])
    app.config.update(zip(keys, (db_url, lock_ms, statement_ms), strict=True))
    open_store(app)
    try:
        yield app
    finally:
        app.extensions["tna_store"].dispose()
        app.config.update(kept_config)
        app.extensions["tna_store"], app.extensions["tna_live"] = kept


@contextmanager
def nominations_locked(db_url: str) -> Iterator[None]:
    """Another session holds an exclusive lock on the nominations table until the block ends
    (what a long migration or a stuck transaction does)."""
    db = make_db(db_url, poolclass=sa.pool.NullPool)
    try:
        with db.connect() as conn, conn.begin():
            conn.execute(sa.text("LOCK TABLE nominations IN ACCESS EXCLUSIVE MODE"))
            yield
    finally:
        db.dispose()


def a_draft(client, engine, program_id: str, *, auth) -> tuple[str, str]:
    employee = some_employees(engine, program_id, 1)[0]
    made = nominate(client, program_id, employee_ids=[employee], auth=auth)
    assert made.status_code == 201, made.get_json()
    return made.get_json()["nomination_id"], employee


def approve(client, nomination_id: str, employee_id: str, *, auth):
    body = {"decisions": [{"employee_id": employee_id, "decision": "approved"}]}
    return client.post(f"/v1/nominations/{nomination_id}/decisions", json=body, headers=auth())


@pytest.mark.parametrize(
    ("lock_ms", "statement_ms"),
    [(400, 0), (0, 400)],  # each timeout alone ends the wait
    ids=["lock_timeout", "statement_timeout"],
)
def test_a_lock_wait_answers_503_with_retry_after(
    app, db_url, engine, upcoming_program_id, lock_ms, statement_ms, auth
):
    with store_with_timeouts(app, db_url, lock_ms, statement_ms) as timed:
        client = timed.test_client()
        nomination_id, employee = a_draft(client, engine, upcoming_program_id, auth=auth)
        with nominations_locked(db_url):
            started = time.monotonic()
            answer = approve(client, nomination_id, employee, auth=auth)
            waited = time.monotonic() - started
            listed = client.get(f"/v1/nominations/{nomination_id}", headers=auth())
        assert answer.status_code == 503, answer.get_json()
        assert answer.headers["Retry-After"] == "5"
        error = answer.get_json()["error"]
        assert error["code"] == "unavailable" and "busy" in error["message"]
        assert waited < max(lock_ms, statement_ms) / 1000 + MARGIN_S
        assert listed.status_code == 503 and "Retry-After" in listed.headers
        # the lock gone, the same approval goes through: nothing was left half done
        assert approve(client, nomination_id, employee, auth=auth).status_code == 200


def test_the_workspace_answers_an_error_page(
    app, db_url, engine, upcoming_program_id, csrf_of, sign_in, auth
):
    with store_with_timeouts(app, db_url, 400, 30_000) as timed:
        client = timed.test_client()
        nomination_id, employee = a_draft(client, engine, upcoming_program_id, auth=auth)
        sign_in(client)
        page = client.get(f"/app/programs/{upcoming_program_id}?lang=en")
        form = {
            "employee_id": employee,
            "decision": "approved",
            "csrf_token": csrf_of(page.data),
        }
        path = f"/app/programs/{upcoming_program_id}/nominations/{nomination_id}/decisions"
        with nominations_locked(db_url):
            started = time.monotonic()
            answer = client.post(path, data=form)
            waited = time.monotonic() - started
        assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
        assert answer.mimetype == "text/html" and b"Temporarily unavailable" in answer.data
        assert waited < 0.4 + MARGIN_S


def test_timeouts_reach_the_connection(db_url):
    db = make_db(db_url, timeouts=Timeouts(lock_ms=1234, statement_ms=5678))
    with db.connect() as conn:
        shown = [
            conn.exec_driver_sql(f"SHOW {name}").scalar()
            for name in ("lock_timeout", "statement_timeout")
        ]
    db.dispose()
    assert shown == ["1234ms", "5678ms"]
