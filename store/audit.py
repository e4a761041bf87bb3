"""The append-only audit log: every decision and enrolment change, and its pages.

Rows are only ever inserted (triggers refuse UPDATE and DELETE). Pages run newest first by id,
with a keyset cursor, so a page boundary never moves when rows are added meanwhile.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from store.database import read_transaction, write_transaction
from store.errors import InvalidRowsError
from store.tables import audit_log, utc_now

MAX_LIMIT = 500


def jsonable(value: Any) -> Any:
    """`value` with dates as ISO text and numpy scalars as Python ones: safe in a JSON column."""
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        return value.item()
    return value


def record(
    conn: Connection,
    entries: Sequence[Mapping[str, Any]],
    actor: str,
    model_version: str | None = None,
) -> None:
    """Insert audit rows (each with `action`, `entity`, `entity_id`, `before`, `after`) in the
    caller's transaction, so a change and its audit row commit or vanish together."""
    if not entries:
        return
    at = utc_now()
    rows = [
        {
            "at": at,
            "actor": actor,
            "action": e["action"],
            "entity": e["entity"],
            "entity_id": e["entity_id"],
            "before": jsonable(e.get("before")),
            "after": jsonable(e.get("after")),
            "model_version": e.get("model_version", model_version),
        }
        for e in entries
    ]
    conn.execute(sa.insert(audit_log), rows)


def record_event(
    engine: Engine, entry: Mapping[str, Any], actor: str, model_version: str | None = None
) -> None:
    """One audit row in its own transaction: an act that changes nothing else in the store
    (a planner turning the agency's fairness floor off for a program)."""
    with write_transaction(engine) as conn:
        record(conn, [entry], actor, model_version)


def audit_page(
    engine: Engine,
    since: datetime | None = None,
    until: datetime | None = None,
    actor: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> dict[str, Any]:
    """One page of the log, newest first: `items` and `next_cursor` (None on the last page).

    `since` is inclusive, `until` exclusive; `cursor` is the `next_cursor` of the page before.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidRowsError(f"must be between 1 and {MAX_LIMIT}", column="limit")
    query = sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(limit + 1)
    if cursor is not None:
        query = query.where(audit_log.c.id < _cursor_id(cursor))
    if since is not None:
        query = query.where(audit_log.c.at >= since)
    if until is not None:
        query = query.where(audit_log.c.at < until)
    if actor is not None:
        query = query.where(audit_log.c.actor == actor)
    with read_transaction(engine) as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    more = len(rows) > limit
    items = rows[:limit]
    return {"items": items, "next_cursor": _cursor_of(items[-1]["id"]) if more else None}


def _cursor_of(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"audit:{last_id}".encode()).decode().rstrip("=")


def _cursor_id(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, _, number = text.partition(":")
        if prefix != "audit":
            raise ValueError(cursor)
        return int(number)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidRowsError("not a cursor this log gave out", column="cursor") from None
