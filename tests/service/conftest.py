"""The app over the bundle trained once per session on the tiny world, as fixtures (nothing to
import from here). The tokens to call it with (`auth`, as in Flask's tutorial) and the store's
backends come from the plugins in tests/plugins/."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from flask import Flask
from flask.testing import FlaskClient

from features import columns as col
from service import create_app
from service.decision_store import open_store
from service.jobs.worker import worker

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class InputClosingClient(FlaskClient):
    """Flask's test client, closing each request's body once answered: werkzeug spools a
    multipart body over 500 KB to a temporary file that only `response.close()` closes (its
    docs), so an upload test left it to the garbage collector, whose ResourceWarning fails
    whichever test is running then (pyproject's `filterwarnings = error`)."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        response = super().open(*args, **kwargs)
        response.request.input_stream.close()
        return response


def _csrf_of(page: bytes) -> str:
    found = CSRF.search(page.decode())
    assert found, "the page has no CSRF token"
    return found.group(1)


@pytest.fixture(scope="session")
def csrf_of() -> Callable[[bytes], str]:
    """`csrf_of(page)`: the CSRF token of a form page's HTML."""
    return _csrf_of


@pytest.fixture(scope="session")
def sign_in(tokens) -> Callable[..., FlaskClient]:
    """`sign_in(client, role="planner")`: the client signed in to the workspace with the
    role's token (the sign-in form, CSRF token and all); answers the client."""

    def signed_in(client: FlaskClient, role: str = "planner") -> FlaskClient:
        form = client.get("/app/login")
        answer = client.post(
            "/app/login", data={"token": tokens[role], "csrf_token": _csrf_of(form.data)}
        )
        assert answer.status_code == 302, answer.data[:500]
        return client

    return signed_in


@pytest.fixture(scope="session")
def bare_app(token_config) -> Callable[..., Flask]:
    """`bare_app(tmp_path, sqlite_template, **config)`: an app over a fresh SQLite store and
    no bundle: accounts and sign-in need no model, so their tests skip the session's training."""

    def made(tmp_path: Path, sqlite_template: str, **config: Any) -> Flask:
        path = tmp_path / "tna.sqlite3"
        shutil.copyfile(sqlite_template, path)
        (tmp_path / "artifacts").mkdir(exist_ok=True)
        app = create_app(
            {
                "ARTIFACTS_DIR": str(tmp_path / "artifacts"),
                "DATABASE_URL": f"sqlite:///{path}",
                "TNA_API_TOKENS": token_config,
                "RELOAD_INTERVAL": 0,
                "SECRET_KEY_FILE": str(tmp_path / "secret_key"),
                **config,
            }
        )
        app.config["TESTING"] = False
        app.test_client_class = InputClosingClient
        return app

    return made


@pytest.fixture(scope="session")
def app(trained, token_config) -> Flask:
    app = create_app(
        {
            "ARTIFACTS_DIR": str(trained.path.parent),
            "TNA_API_TOKENS": token_config,
            "RELOAD_INTERVAL": 0,
            # one app for the whole session: its failed-token counts must never reach a limit
            # (tests/service/test_rate_limits.py checks the limits on an app of its own)
            "BEARER_FAILURE_LIMIT": "100000 per minute",
            "SIGN_IN_FAILURE_LIMIT": "100000 per minute",
        }
    )
    app.config["TESTING"] = False  # errors go through the handlers, as in production
    app.test_client_class = InputClosingClient
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
def small_program(engine) -> tuple[str, int]:
    """(program id, capacity) of the first upcoming program of at most 25 seats."""
    for p in engine.upcoming:
        capacity = int(engine.programs[col.CAPACITY].iloc[p])
        if capacity <= 25:
            return str(engine.state.program_ids[p]), capacity
    raise AssertionError("no upcoming program of at most 25 seats")


@pytest.fixture(scope="session")
def leadership_case(engine) -> tuple[str, str, set[str]]:
    """(upcoming program for some positions only, an employee outside them, its audience)."""
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
def store_app(app, db_url) -> Iterator[Flask]:
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
def _running_worker(app: Flask, folder: Path) -> Iterator[None]:
    app.config["JOBS_QUEUE_FILE"] = str(folder / "jobs-queue.sqlite3")
    consumer = worker(app, workers=1, embedded=True)
    consumer.start()
    try:
        yield
    finally:
        consumer.stop(graceful=True)
        app.config["JOBS_QUEUE_FILE"] = ""


@pytest.fixture(scope="session")
def running_worker() -> Callable[[Flask, Path], AbstractContextManager[None]]:
    """`with running_worker(app, folder):` a real huey consumer (threads of this process)
    running `app`'s jobs, on a queue file of its own in `folder`: jobs submitted before it
    started are not its concern."""
    return _running_worker


@pytest.fixture
def jobs_worker(app, tmp_path) -> Iterator[None]:
    with _running_worker(app, tmp_path):
        yield


@pytest.fixture(scope="module")
def module_jobs_worker(app, tmp_path_factory) -> Iterator[None]:
    """`jobs_worker` for a whole module (whose tests must not start one of their own)."""
    with _running_worker(app, tmp_path_factory.mktemp("jobs")):
        yield


@pytest.fixture(scope="session")
def finished_job(auth) -> Callable[..., dict]:
    """`finished_job(client, response, role="planner", timeout=120)`: the job a 202 answer
    names, once it has finished (polled as a client would)."""

    def finished(
        client: FlaskClient, response, role: str = "planner", timeout: float = 120
    ) -> dict:
        assert response.status_code == 202, response.get_json()
        location = response.headers["Location"]
        deadline = time.monotonic() + timeout
        while True:
            job = client.get(location, headers=auth(role)).get_json()
            if job["status"] in FINISHED or time.monotonic() > deadline:
                return job
            time.sleep(0.02)

    return finished


@pytest.fixture(scope="session")
def plan_result(auth, finished_job) -> Callable[..., dict]:
    """`plan_result(client, sent, role="planner")`: the plan of `POST /v1/plans` with `sent`:
    its job's result (a worker must run)."""

    def result(client: FlaskClient, sent: dict, role: str = "planner") -> dict:
        job = finished_job(client, client.post("/v1/plans", json=sent, headers=auth(role)), role)
        assert job["status"] == "succeeded", job
        return job["result"]

    return result


@pytest.fixture(scope="session")
def set_plan(auth) -> Callable[[FlaskClient, str], None]:
    """`set_plan(client, plan_id)`: move a saved plan draft -> verified -> validated -> set
    (by admin), as applying needs."""

    def moved_to_set(client: FlaskClient, plan_id: str) -> None:
        for to in ("verified", "validated", "set"):
            moved = client.post(
                f"/v1/plans/{plan_id}/state", json={"to": to}, headers=auth("admin")
            )
            assert moved.status_code == 200, moved.get_json()

    return moved_to_set
