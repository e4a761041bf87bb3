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
    "optimal": _l("optimal"),
    "feasible": _l("feasible"),
    "infeasible": _l("infeasible"),
    "sufficient": _l("enough evidence"),
    "insufficient": _l("not enough evidence"),
    # enrolments (an employee's training history)
    "completed": _l("completed"),
    "dropped": _l("dropped"),
    "failed": _l("failed"),
    "no_show": _l("no show"),
    "in_progress": _l("in progress"),
}
# programs.kind (contract section 5; Perlan LAN 10/2018): classical, then non-classical.
KINDS = {
    "structural": _l("leadership (structural)"),
    "functional": _l("functional"),
    "technical": _l("technical"),
    "managerial": _l("managerial"),
    "socio_cultural": _l("socio-cultural"),
    "workshop": _l("workshop"),
    "seminar": _l("seminar"),
    "technical_guidance": _l("technical guidance"),
    "socialisation": _l("socialisation"),
    "course": _l("course"),
    "coaching": _l("coaching"),
    "mentoring": _l("mentoring"),
    "e_learning": _l("e-learning"),
    "distance_learning": _l("distance learning"),
    "secondment": _l("secondment"),
    "internship": _l("internship"),
    "benchmarking": _l("benchmarking"),
    "self_study": _l("self-study"),
    "learning_community": _l("learning community"),
}
ROLES = {"planner": _l("planner"), "admin": _l("admin"), "system": _l("system")}


def label(labels: dict, code: str | None) -> str:
    """The label of a code; the code itself when it has none."""
    if code is None:
        return "–"
    return str(labels.get(code, code))


# The program page: why eligible employees were left out (`model.selection`), why an
# employee is not eligible (`model.why_not`), and where the why-not answer places them.
LEFT_OUT = {
    "below_probability_floor": _l("below the minimum completion probability"),
    "no_gain": _l("no measured need this program closes"),
    "unit_cap": _l("their unit already has its maximum"),
    "seat_limit": _l("the seats or the budget ran out"),
    "fairness_floor": _l("the fairness floor gave the seat to another group"),
}
NOT_ELIGIBLE = {
    "program_started": _l("the program has already started"),
    "not_in_units": _l("not in the chosen units"),
    "excluded": _l("excluded by the request"),
    "course_completed": _l("has already completed this course"),
    "enrolled": _l("already enrolled in this session"),
    "holds_course": _l("already approved or enrolled for this course"),
    "overlapping_session": _l("already approved or enrolled for a session on the same days"),
    "left_session": _l("left this session (dropped, failed or no-show)"),
    "below_min_grade": _l("rank (golongan) below the session's minimum, or none recorded"),
    "under_sanction": _l("a disciplinary sanction runs when the session starts"),
    "other_agency": _l("the session is open to another agency's employees only"),
    "outside_audience": _l("the program is for other positions or career stages"),
    "not_in_bundle": _l("not in the data the model was trained on"),
}
OUTCOMES = {
    "selected": _l("selected"),
    "waitlisted": _l("on the waitlist"),
    "left_out": _l("left out"),
    "not_eligible": _l("not eligible"),
}

# The audit log's actions (`store/`: plans, nominations, decisions, enrolments).
ACTIONS = {
    "plan.created": _l("plan saved"),
    "nomination.created": _l("nomination drafted"),
    "decision.approved": _l("nominee approved"),
    "decision.rejected": _l("nominee rejected"),
    "enrollment.created": _l("enrolment recorded"),
    "enrollment.updated": _l("enrolment changed"),
    "employee.viewed": _l("employee page opened"),
    "list.exported": _l("list exported"),
    "user.created": _l("account created"),
    "user.updated": _l("account changed"),
    "api_client.created": _l("API client created"),
    "api_client.revoked": _l("API client key revoked"),
    "plan.state": _l("plan moved a step"),
    "export.siasn_completions": _l("completions exported for SIASN"),
}

# A plan's approval chain (issue 24): its states, and the button of the step to each
PLAN_STATES = {
    "draft": _l("draft"),
    "verified": _l("verified"),
    "validated": _l("validated"),
    "set": _l("set"),
}
PLAN_STEPS = {
    "verified": _l("Verify (the unit)"),
    "validated": _l("Validate (the training agency)"),
    "set": _l("Set (the head of the agency)"),
}


# The fairness floor and its four-fifths check (`model.fairness_floor`): attributes and groups
FAIRNESS = {
    "age_group": _l("age group"),
    "gender": _l("gender"),
    "under 30": _l("under 30"),
    "30-39": "30–39",
    "40-49": "40–49",
    "50 and over": _l("50 and over"),
    "m": _l("men"),
    "f": _l("women"),
}
FAIRNESS_SOURCES = {
    "request": _l("applied on this page"),
    "agency_default": _l("the agency's default"),
    "turned_off": _l("the agency's default, turned off for this list (recorded in the audit log)"),
    "none": _l("none"),
}
