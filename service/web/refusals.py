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
from service.actions.nominations import DECIDED_TWICE
from service.actions.plan_states import STEP_FORBIDDEN
from service.web.formats import rupiah
from service.web.labels import NOT_ELIGIBLE, PLAN_STATES, STATUSES, label
from store import errors as codes
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
}


def translated_refusal(reason: str) -> str:
    """One refusal reason in the page's language: a `store.Refusal` by its code, a why-not
    code by its label, anything else as written."""
    if isinstance(reason, store.Refusal) and reason.code in MESSAGES:
        return str(MESSAGES[reason.code]) % _shown(reason.values)
    if reason in NOT_ELIGIBLE:
        return label(NOT_ELIGIBLE, reason)
    return str(reason)


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
