"""The API tokens of the tests' apps as fixtures, for every test folder that serves the app
(registered in tests/conftest.py through `pytest_plugins`): `auth("planner")` gives a role's
bearer header, as the `auth` fixture of Flask's tutorial logs in."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from service.auth import client_name

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


def _token_config() -> str:
    plain = [f"{token}:{role}" for role, token in TOKENS.items()]
    plain.append(f"{OTHER_PLANNER}:planner")
    named = [f"{token}:{role}:{name}" for name, (token, role) in NAMED_TOKENS.items()]
    return ",".join(plain + named)


def _auth(role: str = "planner") -> dict[str, str]:
    return {"Authorization": f"Bearer {_token(role)}"}


def _token(role: str) -> str:
    if role == "other_planner":
        return OTHER_PLANNER
    return NAMED_TOKENS[role][0] if role in NAMED_TOKENS else TOKENS[role]


def _actor_of(role: str) -> str:
    if role in NAMED_TOKENS:
        return role
    return client_name(_token(role).encode(), "planner" if role == "other_planner" else role)


@pytest.fixture(scope="session")
def tokens() -> dict[str, str]:
    """The token of each role: planner, system, admin."""
    return dict(TOKENS)


@pytest.fixture(scope="session")
def token_config() -> str:
    """`TNA_API_TOKENS` of the session's app: every token of `tokens`, a second planner
    (`other_planner`) and the named tokens `ani` and `budi`."""
    return _token_config()


@pytest.fixture(scope="session")
def auth() -> Callable[..., dict[str, str]]:
    """`auth(role="planner")`: the bearer header of a role's token, of the second planner
    (`other_planner`) or of a named token (`ani`, `budi`)."""
    return _auth


@pytest.fixture(scope="session")
def actor_of() -> Callable[[str], str]:
    """`actor_of(role)`: who the audit log says acted with `auth(role)`: a named token's name,
    else the token's own name (`service.auth.client_name`), never the bare role."""
    return _actor_of
