"""Guessing is slowed down: failed bearer tokens and failed sign-ins from one address get 429
after the configured number, in the contract's JSON shape for /v1 and as a page for /app."""

from __future__ import annotations

import pytest

from service import create_app

LIMIT = 3
GUESS = {"Authorization": "Bearer " + "g" * 40}
HOME, OTHER, THIRD = ({"REMOTE_ADDR": a} for a in ("10.0.0.1", "10.0.0.2", "10.0.0.3"))


@pytest.fixture
def limited(trained, token_config):
    """An app of its own (its counts start at zero) with a small limit."""
    return create_app({"ARTIFACTS_DIR": str(trained.path.parent), "TNA_API_TOKENS": token_config,
                       "RELOAD_INTERVAL": 0, "BEARER_FAILURE_LIMIT": f"{LIMIT} per minute",
                       "SIGN_IN_FAILURE_LIMIT": f"{LIMIT} per minute"})  # fmt: skip


def test_the_n_plus_first_failed_token_answers_429(limited, auth):
    client = limited.test_client()
    for _ in range(LIMIT):
        assert client.get("/v1/model", headers=GUESS, environ_base=HOME).status_code == 401
    refused = client.get("/v1/model", headers=GUESS, environ_base=HOME)
    assert refused.status_code == 429
    error = refused.get_json()["error"]
    assert set(error) == {"code", "message", "details"} and error["code"] == "too_many_requests"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # past the limit the address waits, whatever it sends: a guess learns nothing
    assert client.get("/v1/model", headers=auth(), environ_base=HOME).status_code == 429
    assert client.get("/v1/model", headers=auth(), environ_base=OTHER).status_code == 200
    for _ in range(LIMIT + 2):  # no token at all is not a guess, and success never counts
        assert client.get("/v1/model", environ_base=THIRD).status_code == 401
        assert client.get("/v1/model", headers=auth(), environ_base=THIRD).status_code == 200


def _sign_in(client, token: str, address: dict, *, csrf_of):
    form = client.get("/app/login", environ_base=address)
    data = {"token": token, "csrf_token": csrf_of(form.data)}
    return client.post("/app/login", data=data, environ_base=address)


def test_the_n_plus_first_failed_sign_in_answers_a_429_page(limited, csrf_of, tokens):
    client = limited.test_client()
    for _ in range(LIMIT):
        assert _sign_in(client, "w" * 40, HOME, csrf_of=csrf_of).status_code == 401
    refused = _sign_in(client, "w" * 40, HOME, csrf_of=csrf_of)
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    page = refused.get_data(as_text=True)
    assert '<html lang="id"' in page and "Terlalu banyak" in page
    assert (
        _sign_in(limited.test_client(), tokens["planner"], OTHER, csrf_of=csrf_of).status_code
        == 302
    )
