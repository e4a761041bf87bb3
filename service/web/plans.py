"""The annual training plan (`/app/plans`): a form submitted as a plan job, like
`POST /v1/plans` (`service.actions.plans`; its page turns into the plan when done), the saved
plans, one plan's summary and approval chain, its workbook, and "apply" (draft nominations)."""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

import marshmallow as ma
from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

import store
from features import columns as col
from model.messages import message_of
from model.planning.inputs import UnknownBudgetUnitError
from model.planning.plan import DEFAULT_TIME_LIMIT_S
from service.actions import plans as actions
from service.actions.jobs import submit_job
from service.actions.plan_states import PlanStepForbiddenError
from service.actions.programs import unit_choices
from service.auth import current_actor
from service.exports.unit_needs import XLSX
from service.fairness_policy import agency_floor
from service.plan_schemas import PlanRequestSchema
from service.web import labels
from service.web.form_messages import translated
from service.web.jobs import job_page
from service.web.plan_chart import units_chart
from service.web.program_page import FAIR, fairness_switch
from service.web.refusals import translated_refusal
from service.web.session_auth import require_role
from service.web.texts import engine_text

bp = Blueprint("web_plans", __name__, url_prefix="/app")
require_role(bp)
bp.add_app_template_filter(engine_text, "engine_text")

# the form's fields (the request's) and their labels
FIELDS = {
    "period_start": _l("Period from"),
    "period_end": _l("Period to"),
    "budget": _l("Budget (Rp)"),
    "jp_target": _l("JP target per employee"),
    "min_completion_probability": _l("Minimum completion probability (0–1)"),
    "max_programs_per_employee": _l("Programs per employee at most"),
    "time_limit_s": _l("Time limit (seconds)"),
    "unit_budgets": _l("Unit budgets (optional)"),
}
SCALARS = [name for name in FIELDS if name != "unit_budgets"]
UNIT_BUDGET_ROWS = 3
# an amount typed with thousands separators (5.500.000, 5,500,000 or 5 500 000)
GROUPED = re.compile(r"\d{1,3}([.,\s]\d{3})+")


@bp.get("/plans")
def plans():
    return _form_page(_default_form(), {})


@bp.post("/plans")
def run_plan():
    """Submit the plan of the form as a job and show its page; the form again (422) with the
    fields' errors if invalid."""
    body, errors = plan_body(request.form)
    try:
        args = translated(PlanRequestSchema()).load(body)
    except ma.ValidationError as error:
        errors = {**_flat(error.messages), **errors}
    if errors:
        return _form_page(request.form, errors), 422
    try:
        actions.check_plan_request(current_actor(), args)
        job = submit_job(current_actor(), "plan", PlanRequestSchema().dump(args))
    except UnknownBudgetUnitError as error:
        unknown = [_("Unknown unit: %(unit)s", unit=u) for u in error.unit_ids]
        return _form_page(request.form, {"unit_budgets": unknown}), 422
    return redirect(job_page(job), code=303)  # the job's page turns into the plan when done


@bp.get("/plans/<plan_id>")
def plan(plan_id: str):
    actor = current_actor()
    record = actions.saved_plan_record(actor, plan_id)
    states = actions.state_of(actor, plan_id)
    return render_template("plan.html", record=record, view=plan_view(record), labels=labels,
                           states=states)  # fmt: skip


@bp.get("/plans/<plan_id>.xlsx")
def plan_xlsx(plan_id: str):
    workbook = actions.plan_workbook(current_actor(), plan_id)
    return send_file(
        BytesIO(workbook), mimetype=XLSX, as_attachment=True, download_name=f"plan-{plan_id}.xlsx"
    )


@bp.post("/plans/<plan_id>/state")
def move_state(plan_id: str):
    """The plan's next step (the page shows the button to those with the right)."""
    to = request.form.get("to", "")
    try:
        actions.move_state(current_actor(), plan_id, to)
    except (PlanStepForbiddenError, store.PlanStateError) as error:
        flash(translated_refusal(error.reason))  # from its code and values
    else:
        flash(_("The plan is now %(state)s.", state=_state(to)))
    return redirect(url_for("web_plans.plan", plan_id=plan_id), code=303)


def _state(code: str) -> str:
    return labels.label(labels.PLAN_STATES, code)


@bp.post("/plans/<plan_id>/apply")
def apply(plan_id: str):
    try:
        applied = actions.apply_plan(current_actor(), plan_id)
    except store.PlanStateError as error:
        flash(translated_refusal(error.reason))
        return redirect(url_for("web_plans.plan", plan_id=plan_id), code=303)
    count = len(applied["nominations"])
    flash(_("%(num)s draft nominations are ready (applying again creates none).", num=count))
    for skipped in applied["skipped"]:
        flash(
            _("Program %(program)s has started: its %(num)s participants were not nominated.",
              program=skipped["program_id"], num=skipped["participants"])
        )  # fmt: skip
    return redirect(url_for("web_plans.plan", plan_id=plan_id), code=303)


def plan_body(form: MultiDict) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The `POST /v1/plans` body of the form (empty fields left out, so they take the API's
    defaults), and the errors of its unit budget rows."""
    body: dict[str, Any] = {}
    for name in SCALARS:
        value = form.get(name, "").strip()
        if value:
            body[name] = _plain(value)
    units, errors = _unit_budgets(form)
    if units:
        body["unit_budgets"] = units
    return {**body, **fairness_switch(form)}, errors


def _unit_budgets(form: MultiDict) -> tuple[dict[str, str], dict[str, list[str]]]:
    units = [u.strip() for u in form.getlist("unit_budget_unit")]
    amounts = [a.strip() for a in form.getlist("unit_budget_amount")]
    found: dict[str, str] = {}
    problems = []
    for unit, amount in zip(units, amounts, strict=False):
        if not unit and not amount:
            continue
        if not unit or not amount:
            problems.append(_("Give both the unit and its budget."))
        elif unit in found:
            problems.append(_("A unit is given twice."))
        else:
            found[unit] = _plain(amount)
    return found, ({"unit_budgets": problems} if problems else {})


def _flat(messages: dict) -> dict[str, list[str]]:
    """Field -> its messages; a nested field's (a unit budget's) named by its key."""
    out: dict[str, list[str]] = {}
    for field, found in messages.items():
        if isinstance(found, dict):
            found = [f"{key}: {' '.join(inner)}" for key, inner in _flat(found).items()]
        out[field] = [str(m) for m in found]
    return out


def _plain(value: str) -> str:
    """`5.500.000` -> `5500000`; anything else as typed (the schema judges it)."""
    return re.sub(r"[.,\s]", "", value) if GROUPED.fullmatch(value) else value


def _default_form() -> MultiDict:
    """The period of the upcoming programs, the API's JP target; the rest left to the API."""
    first, last = actions.plan_period()
    target = str(col.JP_ENTITLEMENT)  # the API's default
    form = MultiDict({"period_start": str(first), "period_end": str(last), "jp_target": target})
    if agency_floor() is not None:  # the switch starts at the agency's policy
        form.setlist(FAIR, ["0", "1"])
    return form


def _form_page(values: MultiDict, errors: dict):
    rows = list(zip(values.getlist("unit_budget_unit"), values.getlist("unit_budget_amount"),
                    strict=False))  # fmt: skip
    rows += [("", "")] * max(0, UNIT_BUDGET_ROWS - len(rows))
    return render_template(
        "plans.html", values=values, errors=errors, unit_rows=rows,
        units=unit_choices(current_actor()),
        recent=actions.recent_plans(current_actor())["items"],
        default_time_limit=DEFAULT_TIME_LIMIT_S, fields=FIELDS, labels=labels,
        siasn_year=actions.snapshot_year(),
    )  # fmt: skip


def plan_view(record: dict[str, Any]) -> dict[str, Any]:
    """What the plan page shows beside the saved answer: ratios, unit names and budgets,
    per-program totals, the chart of seats, cost and gain per unit."""
    result, inputs = record["result"], record["inputs"]
    names = actions.unit_names()
    budgets = inputs.get("unit_budgets") or {}
    units = sorted(
        ({**u, "name": str(names.get(u["unit_id"], u["unit_id"])),
          "budget": budgets.get(u["unit_id"])} for u in result["units"]),
        key=lambda u: (-u["seats"], u["name"]),
    )  # fmt: skip
    programs = [
        {**p, "planned": len(p["participants"]),
         "cost": sum(x["cost"] for x in p["participants"]),
         "gain": sum(x["expected_gain"] for x in p["participants"])}
        for p in result["programs"]
    ]  # fmt: skip
    greedy = result["greedy_objective"]
    return {
        "ratio": result["objective"] / greedy if greedy > 0 else None,
        "budget_share": result["budget_used"] / inputs["budget"] if inputs["budget"] else None,
        "units": units,
        "programs": programs,
        "chart": units_chart(units) if units else None,
        **saved_messages(result),
    }


def saved_messages(result: dict[str, Any]) -> dict[str, Any]:
    """The saved answer's `reason` and `notes` as messages again, from the codes and values
    saved beside them (`refusal`, `note_codes`), for the page to translate; a plan saved
    before codes keeps its sentences."""
    notes, codes = result.get("notes") or [], result.get("note_codes") or []
    return {
        "reason": message_of(result.get("reason"), result.get("refusal")),
        "notes": [message_of(n, codes[i] if i < len(codes) else None) for i, n in enumerate(notes)],
    }
