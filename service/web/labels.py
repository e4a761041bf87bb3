"""Names a page shows for the contract's codes (methods, statuses, roles), in the page's
language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

METHODS = {
    "classroom": _l("classroom"),
    "e_learning": _l("e-learning"),
    "workshop": _l("workshop"),
    "blended": _l("blended"),
}
STATUSES = {
    "open": _l("open"),
    "full": _l("full"),
    "draft": _l("draft"),
    "approved": _l("approved"),
    "rejected": _l("rejected"),
    "pending": _l("pending"),
    # enrolments (an employee's training history)
    "completed": _l("completed"),
    "dropped": _l("dropped"),
    "failed": _l("failed"),
    "no_show": _l("no show"),
    "in_progress": _l("in progress"),
}
ROLES = {"planner": _l("planner"), "admin": _l("admin"), "system": _l("system")}


def label(labels: dict, code: str | None) -> str:
    """The label of a code; the code itself when it has none."""
    if code is None:
        return "–"
    return str(labels.get(code, code))
