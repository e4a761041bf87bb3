"""Who looked at whom: opening an employee's page and exporting a list of employees are audit
entries (who, what, when), as UU 27/2022 expects of personal data (docs/personal-data.md).

Recorded after the view answered 200, by endpoint name, so the views stay as they are: a new
page or export of personal data is added to `AUDITED` (tests/service/test_access_audit.py
fails when a listed endpoint is gone). While the store cannot be written the page is still
served and the miss is logged (the read routes stay up during a store outage by design).
"""

from __future__ import annotations

import logging

from flask import Flask, current_app, g, request
from flask.wrappers import Response

import store

log = logging.getLogger(__name__)
VIEWED, EXPORTED = store.READ_ACTIONS  # reads: they leave the live state's generation alone
# endpoint -> (action, entity, the view argument naming it)
AUDITED: dict[str, tuple[str, str, str]] = {
    "web_employees.employee": (VIEWED, "employee", "employee_id"),
    "web_programs.participants_csv": (EXPORTED, "program_participants", "program_id"),
    "web_programs.participants_xlsx": (EXPORTED, "program_participants", "program_id"),
    "web_units.needs_xlsx": (EXPORTED, "unit_needs", "unit_id"),
    "web_plans.plan_xlsx": (EXPORTED, "plan", "plan_id"),
    "plans.plan_xlsx": (EXPORTED, "plan", "plan_id"),
    "personal_data.personal_data": (EXPORTED, "employee", "employee_id"),
}


def install_access_audit(app: Flask) -> None:
    app.after_request(_record_access)


def _record_access(response: Response) -> Response:
    audited = AUDITED.get(request.endpoint or "")
    if audited is None or response.status_code != 200 or "actor" not in g:
        return response
    action, entity, argument = audited
    entity_id = str((request.view_args or {}).get(argument, ""))
    what = request.path.rsplit("/", 1)[-1] if action == EXPORTED else None
    entry = {"action": action, "entity": entity, "entity_id": entity_id,
             "after": {"format": what} if what else None}  # fmt: skip
    try:
        store.record_event(current_app.extensions["tna_store"], entry, g.actor)
    except store.StoreUnavailableError as error:
        log.warning("access not recorded (the store is unavailable): %s %s", action, error)
    return response
