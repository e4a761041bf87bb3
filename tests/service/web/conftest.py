"""A signed-in browser session of the workspace, through Flask's test client (fixtures only;
`sign_in` and `csrf_of` are in tests/service/conftest.py)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient


@pytest.fixture
def planner(client, sign_in) -> FlaskClient:
    return sign_in(client, "planner")


@pytest.fixture
def admin(client, sign_in) -> FlaskClient:
    return sign_in(client, "admin")
