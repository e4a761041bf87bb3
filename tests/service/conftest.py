"""The app over the bundle trained once per session on the tiny world, as fixtures (nothing to
import from here). The tokens to call it with (`auth`, as in Flask's tutorial) and the store's
backends come from the plugins in tests/plugins/."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import numpy as np
import pytest
from flask import Flask
from flask.testing import FlaskClient

from features import columns as col
from service import create_app
from service.decision_store import open_store

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


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
    e = int(np.flatnonzero(np.isin(tiers, outside))[0])
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
