"""Refusals (409 details) in the page's language, translated from their codes.

The store's refusals (`store.Refusal`: `store.decisions`, `store.rules`, a plan's state in
`store.plan_states`) and the service's carry a code and values; a page looks the code up here
and fills in the values, ids and numbers kept (amounts as `Rp 5.500.000`). Why-not codes (a
nomination's rules) are labels (`labels.NOT_ELIGIBLE`). Anything else is shown as written;
no sentence is ever parsed.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

import store
from service.actions import users
from service.actions.nominations import DECIDED_TWICE
from service.actions.plan_states import STEP_FORBIDDEN
from service.web.formats import rupiah
from service.web.labels import NOT_ELIGIBLE, PLAN_STATES, STATUSES, label
from store import accounts
from store import errors as codes
from store.errors import InvalidRowsError, StoreError
from store.plan_states import IS_SET, NOT_NEXT, NOT_SET, STATE_CHANGED

HELD = {
    "approved": _l("already approved for"),
    "in_progress": _l("already enrolled in"),
    "completed": _l("has completed"),
}
# code -> the sentence with the refusal's values (as %(name)s)
MESSAGES = {
    codes.NO_FREE_SEAT: _l(
        "no free seat: %(taken)s of %(capacity)s taken, %(free)s free for %(n)s approvals"
    ),
    codes.OVER_BUDGET: _l(
        "over the nomination's budget: %(n)s approvals cost %(cost)s, more than %(budget)s"
    ),
    codes.HOLDS_PROGRAM: _l("%(what)s this program"),
    codes.HOLDS_SAME_COURSE: _l("%(what)s another session of the same course: program %(program)s"),
    codes.HOLDS_OVERLAPPING: _l(
        "%(what)s an overlapping session: program %(program)s, %(first)s to %(last)s"
    ),
    codes.LEFT_PROGRAM: _l("left this program (%(status)s)"),
    codes.PROGRAM_STARTED: _l("the program started on %(day)s: no seat is filled after the start"),
    codes.KEY_REUSED: _l("reused with a different request: use a new key"),
    DECIDED_TWICE: _l("decided more than once in this request"),
    # a plan's approval chain (`store.plan_states`, `service.actions.plan_states`)
    NOT_NEXT: _l("The plan is %(state)s: it cannot become %(to)s."),
    IS_SET: _l("The plan is set: it takes no more steps (make a new plan to change it)."),
    STATE_CHANGED: _l("The plan's state changed meanwhile: it is no longer %(state)s."),
    NOT_SET: _l("Only a set plan can be applied; this plan is %(state)s."),
    STEP_FORBIDDEN: _l("Your role may not move the plan to %(to)s."),
    # the accounts (`store.accounts`, `service.actions.users`)
    accounts.BAD_USERNAME: _l(
        "1 to 64 characters: lower-case letters, digits and . _ @ -, starting with a letter or"
        " digit"
    ),
    accounts.PASSWORD_LENGTH: _l("must be %(min)s to %(max)s characters long"),
    accounts.ROLE_NOT_ALLOWED: _l("must be one of %(allowed)s"),
    accounts.NO_UNITS: _l("give at least one unit, or leave the field empty (everyone)"),
    accounts.ADMIN_SCOPED: _l(
        "an admin sees the whole organisation: leave the units empty, or make the account a"
        " planner of those units"
    ),
    accounts.USERNAME_TAKEN: _l("the username %(name)s is taken"),
    accounts.NO_USER: _l("no user %(name)s"),
    accounts.CLIENT_NAME_LENGTH: _l("must be 1 to 200 characters"),
    accounts.NO_CLIENT: _l("no active API client %(client_id)s"),
    users.UNKNOWN_UNITS: _l("unknown units: %(units)s"),
    users.SELF_LOCKOUT: _l("an admin cannot disable or demote themselves"),
}
# the form field each column of an accounts refusal is typed into
FIELDS = {
    "username": _l("Username"),
    "password": _l("Password"),
    "role": _l("Role"),
    "unit_ids": _l("Units (and the units below them)"),
    "name": _l("Name"),
    "active": _l("State"),
}


def translated_refusal(reason: str) -> str:
    """One refusal reason in the page's language: a `store.Refusal` by its code, a why-not
    code by its label, anything else as written."""
    if isinstance(reason, store.Refusal) and reason.code in MESSAGES:
        return str(MESSAGES[reason.code]) % _shown(reason.values)
    if reason in NOT_ELIGIBLE:
        return label(NOT_ELIGIBLE, reason)
    return str(reason)


def translated_error(error: StoreError) -> str:
    """A store error in the page's language: its refusal (`translated_refusal`), after the
    form field it is about when it names one."""
    if isinstance(error, InvalidRowsError):
        said = translated_refusal(error.problem)
        field = FIELDS.get(error.column or "")
        return f"{field}: {said}" if field is not None else said
    return translated_refusal(error.args[0]) if error.args else str(error)


def _shown(values: dict[str, Any]) -> dict[str, Any]:
    """The values as the page shows them: words translated, amounts in rupiah."""
    shown = dict(values)
    if "held" in shown:
        shown["what"] = str(HELD[shown.pop("held")])
    if "status" in shown:
        shown["status"] = str(STATUSES[shown["status"]])
    for name in ("state", "next", "to"):  # a plan's states
        if shown.get(name) in PLAN_STATES:
            shown[name] = label(PLAN_STATES, shown[name])
    for name in ("cost", "budget"):
        if name in shown:  # the store writes 5,500,000; the pages, Rp 5.500.000
            shown[name] = rupiah(float(shown[name]))
    return shown
