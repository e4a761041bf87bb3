"""Nominations: drafts that keep what the planner was shown (the exposure record).

Every function takes `db` (the SQLAlchemy engine) first and returns plain values: dicts, lists,
str, float and timezone-aware datetimes (keys ending in `_at`).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.engine import Connection, Engine

from features import columns as col
from store.audit import record
from store.database import read_transaction, write_transaction
from store.errors import InvalidRowsError, RecordNotFoundError, repeated_rows
from store.idempotency import remember_answer, request_hash, stored_answer
from store.tables import DRAFT, nomination_items, nominations, utc_now

ITEM_NUMBERS = ("score", "completion_probability", "expected_gain")
ITEM_FIELDS = (
    col.EMPLOYEE_ID,
    col.UNIT_ID,
    "rank",
    *ITEM_NUMBERS,
    "reasons",
    "model_version",
    "decision",
    "reason",
    "decided_by",
    "decided_at",
)


def create_nomination(
    db: Engine,
    program_id: str,
    items: Sequence[Mapping[str, Any]],
    created_by: str,
    model_version: str,
    note: str | None = None,
    budget: float | None = None,
    idempotency_key: str | None = None,
    include_outside_audience: bool = False,
    fingerprint: str | None = None,
) -> dict[str, Any]:
    """Store a draft nomination of `items` (each: `employee_id`, and as shown to the planner
    `rank`?, `unit_id`?, `score`?, `completion_probability`?, `expected_gain`?, `reasons`?).

    With `idempotency_key`, a repeat by the same `created_by` returns the first answer and
    creates nothing, even when both requests run at the same moment. `fingerprint` is the
    `request_hash` of the request as the client sent it (the service's; default: of the
    employees, note and budget), so that a retry matches whatever the engine computes since;
    the service looks the key up first (`replayed_nomination`).
    """
    rows = _item_rows(items, program_id, model_version)
    route = nomination_route(program_id)
    if fingerprint is None:
        ids = [r[col.EMPLOYEE_ID] for r in rows]
        fingerprint = nomination_fingerprint(program_id, ids, note, budget)
    head = {"note": note, "budget": budget, "include_outside_audience": include_outside_audience}
    for attempt in range(2):
        try:
            with write_transaction(db) as conn:
                if idempotency_key is not None:
                    first = stored_answer(conn, created_by, idempotency_key, route, fingerprint)
                    if first is not None:
                        return first
                answer = _insert(conn, program_id, rows, created_by, model_version, head)
                if idempotency_key is not None:
                    remember_answer(conn, created_by, idempotency_key, route, fingerprint, answer)
                return answer
        except exc.IntegrityError:
            # PostgreSQL: a concurrent request stored the same key first; answer as it did.
            if idempotency_key is None or attempt:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def nomination_fingerprint(
    program_id: str, employee_ids: Sequence[str], note: str | None, budget: float | None
) -> str:
    """The fingerprint of a nomination of these employees when the caller gives none (an
    applied plan: its saved list is the request)."""
    return request_hash([program_id, list(employee_ids), note, budget])


def nomination_route(program_id: str) -> str:
    """What an idempotency key of a nomination is stored under, beside the request's hash."""
    return f"POST nominations {program_id}"


def replayed_nomination(
    db: Engine, actor: str, key: str, program_id: str, fingerprint: str
) -> dict[str, Any] | None:
    """The first answer given to (`actor`, `key`) for this request, None for a new key;
    ConflictError for a key used with another request. Read before anything is computed, so
    a retry gets its answer whatever changed since (approvals, the model)."""
    with read_transaction(db) as conn:
        return stored_answer(conn, actor, key, nomination_route(program_id), fingerprint)


def get_nomination(db: Engine, nomination_id: str) -> dict[str, Any]:
    """The nomination with each employee's decision; RecordNotFoundError if there is none."""
    with read_transaction(db) as conn:
        return load_nomination(conn, nomination_id)


def list_nominations(db: Engine, program_id: str) -> list[dict[str, Any]]:
    """The program's nominations, newest first, each with its items."""
    with read_transaction(db) as conn:
        heads = conn.execute(
            sa.select(nominations)
            .where(nominations.c.program_id == program_id)
            .order_by(nominations.c.created_at.desc(), nominations.c.nomination_id)
        ).mappings()
        found = [dict(h) for h in heads]
        items = _items_of(conn, [h["nomination_id"] for h in found])
    return [_answer(h, items.get(h["nomination_id"], [])) for h in found]


def load_nomination(conn: Connection, nomination_id: str) -> dict[str, Any]:
    """One nomination read in the caller's transaction."""
    head = (
        conn.execute(sa.select(nominations).where(nominations.c.nomination_id == nomination_id))
        .mappings()
        .first()
    )
    if head is None:
        raise RecordNotFoundError(f"nomination not found: {nomination_id}")
    return _answer(dict(head), _items_of(conn, [nomination_id]).get(nomination_id, []))


def _insert(
    conn: Connection,
    program_id: str,
    rows: list[dict[str, Any]],
    created_by: str,
    model_version: str,
    given: dict[str, Any],
) -> dict[str, Any]:
    """`given`: the nomination's note, budget and include_outside_audience."""
    nomination_id = uuid.uuid4().hex
    now = utc_now()
    head = {
        "nomination_id": nomination_id,
        col.PROGRAM_ID: program_id,
        "status": DRAFT,
        **given,
        "model_version": model_version,
        "created_by": created_by,
        "created_at": now,
        "updated_at": now,
    }
    conn.execute(sa.insert(nominations).values(head))
    conn.execute(sa.insert(nomination_items), [{**r, "nomination_id": nomination_id} for r in rows])
    answer = load_nomination(conn, nomination_id)
    entry = {"action": "nomination.created", "entity": "nomination", "entity_id": nomination_id}
    record(conn, [{**entry, "before": None, "after": answer}], created_by, model_version)
    return answer


def _item_rows(
    items: Sequence[Mapping[str, Any]], program_id: str, model_version: str
) -> list[dict[str, Any]]:
    """The items as table rows; InvalidRowsError for an empty list, a missing or repeated id."""
    if not items:
        raise InvalidRowsError("a nomination needs at least one employee", column="items")
    ids = [item.get(col.EMPLOYEE_ID) for item in items]
    missing = [i + 1 for i, e in enumerate(ids) if not isinstance(e, str) or not e.strip()]
    if missing:
        raise InvalidRowsError("an employee id is required", col.EMPLOYEE_ID, missing)
    repeated = repeated_rows(ids)
    if repeated:
        raise InvalidRowsError("the same employee is listed twice", col.EMPLOYEE_ID, repeated)
    return [
        {
            col.EMPLOYEE_ID: item[col.EMPLOYEE_ID],
            col.PROGRAM_ID: program_id,
            col.UNIT_ID: item.get(col.UNIT_ID),
            "rank": int(item.get("rank") or position + 1),
            **{name: _number(item.get(name)) for name in ITEM_NUMBERS},
            "reasons": [str(r) for r in item.get("reasons") or []],
            "model_version": item.get("model_version") or model_version,
        }
        for position, item in enumerate(items)
    ]


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _items_of(conn: Connection, nomination_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    if not nomination_ids:
        return found
    rows = conn.execute(
        sa.select(nomination_items)
        .where(nomination_items.c.nomination_id.in_(nomination_ids))
        .order_by(nomination_items.c.rank, nomination_items.c.employee_id)
    ).mappings()
    for row in rows:
        found.setdefault(row["nomination_id"], []).append({f: row[f] for f in ITEM_FIELDS})
    return found


def _answer(head: dict[str, Any], items: list[dict[str, Any]]) -> dict[str, Any]:
    return {**head, "items": items}
