"""A signed-in browser session of the workspace, through Flask's test client."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from tests.service.conftest import TOKENS

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_of(page: bytes) -> str:
    found = CSRF.search(page.decode())
    assert found, "the page has no CSRF token"
    return found.group(1)


def sign_in(client: FlaskClient, role: str = "planner") -> FlaskClient:
    form = client.get("/app/login")
    answer = client.post(
        "/app/login", data={"token": TOKENS[role], "csrf_token": csrf_of(form.data)}
    )
    assert answer.status_code == 302, answer.data[:500]
    return client


@pytest.fixture
def planner(client) -> FlaskClient:
    return sign_in(client, "planner")


@pytest.fixture
def admin(client) -> FlaskClient:
    return sign_in(client, "admin")
