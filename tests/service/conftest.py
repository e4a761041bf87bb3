"""The app over the bundle trained once per session on the tiny world."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
from flask import Flask
from flask.testing import FlaskClient

from service import create_app
from service.auth import client_name
from service.decision_store import open_store
from service.jobs.worker import worker
from tests.store.conftest import (  # noqa: F401 (fixtures: both backends of the store)
    backend,
    db_url,
    pg_server,
    pg_template,
    sqlite_template,
)

# at least MIN_TOKEN_LENGTH (32) characters: the service refuses shorter tokens at start-up
TOKENS = {
    "planner": "planner-token-0001-a8f3c2e9d4b7c1a6",
    "system": "system-token-0002-b9e4d3f0a5c8d2b7",
    "admin": "admin-token-0003-c0f5e4a1b6d9e3c8",
}
# tokens with a configured name (`token:role:name`): the audit log names who acted
NAMED_TOKENS = {
    "ani": ("ani-token-0004-d1a6f5b2c7e0f4d9e2", "planner"),
    "budi": ("budi-token-0005-e2b7a6c3d8f1a5e0f3", "planner"),
}


# a second unnamed planner token: another client of the same role (`auth("other_planner")`)
OTHER_PLANNER = "planner-token-0006-f3c8b7d4e9a2b6f1"


def token_config() -> str:
    plain = [f"{token}:{role}" for role, token in TOKENS.items()]
    plain.append(f"{OTHER_PLANNER}:planner")
    named = [f"{token}:{role}:{name}" for name, (token, role) in NAMED_TOKENS.items()]
    return ",".join(plain + named)


def auth(role: str = "planner") -> dict[str, str]:
    """The bearer header of a role's token, or of a named token (`ani`, `budi`)."""
    return {"Authorization": f"Bearer {_token(role)}"}


def set_plan(client: FlaskClient, plan_id: str) -> None:
    """Move a saved plan draft -> verified -> validated -> set (by admin), as applying needs."""
    for to in ("verified", "validated", "set"):
        moved = client.post(f"/v1/plans/{plan_id}/state", json={"to": to}, headers=auth("admin"))
        assert moved.status_code == 200, moved.get_json()


def _token(role: str) -> str:
    if role == "other_planner":
        return OTHER_PLANNER
    return NAMED_TOKENS[role][0] if role in NAMED_TOKENS else TOKENS[role]


def actor_of(role: str) -> str:
    """Who the audit log says acted with `auth(role)`: a named token's name, else the token's
    own name (`service.auth.client_name`), never the bare role."""
    if role in NAMED_TOKENS:
        return role
    return client_name(_token(role).encode(), "planner" if role == "other_planner" else role)


@pytest.fixture(scope="session")
def app(trained) -> Flask:
    app = create_app(
        {
            "ARTIFACTS_DIR": str(trained.path.parent),
            "TNA_API_TOKENS": token_config(),
            "RELOAD_INTERVAL": 0,
            # one app for the whole session: its failed-token counts must never reach a limit
            # (tests/service/test_rate_limits.py checks the limits on an app of its own)
            "BEARER_FAILURE_LIMIT": "100000 per minute",
            "SIGN_IN_FAILURE_LIMIT": "100000 per minute",
        }
    )
    app.config["TESTING"] = False  # errors go through the handlers, as in production
    return app


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def engine(app):
    return app.extensions["tna_holder"].engine


@pytest.fixture(scope="session")
def employee_id(engine) -> str:
    """An employee with a real gap, so that recommendations have something to cover."""
    needs = engine.needs
    return str(needs["gap_index"].idxmax())


@pytest.fixture(scope="session")
def upcoming_program_id(engine) -> str:
    return str(engine.state.program_ids[engine.upcoming[0]])


@pytest.fixture(scope="session")
def leadership_case(engine) -> tuple[str, str, set[str]]:
    """(upcoming program for some positions only, an employee outside them, its audience)."""
    from features import columns as col

    declared = engine.programs[col.AUDIENCE].to_numpy(dtype=object)[engine.upcoming]
    program = int(engine.upcoming[next(i for i, a in enumerate(declared) if isinstance(a, str))])
    audience = set(engine.programs[col.AUDIENCE].iloc[program].split(col.SET_SEPARATOR))
    tiers = engine.state.employees["tier"].to_numpy()
    outside = [t for t, name in enumerate(col.TIERS) if name not in audience]
    # outside the audience, but meeting the session's rank and sanction rules (hard rules)
    candidates = np.flatnonzero(np.isin(tiers, outside))
    meets = engine.eligibility.meets_session_rules(candidates, np.full(len(candidates), program))
    e = int(candidates[meets][0])
    return str(engine.state.employee_ids[e]), str(engine.state.program_ids[program]), audience


@pytest.fixture
def store_app(app, db_url) -> Iterator[Flask]:  # noqa: F811 (the imported fixture)
    """The session's app on a fresh, migrated database of `backend` (SQLite and PostgreSQL)."""
    kept = (app.config["DATABASE_URL"], app.extensions["tna_store"], app.extensions["tna_live"])
    app.config["DATABASE_URL"] = db_url
    open_store(app)
    yield app
    app.extensions["tna_store"].dispose()
    app.config["DATABASE_URL"], app.extensions["tna_store"], app.extensions["tna_live"] = kept


@pytest.fixture
def store_client(store_app) -> FlaskClient:
    return store_app.test_client()


FINISHED = ("succeeded", "failed", "cancelled")


@contextmanager
def running_worker(app: Flask, folder: Path) -> Iterator[None]:
    """A real huey consumer (threads of this process) running `app`'s jobs, on a queue file
    of its own in `folder`: jobs submitted before it started are not its concern."""
    app.config["JOBS_QUEUE_FILE"] = str(folder / "jobs-queue.sqlite3")
    consumer = worker(app, workers=1, embedded=True)
    consumer.start()
    try:
        yield
    finally:
        consumer.stop(graceful=True)
        app.config["JOBS_QUEUE_FILE"] = ""


@pytest.fixture
def jobs_worker(app, tmp_path) -> Iterator[None]:
    with running_worker(app, tmp_path):
        yield


@pytest.fixture(scope="module")
def module_jobs_worker(app, tmp_path_factory) -> Iterator[None]:
    """`jobs_worker` for a whole module (whose tests must not start one of their own)."""
    with running_worker(app, tmp_path_factory.mktemp("jobs")):
        yield


def finished_job(
    client: FlaskClient, response, role: str = "planner", timeout: float = 120
) -> dict:
    """The job a 202 answer names, once it has finished (polled as a client would)."""
    assert response.status_code == 202, response.get_json()
    location = response.headers["Location"]
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(location, headers=auth(role)).get_json()
        if job["status"] in FINISHED or time.monotonic() > deadline:
            return job
        time.sleep(0.02)


def plan_result(client: FlaskClient, sent: dict, role: str = "planner") -> dict:
    """The plan of `POST /v1/plans` with `sent`: its job's result (a worker must run)."""
    job = finished_job(client, client.post("/v1/plans", json=sent, headers=auth(role)), role)
    assert job["status"] == "succeeded", job
    return job["result"]
