"""Live enrolments from an LMS: checked like the export, stored all or nothing, effective at
once (the live state is read again)."""

from __future__ import annotations

from typing import Any

import numpy as np

import store
from features import columns as col
from model.engine import Engine
from service.actions.actor import Actor
from service.actions.errors import MissingError
from service.actions.scope import in_scope
from service.current_engine import engine
from service.decision_store import forget_live_state, store_db


def upsert_enrollments(actor: Actor, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Store `rows` by (employee_id, program_id), by `actor`, and return the counts. Ids the
    serving data does not know are MissingError (404); rows that break the contract or a
    status change back from an outcome are `store.InvalidRowsError` (422); both name rows."""
    _known_ids(engine(), rows, actor)
    counts = store.upsert_enrollments(store_db(), rows, actor.name)
    forget_live_state()
    return counts


def _known_ids(current: Engine, rows: list[dict[str, Any]], actor: Actor) -> None:
    """MissingError naming the first rows (1-based) whose employee or program the serving data
    does not know (an employee outside `actor`'s scope is unknown); the ids are not echoed."""
    # plain lists: a frame would cast the ids to Arrow strings, which refuse a lone surrogate
    employee_ids = [row[col.EMPLOYEE_ID] for row in rows]
    e, p = current.directory.pair_codes(employee_ids, [row[col.PROGRAM_ID] for row in rows])
    if actor.scoped:
        e = np.where(in_scope(actor, current.directory, employee_ids), e, -1)
    for column, codes in ((col.EMPLOYEE_ID, e), (col.PROGRAM_ID, p)):
        unknown = np.flatnonzero(codes < 0)
        if len(unknown):
            error = store.InvalidRowsError(
                f"unknown {column}: not in the serving data", column, (unknown + 1).tolist()
            )
            raise MissingError(str(error), error.details)
