"""Slowing down guessing: failed bearer tokens (`/v1`) and failed sign-ins (`/app/login`),
counted per client address with Flask-Limiter; failed sign-ins also per username (from any
address), which locks that username for a while.

Only failures count (Flask-Limiter's `deduct_when`), but the limit is tested before the token
is: an address past its limit gets 429 whatever it sends, so a guess past the limit learns
nothing, while an address that has not failed is never slowed down. The limits are
configuration (`BEARER_FAILURE_LIMIT`, `SIGN_IN_FAILURE_LIMIT`, in the `limits` notation, e.g.
`20 per minute`), kept in `RATELIMIT_STORAGE_URI` (default `memory://`: per worker process;
a shared store such as `redis://` makes them hold across workers). docs/security.md says more.
"""

from __future__ import annotations

import math
import time

from flask import Flask, g, request
from flask.wrappers import Response
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address

from service.errors import error_body, respond

LOGIN_BLUEPRINT, LOGIN_ENDPOINT = "web_login", "web_login.login"
MESSAGE = "too many failed attempts from this address: wait before trying again"


def install_rate_limits(app: Flask, protected: list[str]) -> None:
    """Count failed bearer tokens over the `protected` blueprints (one shared count per
    address) and failed sign-ins; answer 429 in the contract's shape, or as a page."""
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=app.config["RATELIMIT_STORAGE_URI"],
        strategy="moving-window",
        default_limits=[],
    )
    app.extensions["tna_limiter"] = limiter
    bearer = limiter.shared_limit(
        app.config["BEARER_FAILURE_LIMIT"], scope="bearer_failures", deduct_when=_bearer_failed
    )
    for name in protected:
        bearer(app.blueprints[name])
    sign_in = limiter.limit(
        app.config["SIGN_IN_FAILURE_LIMIT"],
        methods=["POST"],
        deduct_when=_sign_in_failed,
        exempt_when=lambda: request.endpoint != LOGIN_ENDPOINT,
    )
    sign_in(app.blueprints[LOGIN_BLUEPRINT])
    # the same username from any address: a slow guessing spread over many addresses still
    # locks the account for the window (docs/security.md says what that costs)
    per_user = limiter.limit(
        app.config["SIGN_IN_USER_FAILURE_LIMIT"],
        key_func=_username,
        methods=["POST"],
        deduct_when=_sign_in_failed,
        exempt_when=lambda: request.endpoint != LOGIN_ENDPOINT or not _username(),
    )
    per_user(app.blueprints[LOGIN_BLUEPRINT])

    @app.errorhandler(RateLimitExceeded)
    def too_many(_error: RateLimitExceeded):
        current, wait = limiter.current_limit, 60
        if current is not None:  # within the limit's window (reset_at is rounded up)
            wait = min(math.ceil(current.reset_at - time.time()), current.limit.get_expiry())
        headers = {"Retry-After": str(max(wait, 1))}
        return respond(error_body(429, "too_many_requests", MESSAGE), 429, headers)


def _bearer_failed(_response: Response) -> bool:
    return bool(g.get("bearer_failed"))  # set by service.auth when a given token is wrong


def _username() -> str:
    """The username a sign-in names, as the store keys it ("" for a token's sign-in)."""
    name = (request.form.get("username") or "").strip().lower()[:64]
    return f"user:{name}" if name and not request.form.get("token") else ""


def _sign_in_failed(response: Response) -> bool:
    return request.endpoint == LOGIN_ENDPOINT and response.status_code == 401
