"""Saved plans: the inputs and result of an annual plan, kept as they were answered."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from store.audit import jsonable, record
from store.database import read_transaction, write_transaction
from store.errors import RecordNotFoundError
from store.tables import PLAN_STATES, plans, utc_now


def save_plan(
    db: Engine,
    inputs: Mapping[str, Any],
    result: Mapping[str, Any],
    created_by: str,
    model_version: str,
    plan_id: str | None = None,
) -> dict[str, Any]:
    """Store a plan (under `plan_id`, the one its answer names, or a new one) and return it
    with its `plan_id` and `created_at`."""
    row = {
        "plan_id": plan_id or uuid.uuid4().hex,
        "created_at": utc_now(),
        "created_by": created_by,
        "model_version": model_version,
        "inputs": jsonable(inputs),
        "result": jsonable(result),
        "state": PLAN_STATES[0],  # a new plan is a draft (store/plan_states.py)
    }
    with write_transaction(db) as conn:
        conn.execute(sa.insert(plans).values(row))
        entry = {"action": "plan.created", "entity": "plan", "entity_id": row["plan_id"]}
        record(conn, [{**entry, "after": {"inputs": row["inputs"]}}], created_by, model_version)
    return row


def get_plan(db: Engine, plan_id: str) -> dict[str, Any]:
    """The saved plan; RecordNotFoundError if there is none."""
    with read_transaction(db) as conn:
        row = conn.execute(sa.select(plans).where(plans.c.plan_id == plan_id)).mappings().first()
    if row is None:
        raise RecordNotFoundError(f"plan not found: {plan_id}")
    return dict(row)


def list_plans(db: Engine, limit: int = 20) -> list[dict[str, Any]]:
    """The newest `limit` plans, newest first: who made them, their inputs, and the headline of
    their result (status, reason, objective, greedy objective, budget used), not the
    participants (a plan of the 65k world holds thousands)."""
    result = plans.c.result
    query = (
        sa.select(
            plans.c.plan_id,
            plans.c.created_at,
            plans.c.created_by,
            plans.c.model_version,
            plans.c.inputs,
            plans.c.state,
            result["status"].as_string().label("status"),
            result["reason"].as_string().label("reason"),
            result["objective"].as_float().label("objective"),
            result["greedy_objective"].as_float().label("greedy_objective"),
            result["budget_used"].as_float().label("budget_used"),
        )
        .order_by(plans.c.created_at.desc(), plans.c.plan_id)
        .limit(limit)
    )
    with read_transaction(db) as conn:
        return [dict(row) for row in conn.execute(query).mappings()]
