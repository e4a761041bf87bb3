"""An employee's competency-gap profile, recommended programs and training history."""

from __future__ import annotations

from typing import Any

from model.employee_history import training_history
from service.actions.actor import Actor
from service.actions.scope import require_employee
from service.current_engine import engine
from service.decision_store import current_live, live_fields


def gap_profile(actor: Actor, employee_id: str) -> dict[str, Any]:
    """The employee's competency gaps; NotFoundError for an unknown employee (or one
    outside the actor's scope, as everywhere below)."""
    current = engine()
    require_employee(actor, current.directory, employee_id)
    return {**current.gaps(employee_id), "model_version": current.version}


def recommendations(actor: Actor, employee_id: str, **options: Any) -> dict[str, Any]:
    """The programs recommended to the employee (the live state's seats and holdings in)."""
    current = engine()
    require_employee(actor, current.directory, employee_id)
    items = current.recommend(employee_id, live=current_live(current), **options)
    return {"employee_id": employee_id, "model_version": current.version, "items": items,
            **live_fields()}  # fmt: skip


def history(actor: Actor, employee_id: str) -> dict[str, Any]:
    """Past and running enrolments known at the bundle's snapshot, newest first."""
    current = engine()
    require_employee(actor, current.directory, employee_id)
    return {**training_history(current, employee_id), "model_version": current.version}


def employee_overview(actor: Actor, employee_id: str, **options: Any) -> dict[str, Any]:
    """What the employee's page shows: `profile`, `history` and `recommendations` (items)."""
    current = engine()
    require_employee(actor, current.directory, employee_id)
    return {
        "profile": current.gaps(employee_id),
        "history": training_history(current, employee_id),
        "recommendations": current.recommend(employee_id, live=current_live(current), **options),
    }
