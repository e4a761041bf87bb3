"""Idempotency keys: a retried POST with the same key (and actor) gets the first answer back.

The key is stored in the same transaction as what the request created, so either both exist or
neither does. Two requests racing with one key: on SQLite the write lock orders them, on
PostgreSQL the loser's insert of the key fails on the primary key and it reads the winner's
answer instead (see `store.nominations.create_nomination`).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from store.audit import jsonable
from store.errors import KEY_REUSED, ConflictError, refusal
from store.tables import idempotency_keys, utc_now

KEY_HEADER = "Idempotency-Key"


def request_hash(request: Any) -> str:
    """A fingerprint of what a request asks for: one key may not be reused for another."""
    text = json.dumps(jsonable(request), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def stored_answer(
    conn: Connection, actor: str, key: str, route: str, fingerprint: str
) -> dict[str, Any] | None:
    """The first answer given under (`actor`, `key`), or None if the key is new."""
    row = conn.execute(
        sa.select(idempotency_keys).where(
            idempotency_keys.c.actor == actor, idempotency_keys.c.key == key
        )
    ).first()
    if row is None:
        return None
    if row.route != route or row.request_hash != fingerprint:
        raise ConflictError(
            f"this {KEY_HEADER} was already used for a different request",
            {KEY_HEADER: [refusal(KEY_REUSED)]},
        )
    return _revived(row.response)


def remember_answer(
    conn: Connection,
    actor: str,
    key: str,
    route: str,
    fingerprint: str,
    answer: dict[str, Any],
    status: int = 201,
) -> None:
    """Store the answer under (`actor`, `key`) in the caller's transaction."""
    conn.execute(
        sa.insert(idempotency_keys).values(
            actor=actor,
            key=key,
            route=route,
            request_hash=fingerprint,
            status=status,
            response=jsonable(answer),
            created_at=utc_now(),
        )
    )


def _revived(value: Any, key: str = "") -> Any:
    """A stored answer as it was first given: the store's timestamps (keys `*_at`) as datetimes."""
    if isinstance(value, dict):
        return {k: _revived(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_revived(v) for v in value]
    if isinstance(value, str) and key.endswith("_at"):
        return datetime.fromisoformat(value)
    return value
