"""Nominating and deciding, as both the `/v1` nomination routes and the program page do it.

The engine computes the exposure record (rank, score, probability, expected gain, reasons,
model version) when the draft is made; the store keeps it and checks every approval rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import store
from model.participants import choose_participants, shown_items
from service.current_engine import engine
from service.decision_store import current_live, live_changed, program_facts, store_engine
from service.errors import ApiError
from service.fairness_policy import audit_turned_off, floor_for


def create_nomination(
    program_id: str,
    actor: str,
    *,
    employee_ids: Sequence[str] | None = None,
    selection: dict[str, Any] | None = None,
    note: str | None = None,
    budget: float | None = None,
    idempotency_key: str | None = None,
) -> dict[str, Any]:
    """A draft nomination of `employee_ids` (scored as shown, in this order) or of the employees
    a `selection` (the participants body) selects. `budget` defaults to the selection's.
    A selection that chooses nobody is a 409 conflict."""
    current = engine()
    if selection is not None:
        args, floor, source = floor_for(selection)
        live = current_live(current)
        chosen = choose_participants(current, program_id, live=live, fairness=floor, **args)
        audit_turned_off(source, "program", program_id)
        items = chosen["selected"]
    else:
        items = shown_items(current, program_id, list(employee_ids or ()))
    if not items:  # a valid request the current state cannot serve
        message = "the selection chose nobody: nothing to nominate"
        raise ApiError(409, "conflict", message, {"selection": [message]})
    if budget is None:
        budget = (selection or {}).get("budget")
    return store.create_nomination(
        store_engine(), program_id, _ranked(items), actor, current.version,
        note=note, budget=budget, idempotency_key=idempotency_key,
    )  # fmt: skip


def program_nominations(program_id: str) -> list[dict[str, Any]]:
    """The nominations of a program the bundle knows (NotFoundError, 404, for another)."""
    engine().directory.program_code(program_id)
    return store.list_nominations(store_engine(), program_id)


def decide_nomination(
    nomination_id: str, decisions: list[dict[str, Any]], actor: str
) -> dict[str, Any]:
    """Record the decisions and return the nomination. A refusal is a `store.ConflictError`
    (409, naming each employee and why; nothing recorded), so is an approval for a program
    that has started; an employee decided twice is a 409 too; an employee the nomination does
    not hold is 404."""
    current = engine()
    facts = program_facts(current)
    _once_each(decisions)
    # "started" as everywhere in the service: on or before the bundle's snapshot date
    as_of = current.state.as_of.date()
    try:
        answer = store.decide(store_engine(), nomination_id, decisions, actor, facts, as_of)
    except store.InvalidRowsError as error:
        # the schema and _once_each leave one cause: an employee not in this nomination
        raise ApiError(404, "not_found", str(error), error.details) from None
    live_changed()
    return answer


def _once_each(decisions: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    twice = sorted({d["employee_id"] for d in decisions if d["employee_id"] in seen
                    or seen.add(d["employee_id"])})  # fmt: skip
    if twice:
        why = ["decided more than once in this request"]
        raise ApiError(409, "conflict", "an employee is decided twice", dict.fromkeys(twice, why))


def _ranked(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**item, "rank": rank} for rank, item in enumerate(items, start=1)]
