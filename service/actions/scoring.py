"""Batch scoring for HR systems (`POST /v1/score`), within the caller's scope: a pair naming
an employee outside it is answered as one naming an unknown employee."""

from __future__ import annotations

from typing import Any

import numpy as np

from service.actions.actor import Actor
from service.actions.scope import in_scope
from service.current_engine import engine
from service.decision_store import current_live, live_fields


def score(actor: Actor, pairs: list[dict[str, str]]) -> dict[str, Any]:
    """Every pair's scores and rule flags (`model.answers.score`), in the request's order."""
    current = engine()
    seen = in_scope(actor, current.directory, [pair["employee_id"] for pair in pairs])
    results: list[dict[str, Any]] = list(pairs)
    shown = np.flatnonzero(seen)
    scored = current.score([pairs[i] for i in shown], current_live(current)) if len(shown) else []
    for i, answer in zip(shown, scored, strict=True):
        results[i] = answer
    for i in np.flatnonzero(~seen):
        message = f"unknown employee: {pairs[i]['employee_id']}"
        results[i] = {**pairs[i], "error": {"code": "not_found", "message": message}}
    return {"model_version": current.version, "results": results, **live_fields()}
