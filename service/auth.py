"""Bearer-token authentication with three roles; tokens come from configuration only."""

from __future__ import annotations

import hmac
import logging

from flask import Blueprint, current_app, g, request

from service.errors import ApiError

log = logging.getLogger(__name__)

ROLES = ("planner", "system", "admin")
PLANNER = ("planner", "admin")
SYSTEM = ("system", "admin")
ANY_ROLE = ROLES
# RFC 6750, section 3: how to authenticate; `invalid_token` when a token was given but is wrong
CHALLENGE = {"WWW-Authenticate": "Bearer"}
INVALID_TOKEN = {"WWW-Authenticate": 'Bearer error="invalid_token"'}


def parse_tokens(spec: str) -> list[tuple[bytes, str]]:
    """`token:role,token:role` -> [(token, role)]; a malformed entry is a configuration error."""
    tokens = []
    for entry in filter(None, (part.strip() for part in (spec or "").split(","))):
        token, sep, role = entry.rpartition(":")
        if not sep or not token or role not in ROLES:
            raise ValueError(
                "TNA_API_TOKENS: each entry must be token:role with role in " + ", ".join(ROLES)
            )
        tokens.append((token.encode(), role))
    return tokens


def role_of(presented: str) -> str | None:
    """The role of a presented token, comparing against every token in constant time."""
    found = None
    for token, role in current_app.extensions["tna_tokens"]:
        if hmac.compare_digest(token, presented.encode()):
            found = role
    return found


def protect(bp: Blueprint, roles: tuple[str, ...]) -> None:
    """Every view of `bp`: 401 without a valid bearer token, 403 for a role not in `roles`.

    Checked before anything of the request is parsed, so an unauthenticated caller learns
    nothing about validation rules or which ids exist.
    """

    @bp.before_request
    def authenticate() -> None:
        header = request.headers.get("Authorization", "")
        scheme, _, presented = header.partition(" ")
        if scheme.lower() != "bearer" or not presented.strip():
            raise ApiError(401, "unauthorized", "a bearer token is required", headers=CHALLENGE)
        role = role_of(presented.strip())
        if role is None:
            raise ApiError(401, "unauthorized", "the token is not valid", headers=INVALID_TOKEN)
        if role not in roles:
            raise ApiError(403, "forbidden", f"the {role} role may not call this route")
        g.role = role
