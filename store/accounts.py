"""Accounts in the decision store: users (argon2id password hashes), their server-side sessions,
and API clients (SHA-256 of their keys). docs/security.md explains the choices.

Every change of a user or client is also an audit row (`user.created`, `user.updated`,
`api_client.created`, `api_client.revoked`), in the same transaction; a password or its hash,
a key or its hash, never enters the audit log.

Passwords: argon2id with argon2-cffi's defaults (RFC 9106's second recommended set: 64 MiB,
3 passes), a memory-hard hash because people choose guessable passwords. Keys and session ids:
`secrets.token_urlsafe(32)` (256 random bits), kept as a plain SHA-256: nobody can guess a
256-bit value, so a slow hash would buy nothing and would cost a hash per `/v1` request, and an
unkeyed hash keeps working when `SECRET_KEY` is rotated. Looking a key up by its hash is one
indexed equality (no timing leak about the key itself: the hash is what is compared).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from datetime import timedelta
from functools import cache
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Connection, Engine

from store.audit import record
from store.database import read_transaction, write_transaction
from store.errors import ConflictError, InvalidRowsError, RecordNotFoundError, Refusal
from store.tables import (
    CLIENT_ROLES,
    USER_ROLES,
    api_clients,
    user_sessions,
    users,
    utc_now,
)

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")
CLIENT_ID_PATTERN = re.compile(r"^[0-9a-f]{16}$")  # secrets.token_hex(8)
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1000
KEY_PREFIX = "tna_"  # API keys: recognisable in a leaked file, for secret scanners
# a session's last-seen time is written at most this often (a page view is not a write each)
TOUCH_EVERY = timedelta(seconds=60)
_hasher = PasswordHasher()
_UNSET: Any = object()
PUBLIC_USER_FIELDS = ("username", "display_name", "role", "unit_ids", "active")
# What the accounts refuse: a code and its English sentence (the API's text); a page says it
# in its own language from the code (service.web.refusals), never by reading the sentence.
BAD_USERNAME, PASSWORD_LENGTH, ROLE_NOT_ALLOWED = "bad_username", "password_length", "bad_role"
NO_UNITS, ADMIN_SCOPED, USERNAME_TAKEN = "no_units", "admin_scoped", "username_taken"
NO_USER, CLIENT_NAME_LENGTH, NO_CLIENT = "no_user", "client_name_length", "no_client"
REFUSALS = {
    BAD_USERNAME: "1 to 64 characters: lower-case letters, digits and . _ @ -, starting with a"
    " letter or digit",
    PASSWORD_LENGTH: "must be {min} to {max} characters long",
    ROLE_NOT_ALLOWED: "must be one of {allowed}",
    NO_UNITS: "give at least one unit, or leave it out",
    ADMIN_SCOPED: "an admin sees the whole organisation: leave unit_ids out (null), or make the "
    "account a planner of those units",
    USERNAME_TAKEN: "the username {name} is taken",
    NO_USER: "no user {name}",
    CLIENT_NAME_LENGTH: "must be 1 to 200 characters",
    NO_CLIENT: "no active API client {client_id}",
}


def refused(code: str, **values: Any) -> Refusal:
    """The accounts' refusal `code` with its values."""
    return Refusal(code, REFUSALS[code], values)


@cache
def _dummy_hash() -> str:
    """Verified when the username is unknown, so an unknown name costs as much as a wrong
    password; made on first use (a hash takes ~0.1-1 s: not at import, in every worker)."""
    return _hasher.hash(secrets.token_urlsafe(16))


def digest(secret: str) -> str:
    """The SHA-256 (hex) a key or session id is stored and looked up by."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    """A random password, key or session id: 256 bits, URL-safe."""
    return secrets.token_urlsafe(32)


# --- users ----------------------------------------------------------------------------------
def check_username(username: str) -> str:
    """The username in its stored form (lower case), or InvalidRowsError."""
    name = (username or "").strip().lower()
    if not USERNAME_PATTERN.fullmatch(name):
        raise InvalidRowsError(refused(BAD_USERNAME), column="username")
    return name


def check_password(password: str) -> None:
    if not MIN_PASSWORD_LENGTH <= len(password or "") <= MAX_PASSWORD_LENGTH:
        raise InvalidRowsError(
            refused(PASSWORD_LENGTH, min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH),
            column="password",
        )


def _check_role(role: str, allowed: tuple[str, ...]) -> None:
    if role not in allowed:
        raise InvalidRowsError(refused(ROLE_NOT_ALLOWED, allowed=", ".join(allowed)), column="role")


def _units(unit_ids: Sequence[str] | None) -> list[str] | None:
    """The stored scope: a sorted list of distinct ids, or None (the whole organisation)."""
    if unit_ids is None:
        return None
    ids = sorted({str(u) for u in unit_ids})
    if not ids:
        raise InvalidRowsError(refused(NO_UNITS), column="unit_ids")
    return ids


def _check_scope(role: str, unit_ids: Sequence[str] | None) -> None:
    """An admin's scope is the whole organisation: admins read the audit log, the accounts
    and every import, so a unit scope on one would promise a limit the role cannot keep."""
    if role == "admin" and unit_ids is not None:
        raise InvalidRowsError(refused(ADMIN_SCOPED), column="unit_ids")


def _public(row: Any) -> dict[str, Any]:
    out = {k: row[k] for k in (*PUBLIC_USER_FIELDS, "last_sign_in_at", "created_at")}
    out["unit_ids"] = list(out["unit_ids"]) if out["unit_ids"] is not None else None
    out["active"] = bool(out["active"])
    return out


def create_user(
    db: Engine,
    username: str,
    role: str,
    password: str,
    actor: str,
    display_name: str | None = None,
    unit_ids: Sequence[str] | None = None,
) -> dict[str, Any]:
    """A new active user; ConflictError when the username is taken."""
    name = check_username(username)
    _check_role(role, USER_ROLES)
    _check_scope(role, unit_ids)
    check_password(password)
    now = utc_now()
    row = {
        "username": name,
        "display_name": display_name,
        "role": role,
        "unit_ids": _units(unit_ids),
        "active": True,
        "password_hash": _hasher.hash(password),
        "created_by": actor,
        "created_at": now,
        "updated_by": actor,
        "updated_at": now,
        "last_sign_in_at": None,
    }
    with write_transaction(db) as conn:
        if _user_row(conn, name) is not None:
            raise ConflictError(refused(USERNAME_TAKEN, name=name), {name: ["exists"]})
        conn.execute(sa.insert(users), row)
        public = _public(row)
        record(conn, [_entry("user.created", "user", name, None, public)], actor)
    return public


def _user_row(conn: Connection, username: str, lock: bool = False) -> Any:
    query = sa.select(users).where(users.c.username == username)
    if lock and conn.dialect.name == "postgresql":
        query = query.with_for_update()
    return conn.execute(query).mappings().first()


def _entry(action: str, entity: str, entity_id: str, before: Any, after: Any) -> dict:
    return {
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "before": before,
        "after": after,
    }


def get_user(db: Engine, username: str) -> dict[str, Any] | None:
    name = (username or "").strip().lower()
    if not USERNAME_PATTERN.fullmatch(name):
        return None
    with read_transaction(db) as conn:
        row = _user_row(conn, name)
    return _public(row) if row is not None else None


def list_users(db: Engine) -> list[dict[str, Any]]:
    with read_transaction(db) as conn:
        rows = conn.execute(sa.select(users).order_by(users.c.username)).mappings().all()
    return [_public(r) for r in rows]


def update_user(
    db: Engine,
    username: str,
    actor: str,
    *,
    active: bool | None = None,
    role: str | None = None,
    unit_ids: Sequence[str] | None = _UNSET,
    password: str | None = None,
    display_name: str | None = _UNSET,
) -> dict[str, Any]:
    """Change a user; disabling them or changing their password ends all their sessions at
    once (in the same transaction). RecordNotFoundError for an unknown username."""
    name = (username or "").strip().lower()
    changes: dict[str, Any] = {}
    if active is not None:
        changes["active"] = bool(active)
    if role is not None:
        _check_role(role, USER_ROLES)
        changes["role"] = role
    if unit_ids is not _UNSET:
        changes["unit_ids"] = _units(unit_ids)
    if display_name is not _UNSET:
        changes["display_name"] = display_name
    if password is not None:
        check_password(password)
        changes["password_hash"] = _hasher.hash(password)
    if not USERNAME_PATTERN.fullmatch(
        name
    ):  # no such user could exist (and no odd text reaches SQL)
        raise RecordNotFoundError(refused(NO_USER, name=name))
    with write_transaction(db) as conn:
        row = _user_row(conn, name, lock=True)
        if row is None:
            raise RecordNotFoundError(refused(NO_USER, name=name))
        before = _public(row)
        _check_scope(changes.get("role", row["role"]), changes.get("unit_ids", row["unit_ids"]))
        if changes:
            now = utc_now()
            conn.execute(
                sa.update(users)
                .where(users.c.username == name)
                .values(**changes, updated_by=actor, updated_at=now)
            )
        after = _public({**row, **changes})
        # role and scope are read again on every request; a new password or a disabled user
        # ends every session of theirs at once
        if password is not None or changes.get("active") is False:
            conn.execute(sa.delete(user_sessions).where(user_sessions.c.username == name))
        shown_after = {**after, **({"password": "changed"} if password is not None else {})}
        record(conn, [_entry("user.updated", "user", name, before, shown_after)], actor)
    return after


def authenticate(db: Engine, username: str, password: str) -> dict[str, Any] | None:
    """The active user whose password this is, else None (`start_session` notes the sign-in).
    An unknown username costs one hash verification too, so timing does not tell names apart."""
    name = (username or "").strip().lower()
    if not password or len(password) > MAX_PASSWORD_LENGTH or not USERNAME_PATTERN.fullmatch(name):
        _verify(_dummy_hash(), password or "")
        return None
    with read_transaction(db) as conn:
        row = _user_row(conn, name)
    if row is None or not row["active"]:
        _verify(_dummy_hash(), password)
        return None
    if not _verify(row["password_hash"], password):
        return None
    if _hasher.check_needs_rehash(row["password_hash"]):  # parameters raised since
        with write_transaction(db) as conn:
            conn.execute(
                sa.update(users)
                .where(users.c.username == name)
                .values(password_hash=_hasher.hash(password))
            )
    return _public(row)


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def active_user(db: Engine, username: str) -> dict[str, Any] | None:
    """The user named so if active (single sign-on maps a claim to one); else None."""
    found = get_user(db, username)
    return found if found is not None and found["active"] else None


# --- sessions -------------------------------------------------------------------------------
def start_session(db: Engine, username: str) -> str:
    """A new session of the user (their last sign-in is now): its random id, for the cookie;
    the store keeps its hash."""
    session_id = new_secret()
    now = utc_now()
    with write_transaction(db) as conn:
        conn.execute(
            sa.update(users).where(users.c.username == username).values(last_sign_in_at=now)
        )
        conn.execute(
            sa.insert(user_sessions),
            {
                "session_hash": digest(session_id),
                "username": username,
                "created_at": now,
                "last_seen_at": now,
            },
        )
    return session_id


def session_user(
    db: Engine, session_id: str, idle: timedelta, absolute: timedelta
) -> dict[str, Any] | None:
    """The active user of a live session, or None: unknown, ended, idle longer than `idle`, or
    older than `absolute` (an expired session's row is deleted)."""
    key = digest(session_id)
    query = (
        sa.select(
            users, user_sessions.c.created_at.label("s_created"), user_sessions.c.last_seen_at
        )
        .select_from(user_sessions.join(users, users.c.username == user_sessions.c.username))
        .where(user_sessions.c.session_hash == key)
    )
    with read_transaction(db) as conn:
        row = conn.execute(query).mappings().first()
    if row is None:
        return None
    now = utc_now()
    expired = now - row["last_seen_at"] > idle or now - row["s_created"] > absolute
    if expired or not row["active"]:
        end_session(db, session_id)
        return None
    if now - row["last_seen_at"] > TOUCH_EVERY:
        with write_transaction(db) as conn:
            conn.execute(
                sa.update(user_sessions)
                .where(user_sessions.c.session_hash == key)
                .values(last_seen_at=now)
            )
    return _public(row)


def end_session(db: Engine, session_id: str) -> None:
    with write_transaction(db) as conn:
        conn.execute(
            sa.delete(user_sessions).where(user_sessions.c.session_hash == digest(session_id))
        )


def session_count(db: Engine, username: str) -> int:
    with read_transaction(db) as conn:
        query = sa.select(sa.func.count()).where(user_sessions.c.username == username)
        return int(conn.execute(query).scalar_one())  # a count: always one row


# --- API clients ----------------------------------------------------------------------------
def _client(row: Any) -> dict[str, Any]:
    out = {k: row[k] for k in ("client_id", "name", "role", "unit_ids", "created_at")}
    out["unit_ids"] = list(out["unit_ids"]) if out["unit_ids"] is not None else None
    out["revoked_at"] = row.get("revoked_at")
    return out


def create_client(
    db: Engine, name: str, role: str, actor: str, unit_ids: Sequence[str] | None = None
) -> dict[str, Any]:
    """A new API client; the answer holds its `key`, the only time it is ever shown."""
    _check_role(role, CLIENT_ROLES)
    if not (name or "").strip() or len(name) > 200:
        raise InvalidRowsError(refused(CLIENT_NAME_LENGTH), column="name")
    key = KEY_PREFIX + new_secret()
    row: dict[str, Any] = {
        "client_id": secrets.token_hex(8),
        "name": name.strip(),
        "role": role,
        "unit_ids": _units(unit_ids),
        "key_hash": digest(key),
        "created_by": actor,
        "created_at": utc_now(),
    }
    with write_transaction(db) as conn:
        conn.execute(sa.insert(api_clients), row)
        shown = _client(row)
        record(conn, [_entry("api_client.created", "api_client", row["client_id"], None, shown)],
               actor)  # fmt: skip
    return {**shown, "key": key}


def list_clients(db: Engine, include_revoked: bool = False) -> list[dict[str, Any]]:
    query = sa.select(api_clients).order_by(api_clients.c.created_at, api_clients.c.client_id)
    if not include_revoked:
        query = query.where(api_clients.c.revoked_at.is_(None))
    with read_transaction(db) as conn:
        return [_client(r) for r in conn.execute(query).mappings()]


def revoke_client(db: Engine, client_id: str, actor: str) -> dict[str, Any]:
    """Revoke a client's key at once (RecordNotFoundError if unknown or already revoked)."""
    if not CLIENT_ID_PATTERN.fullmatch(client_id or ""):
        raise RecordNotFoundError(refused(NO_CLIENT, client_id=client_id))
    with write_transaction(db) as conn:
        query = sa.select(api_clients).where(
            api_clients.c.client_id == client_id, api_clients.c.revoked_at.is_(None)
        )
        row = conn.execute(query).mappings().first()
        if row is None:
            raise RecordNotFoundError(refused(NO_CLIENT, client_id=client_id))
        now = utc_now()
        conn.execute(
            sa.update(api_clients)
            .where(api_clients.c.client_id == client_id)
            .values(revoked_by=actor, revoked_at=now)
        )
        after = {**_client(row), "revoked_at": now}
        record(conn, [_entry("api_client.revoked", "api_client", client_id, _client(row), after)],
               actor)  # fmt: skip
    return after


def client_by_key(db: Engine, key: str) -> dict[str, Any] | None:
    """The unrevoked client whose key this is, else None (one indexed lookup)."""
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    query = sa.select(api_clients).where(
        api_clients.c.key_hash == digest(key), api_clients.c.revoked_at.is_(None)
    )
    with read_transaction(db) as conn:
        row = conn.execute(query).mappings().first()
    return _client(row) if row is not None else None
