"""One program's page (`/app/programs/<program_id>`): the recommended participants under the
constraints of a GET form, who was left out and why, "why not this employee?", nominating and
deciding. Every number comes from `service.actions.programs`, whose selection, why-not,
drafting and deciding are the `/v1` routes' own; each view reads the request, calls one action
(`program_overview`, `nominate`, `decide`: tests/test_one_action_per_page.py) and renders or
redirects. The seats line counts what the live state counts (`store.live`):
a participant who left before the start gives the seat back, and the recommended replacement
and the waitlist fill it.
"""

from __future__ import annotations

import uuid
from typing import Any

import marshmallow as ma
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from model.fairness_floor import AGE_GROUP, FOUR_FIFTHS
from service import metrics
from service.actions import programs
from service.auth import current_actor
from service.decision_schemas import DecisionsRequestSchema, NominationRequestSchema
from service.errors import ApiError
from service.fairness_policy import agency_floor
from service.request_schemas import ParticipantsRequestSchema
from service.web import labels
from service.web.forms import query_args
from service.web.programs import bp
from service.web.refusals import translated_refusal

WHY_NOT = "employee_id"  # the why-not form's field, beside the constraints in the query string
FAIR = "fair"  # the fairness switch: a hidden "0" and a checkbox "1" (ticked: both are sent)


def fairness_switch(args: MultiDict) -> dict[str, Any]:
    """The page's one switch as the body's `fairness`: ticked, the agency's floor (or the
    four-fifths rule by age group); unticked, none; never touched, nothing (the default)."""
    values = args.getlist(FAIR)
    if "1" in values:
        floor = agency_floor()
        if floor is None:
            return {"fairness": {"attribute": AGE_GROUP, "min_ratio": FOUR_FIFTHS}}
        return {"fairness": {"attribute": floor.attribute, "min_ratio": floor.min_ratio}}
    return {"fairness": None} if values else {}


def constraints(args: MultiDict) -> dict[str, Any]:
    """The participants body the page's query string gives (blank fields are not set)."""
    loaded = query_args(
        ParticipantsRequestSchema, args, blank_is_unset=True, ignore=(WHY_NOT, FAIR)
    )
    return {**loaded, **fairness_switch(args)}


@bp.get("/programs/<program_id>")
def program(program_id: str):
    args = constraints(request.args)
    return _render(programs.program_overview(current_actor(), program_id, args, _why_not_id()))


def _render(
    shown: programs.ProgramOverview,
    refusal: dict[str, list[str]] | None = None,
    status: int = 200,
    of: str = "decision",
):
    """The page; `refusal` (employee -> reasons, codes) of a `decision` or `nomination`."""
    metrics.observe_selection(shown.chosen)
    page = render_template(
        "program.html", **shown.shown(), args=constraints(request.args),
        refusal=None if refusal is None else _translated(refusal), refused=of,
        query=request.query_string.decode(), key=uuid.uuid4().hex, labels=labels,
    )  # fmt: skip
    return page, status


@bp.post("/programs/<program_id>/nominations")
def nominate(program_id: str):
    """Nominate the ticked employees (with the note), then back to the page (POST, redirect,
    GET); the form's one-time key makes a double submit return the first draft. A refusal
    (a crafted or stale form) re-renders the page with each employee and why (422)."""
    args = constraints(request.args)
    body = {"employee_ids": request.form.getlist("employee_ids"), "note": _note()}
    if "budget" in args:
        body["budget"] = args["budget"]
    if args.get("include_outside_audience"):  # shown on purpose: may be nominated on purpose
        body["include_outside_audience"] = True
    if not body["employee_ids"]:
        flash(_("Tick at least one employee to nominate."))
        return _back(program_id)
    loaded = _loaded(NominationRequestSchema, body)
    key = request.form.get("key") or None
    done = programs.nominate(current_actor(), program_id, loaded, args, _why_not_id(), key)
    if done.overview is not None:
        return _render(done.overview, done.refused, status=422, of="nomination")
    assert done.answer is not None
    flash(_("Nomination drafted with %(num)s employees.", num=len(done.answer["items"])))
    return _back(program_id)


@bp.post("/programs/<program_id>/nominations/<nomination_id>/decisions")
def decide(program_id: str, nomination_id: str):
    """Approve or reject one employee of a nomination. A refusal re-renders the page with each
    employee and why (409); nothing is recorded."""
    decision = {
        "employee_id": request.form.get("employee_id", ""),
        "decision": request.form.get("decision", ""),
        "reason": request.form.get("reason", "").strip() or None,
    }
    loaded = _loaded(DecisionsRequestSchema, {"decisions": [decision]})
    args = constraints(request.args)
    done = programs.decide(
        current_actor(), program_id, nomination_id, loaded["decisions"], args, _why_not_id()
    )
    if done.overview is not None:
        return _render(done.overview, done.refused, status=409)
    flash(_("Decision recorded."))
    return _back(program_id)


def _why_not_id() -> str | None:
    return request.args.get(WHY_NOT, "").strip() or None


def _translated(details: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each employee's refusal reasons in the page's language, from their codes."""
    return {who: [translated_refusal(w) for w in why] for who, why in details.items()}


def _note() -> str | None:
    return request.form.get("note", "").strip() or None


def _loaded(schema: type[ma.Schema], body: dict[str, Any]) -> dict[str, Any]:
    """`body` loaded by the API's schema: the same rules, a 422 page with its field errors."""
    try:
        return schema().load(body)
    except ma.ValidationError as error:
        details = error.messages if isinstance(error.messages, dict) else {"_": error.messages}
        raise ApiError(422, "validation_error", str(details), details) from None


def _back(program_id: str):
    query = request.query_string.decode()
    target = url_for("web_programs.program", program_id=program_id)
    return redirect(f"{target}?{query}#nominations" if query else f"{target}#nominations")
