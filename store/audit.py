"""The append-only audit log: every decision and enrolment change, and its pages.

Rows are only ever inserted (triggers refuse UPDATE and DELETE). Pages run newest first with a
keyset cursor, so a page boundary never moves when rows are added meanwhile.

A row must also never appear behind a page already read. On SQLite writers take turns, so ids
follow commit order and pages run by id. On PostgreSQL ids are drawn at insert and commit in
any order: a transaction still in flight may commit a lower id after a higher one was read,
and a reader paging by id (or tailing the log from the top) would never see it. So each row
keeps the id of the transaction that wrote it (`writer_xid`, migration 0002), pages run by
(`writer_xid`, `id`), and a page shows only rows of transactions older than the oldest one
still in flight (`pg_snapshot_xmin` of the read's snapshot): below that line nothing can be
added any more, so no cursor can step over a late row. The price: a row shows a moment later,
once every older transaction has ended (milliseconds, unless a transaction is held open; the
service's `statement_timeout` bounds its own).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from store.database import is_postgres, read_transaction, write_transaction
from store.errors import InvalidRowsError
from store.tables import audit_log, utc_now

MAX_LIMIT = 500
# entries that record a read of personal data, not a change: they never move the live state's
# generation (`store.live`), so opening an employee page does not make every worker re-read it
READ_ACTIONS = ("employee.viewed", "list.exported")
# PostgreSQL: rows of transactions that have all ended, in (writer, id) order (migration 0002)
_SETTLED = sa.text("audit_log.writer_xid < pg_snapshot_xmin(pg_current_snapshot())")
_BEFORE = sa.text("(audit_log.writer_xid, audit_log.id) < (CAST(:xid AS xid8), :id)")
_WRITER: sa.Label[str] = sa.literal_column("audit_log.writer_xid::text").label("writer_xid")


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
    db: Engine, entry: Mapping[str, Any], actor: str, model_version: str | None = None
) -> None:
    """One audit row in its own transaction: an act that changes nothing else in the store
    (a planner turning the agency's fairness floor off for a program)."""
    with write_transaction(db) as conn:
        record(conn, [entry], actor, model_version)


def audit_page(
    db: Engine,
    since: datetime | None = None,
    until: datetime | None = None,
    actor: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
    employee_id: str | None = None,
) -> dict[str, Any]:
    """One page of the log, newest first: `items` and `next_cursor` (None on the last page).

    `employee_id`: only the entries about this employee (their page opened, their
    nomination items and decisions, their enrolments: ids `<id>`, `<nomination>/<id>`,
    `<id>/<program>`).

    `since` is inclusive, `until` exclusive; `cursor` is the `next_cursor` of the page before.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidRowsError(f"must be between 1 and {MAX_LIMIT}", column="limit")
    after = _cursor_key(cursor) if cursor is not None else None
    query = sa.select(audit_log)
    if since is not None:
        query = query.where(audit_log.c.at >= since)
    if until is not None:
        query = query.where(audit_log.c.at < until)
    if actor is not None:
        query = query.where(audit_log.c.actor == actor)
    if employee_id is not None:
        query = query.where(about_employee(employee_id))
    with read_transaction(db) as conn:
        query = _by_writer(query, after) if is_postgres(conn) else _by_id(query, after)
        rows = [dict(r) for r in conn.execute(query.limit(limit + 1)).mappings()]
    more = len(rows) > limit
    items = rows[:limit]
    last = items[-1] if more else None
    for item in items:
        item.pop("writer_xid", None)
    return {"items": items, "next_cursor": _cursor_of(last) if last else None}


def about_employee(employee_id: str) -> sa.ColumnElement[bool]:
    """Entries whose entity id is the employee's, or a pair naming them (a nomination item,
    an enrolment). A scan of the log: an admin's occasional question, not a hot path."""
    escaped = employee_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    ids = audit_log.c.entity_id
    return sa.or_(
        sa.and_(ids == employee_id, audit_log.c.entity == "employee"),
        sa.and_(ids.like(f"%/{escaped}", escape="\\"), audit_log.c.entity == "nomination_item"),
        sa.and_(ids.like(f"{escaped}/%", escape="\\"), audit_log.c.entity == "enrollment"),
    )


def _by_id(query: sa.Select, after: tuple[str | None, int] | None) -> sa.Select:
    """SQLite: one writer at a time, so ids are in commit order."""
    if after is not None:
        query = query.where(audit_log.c.id < after[1])
    return query.order_by(audit_log.c.id.desc())


def _by_writer(query: sa.Select, after: tuple[str | None, int] | None) -> sa.Select:
    """PostgreSQL: settled rows only, newest writer first (see the module's docstring)."""
    query = query.add_columns(_WRITER).where(_SETTLED)
    if after is not None and after[0] is not None:
        query = query.where(_BEFORE.bindparams(xid=after[0], id=after[1]))
    elif after is not None:  # a cursor given out before migration 0002: by id, as it was
        query = query.where(audit_log.c.id < after[1])
    return query.order_by(sa.text("audit_log.writer_xid DESC"), audit_log.c.id.desc())


def _cursor_of(row: Mapping[str, Any]) -> str:
    key = f"{row['writer_xid']}:{row['id']}" if row.get("writer_xid") else str(row["id"])
    return base64.urlsafe_b64encode(f"audit:{key}".encode()).decode().rstrip("=")


def _cursor_key(cursor: str) -> tuple[str | None, int]:
    """(writer transaction or None, id) of a cursor this log gave out."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, _, key = text.partition(":")
        writer, _, number = key.rpartition(":")
        if prefix != "audit" or (writer and not (writer.isdigit() and int(writer) < 2**64)):
            raise ValueError(cursor)
        return writer or None, int(number)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidRowsError("not a cursor this log gave out", column="cursor") from None
