"""One program's page (`/app/programs/<program_id>`): the recommended participants under the
constraints of a GET form, who was left out and why, "why not this employee?", nominating and
deciding. Every number comes from the function the `/v1` route calls (`participants_of`,
`why_not_of`, `service.nominating`); the views only read the request and render. The seats
line counts what the live state counts (`store.live`): a participant who left before the
start gives the seat back, and the recommended replacement and the waitlist fill it.
"""

from __future__ import annotations

import uuid
from typing import Any

import marshmallow as ma
from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

import store
from features import columns as col
from model.errors import NotEligibleError, NotFoundError
from model.fairness_floor import AGE_GROUP, FOUR_FIFTHS
from service.current_engine import engine
from service.decision_schemas import DecisionsRequestSchema, NominationRequestSchema
from service.decision_store import current_live, program_leavers, store_engine
from service.errors import ApiError
from service.fairness_policy import agency_floor
from service.nominating import create_nomination, decide_nomination, program_nominations
from service.request_schemas import ParticipantsRequestSchema
from service.routes.programs import participants_of, why_not_of
from service.web import labels
from service.web.forms import query_args
from service.web.programs import bp, unit_choices
from service.web.refusals import translated_refusal
from store.tables import APPROVED

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
    return _render(program_id)


def _render(
    program_id: str,
    refusal: dict[str, list[str]] | None = None,
    status: int = 200,
    of: str = "decision",
):
    """The page; `refusal` (employee -> reasons, translated) of a `decision` or `nomination`."""
    args = constraints(request.args)
    chosen = participants_of(program_id, args)
    current = engine()
    summary = current.directory.program_summary(current.directory.program_code(program_id))
    nominations = _nominations(program_id)
    page = render_template(
        "program.html", program=summary, chosen=chosen, args=args, units=unit_choices(),
        why_not=_why_not(program_id, args), nominations=nominations,
        seats=_seats(program_id, nominations), refusal=refusal, refused=of,
        query=request.query_string.decode(), key=uuid.uuid4().hex, labels=labels,
    )  # fmt: skip
    return page, status


def _seats(program_id: str, nominations: list[dict[str, Any]] | None) -> dict[str, Any] | None:
    """The program's seats (`capacity`, `taken`, `free`) and the approved participants who
    left it (`leavers`, each item marked with `left`: its enrolment's status), whose seats are
    free again; None while the decision store was never read."""
    current = engine()
    live = current_live(current)
    if live is None or nominations is None:
        return None
    p = current.directory.program_code(program_id)
    capacity = int(current.directory.programs[col.CAPACITY].iloc[p])
    taken = int(live.taken_seats[p])
    left = program_leavers(program_id)
    leavers = []
    for item in (i for n in nominations for i in n["items"]):
        if item["decision"] == APPROVED and item["employee_id"] in left:
            item["left"] = left[item["employee_id"]]
            leavers.append(item)
    return {"capacity": capacity, "taken": taken, "free": max(capacity - taken, 0),
            "leavers": leavers}  # fmt: skip


def _why_not(program_id: str, args: dict[str, Any]) -> dict[str, Any] | None:
    """The why-not answer for the NIP asked (None when none was), `unknown` for an NIP the
    snapshot does not hold (shown in the answer's place, not as an error page)."""
    employee_id = request.args.get(WHY_NOT, "").strip()
    if not employee_id:
        return None
    try:
        return why_not_of(program_id, {**args, WHY_NOT: employee_id})
    except NotFoundError as error:
        if error.kind != "employee":
            raise
        return {"employee_id": employee_id, "unknown": True}


def _nominations(program_id: str) -> list[dict[str, Any]] | None:
    """The program's nominations, newest first; None while the decision store cannot be read.
    Each item gains the employee's `name` (None when the export has no names)."""
    try:
        found = program_nominations(program_id)
    except store.StoreUnavailableError:
        return None
    ids = [item["employee_id"] for n in found for item in n["items"]]
    directory = engine().directory
    codes = directory.employee_ids.get_indexer(ids)
    known = [i for i, c in zip(ids, codes, strict=True) if c >= 0]
    names = dict(zip(known, directory.describe(codes[codes >= 0])["name"], strict=True))
    for nomination in found:
        for item in nomination["items"]:
            item["name"] = names.get(item["employee_id"])
    return sorted(found, key=lambda n: n["created_at"], reverse=True)


@bp.post("/programs/<program_id>/nominations")
def nominate(program_id: str):
    """Nominate the ticked employees (with the note), then back to the page (POST, redirect,
    GET); the form's one-time key makes a double submit return the first draft."""
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
    try:
        made = create_nomination(program_id, g.actor, idempotency_key=key, **loaded)
    except NotEligibleError as error:  # a crafted or stale form: each employee and why
        return _render(program_id, refusal=_translated(error.details), status=422, of="nomination")
    n = len(made["items"])
    flash(_("Nomination drafted with %(num)s employees.", num=n))
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
    if store.get_nomination(store_engine(), nomination_id)["program_id"] != program_id:
        raise NotFoundError("nomination", nomination_id)
    try:
        decide_nomination(nomination_id, loaded["decisions"], g.actor)
    except store.ConflictError as error:
        return _render(program_id, refusal=_translated(error.details), status=409)
    flash(_("Decision recorded."))
    return _back(program_id)


def _translated(details: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each employee's refusal reasons in the page's language: why-not codes by their labels,
    the store's sentences by `translated_refusal`."""
    return {
        who: [labels.label(labels.NOT_ELIGIBLE, w) if w in labels.NOT_ELIGIBLE
              else translated_refusal(w) for w in why]
        for who, why in details.items()
    }  # fmt: skip


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
