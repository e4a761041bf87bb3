"""A person's request to see what is held about them (UU 27/2022): every record about one
employee, for an admin to hand over. `GET /v1/employees/<id>/personal-data` and
`flask --app service personal-data EMPLOYEE_ID` call this."""

from __future__ import annotations

from typing import Any

import numpy as np
from sqlalchemy.engine import Engine as StoreEngine

from model.employee_history import training_history
from model.engine import Engine
from service.actions.actor import Actor
from service.actions.scope import require_employee
from service.actions.users import require_admin
from store.audit import jsonable
from store.personal_data import records_about


def personal_data(actor: Actor, engine: Engine, store: StoreEngine, employee_id: str) -> dict:
    """`profile` (the HR export's row as the model reads it, and the competency gaps),
    `history` (training known at the snapshot), and from the decision store `nominations`,
    `enrollments` and `audit`. An unknown employee is the engine's NotFoundError (404)."""
    require_admin(actor)
    require_employee(actor, engine.directory, employee_id)
    gaps = engine.gaps(employee_id)  # NotFoundError first: nothing is read for an unknown id
    e = engine.directory.employee_code(employee_id)
    described = engine.directory.describe(np.asarray([e])).iloc[0].to_dict()
    profile: dict[str, Any] = {"employee_id": employee_id, **described, "gaps": gaps}
    return jsonable(
        {
            "employee_id": employee_id,
            "model_version": engine.version,
            "profile": profile,
            "history": training_history(engine, employee_id),
            **records_about(store, employee_id),
        }
    )
