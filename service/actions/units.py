"""A unit's training needs (its sub-units in), for the API, the unit page and its export."""

from __future__ import annotations

from typing import Any

from model.unit_needs import unit_needs
from service.actions.actor import Actor
from service.actions.scope import require_unit
from service.current_engine import engine
from service.decision_store import current_live, live_fields


def needs(actor: Actor, unit_id: str) -> dict[str, Any]:
    """The unit's needs with the model version and how fresh the live state was;
    NotFoundError for an unknown unit, or one outside the actor's scope."""
    current = engine()
    require_unit(actor, current.directory, unit_id)
    found = unit_needs(current, unit_id, current_live(current))
    return {**found, "model_version": current.version, **live_fields()}
