"""Bearer-token authentication with three roles: tokens from configuration (`TNA_API_TOKENS`)
and API clients' keys from the decision store (`POST /v1/api-clients`, store/accounts.py)."""

from __future__ import annotations

import hashlib
import hmac
import logging

from flask import Blueprint, current_app, g, request

from service.actions.actor import API_CLIENT, Actor, scope_of
from service.errors import ApiError
from store.accounts import client_by_key

log = logging.getLogger(__name__)

ROLES = ("planner", "system", "admin")
PLANNER = ("planner", "admin")
ADMIN = ("admin",)
SYSTEM = ("system", "admin")
ANY_ROLE = ROLES
# RFC 6750, section 3: how to authenticate; `invalid_token` when a token was given but is wrong
CHALLENGE = {"WWW-Authenticate": "Bearer"}
INVALID_TOKEN = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
# A shorter token can be guessed or brute-forced from its audit name (`client_name`).
MIN_TOKEN_LENGTH = 32


class TokenConfigError(ValueError):
    """`TNA_API_TOKENS` cannot be used: malformed, or a token too short. The message never
    holds a token."""


def parse_tokens(spec: str) -> list[tuple[bytes, str]]:
    """`token:role,token:role:name` -> [(token, role)]; a malformed entry is a configuration
    error."""
    return [(token, role) for token, role, _ in parse_named_tokens(spec)]


def parse_named_tokens(spec: str) -> list[tuple[bytes, str, str]]:
    """`token:role,token:role:name` -> [(token, role, name)]; the name is who the audit log
    says acted and whose idempotency keys a request uses. An unnamed token gets its own
    (`client_name`), so two clients of one role never share keys or an audit name. An entry
    whose last field is a role is `token:role`."""
    tokens = []
    for entry in filter(None, (part.strip() for part in (spec or "").split(","))):
        parts = entry.rsplit(":", 2)
        if len(parts) == 3 and parts[2] not in ROLES and parts[1] in ROLES and parts[0]:
            token, role, name = parts
        else:
            token, sep, role = entry.rpartition(":")
            if not sep or not token or role not in ROLES:
                raise TokenConfigError(
                    "TNA_API_TOKENS: each entry must be token:role or token:role:name with role"
                    " in " + ", ".join(ROLES)
                )
            name = ""
        tokens.append((token.encode(), role, name.strip() or client_name(token.encode(), role)))
    return tokens


def client_name(token: bytes, role: str) -> str:
    """The stable name of an unnamed token: its role and a short hash of it (`planner-1a2b..`).
    Not a secret: a token of `MIN_TOKEN_LENGTH` random characters cannot be found from it."""
    return f"{role}-{hashlib.sha256(token).hexdigest()[:12]}"


def checked_tokens(spec: str) -> list[tuple[bytes, str, str]]:
    """`parse_named_tokens`, refusing (TokenConfigError) a token shorter than
    `MIN_TOKEN_LENGTH`: what the service starts with (create_app, gunicorn, `make run`)."""
    tokens = parse_named_tokens(spec)
    short = [f"entry {n} (role {role}, {len(token)} characters)"
             for n, (token, role, _) in enumerate(tokens, start=1)
             if len(token.decode()) < MIN_TOKEN_LENGTH]  # fmt: skip
    if short:
        raise TokenConfigError(
            f"TNA_API_TOKENS: every token must be at least {MIN_TOKEN_LENGTH} characters long;"
            f" too short: {', '.join(short)}. Make one with:"
            " python -c 'import secrets; print(secrets.token_urlsafe(32))'"
        )
    return tokens


def identity_of(presented: str) -> tuple[str, str] | None:
    """(role, name) of a presented token, comparing against every token in constant time."""
    found = None
    for token, role, name in current_app.extensions["tna_named_tokens"]:
        if hmac.compare_digest(token, presented.encode()):
            found = (role, name)
    return found


def bearer_actor(presented: str) -> Actor | None:
    """The actor of a presented bearer token: a configured token (no scope), else an API
    client's unrevoked key (its role and scope), else None. A revoked key fails at once: the
    store is asked on every request, with no cache."""
    found = identity_of(presented)
    if found is not None:
        return Actor(name=found[1], role=found[0])
    store = current_app.extensions.get("tna_store")
    client = client_by_key(store, presented) if store is not None else None
    if client is None:
        return None
    name = f"api-client:{client['name']}:{client['client_id']}"
    return Actor(name=name, role=client["role"], unit_ids=scope_of(client["unit_ids"]),
                 kind=API_CLIENT)  # fmt: skip


def role_of(presented: str) -> str | None:
    """The role of a presented token, comparing against every token in constant time."""
    found = identity_of(presented)
    return found[0] if found else None


# The names of the blueprints `protect` guards: their failed tokens are rate-limited.
PROTECTED: list[str] = []


def protect(bp: Blueprint, roles: tuple[str, ...]) -> None:
    """Every view of `bp`: 401 without a valid bearer token, 403 for a role not in `roles`.

    Checked before anything of the request is parsed, so an unauthenticated caller learns
    nothing about validation rules or which ids exist.
    """

    PROTECTED.append(bp.name)

    @bp.before_request
    def authenticate() -> None:
        header = request.headers.get("Authorization", "")
        scheme, _, presented = header.partition(" ")
        if scheme.lower() != "bearer" or not presented.strip():
            raise ApiError(401, "unauthorized", "a bearer token is required", headers=CHALLENGE)
        actor = bearer_actor(presented.strip())
        if actor is None:
            g.bearer_failed = True  # counted per address (service.rate_limits)
            raise ApiError(401, "unauthorized", "the token is not valid", headers=INVALID_TOKEN)
        if actor.role not in roles:
            raise ApiError(403, "forbidden", f"the {actor.role} role may not call this route")
        g.role = actor.role
        g.actor = actor.name  # who the audit log says acted
        g.principal = actor  # with the scope (service/actions/actor.py)


def current_actor() -> Actor:
    """Who this request acts as (a bearer token's, a key's or a session's identity, with its
    scope), as actions take it."""
    principal = g.get("principal")
    return principal if principal is not None else Actor(name=g.actor, role=g.role)
