"""Which fairness floor a request gets: its own, the agency's default, or none.

A participants body (or plan request) may carry `"fairness": {"attribute", "min_ratio"}` (that
floor), `"fairness": null` (no floor) or nothing (the agency's `FAIRNESS_DEFAULT`, off unless
configured). A planner who turns the agency's floor off with `null` is recorded in the audit
log: the policy is the agency's, the exception is theirs.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

import store
from model.fairness_floor import FairnessFloor
from service.decision_store import store_db

REQUEST, AGENCY_DEFAULT, TURNED_OFF, NONE = "request", "agency_default", "turned_off", "none"


def agency_floor(config: dict[str, Any] | None = None) -> FairnessFloor | None:
    """The configured default (`"age_group:0.8"`), or None. A malformed setting is a startup
    error of the configuration, raised as ValueError naming it."""
    raw = str((config if config is not None else current_app.config).get("FAIRNESS_DEFAULT") or "")
    if not raw.strip():
        return None
    attribute, _, ratio = raw.strip().partition(":")
    try:
        return FairnessFloor(attribute.strip(), float(ratio or 0.8))
    except ValueError as exc:
        raise ValueError(f"FAIRNESS_DEFAULT={raw!r}: {exc}") from exc


def floor_for(args: dict[str, Any]) -> tuple[dict[str, Any], FairnessFloor | None, str]:
    """(args without `fairness`, the floor that holds, its source: request, agency_default,
    turned_off or none)."""
    args = dict(args)
    asked = args.pop("fairness", ...)
    default = agency_floor()
    if asked is ...:
        return args, default, AGENCY_DEFAULT if default is not None else NONE
    if asked is not None:
        return args, FairnessFloor(asked["attribute"], float(asked["min_ratio"])), REQUEST
    return args, None, NONE if default is None else TURNED_OFF


def audit_turned_off(source: str, entity: str, entity_id: str, actor: str) -> None:
    """Write to the audit log, by `actor`, that the agency's floor was turned off for
    `entity` (a program, a plan); nothing for another `source`."""
    if source != TURNED_OFF:
        return
    default = agency_floor()
    entry = {
        "action": "fairness.floor_turned_off",
        "entity": entity,
        "entity_id": entity_id,
        "before": {"attribute": default.attribute, "min_ratio": default.min_ratio},
        "after": None,
    }
    store.record_event(store_db(), entry, actor)


def stamped(answer: dict[str, Any], source: str) -> dict[str, Any]:
    """The answer's summary says which floor held (`fairness_source`, `fairness.source`)."""
    summary = answer["summary"]
    summary["fairness_source"] = source
    if "fairness" in summary:
        summary["fairness"]["source"] = source
    return answer


def plan_stamped(plan: dict[str, Any], source: str) -> dict[str, Any]:
    """A plan answer saying which floor held (`summary.fairness_source`)."""
    summary = plan.setdefault("summary", {})
    summary["fairness_source"] = source
    if "fairness" in summary:
        summary["fairness"]["source"] = source
    return plan
