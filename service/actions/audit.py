"""The append-only audit log of decisions and enrolment changes (admins read it)."""

from __future__ import annotations

from typing import Any

import store
from service.actions.actor import Actor
from service.actions.errors import MissingError
from service.decision_store import store_db


def audit_page(reader: Actor, **args: Any) -> dict[str, Any]:
    """One page of the audit log for `reader`, newest first (filters `since`, `until`,
    `actor`, `limit`, `cursor`); MissingError (404) for a cursor this log did not give out."""
    try:
        return store.audit_page(store_db(), **args)
    except store.InvalidRowsError as error:  # the schema leaves one cause: the cursor
        raise MissingError("unknown cursor: not one this log gave out") from error
