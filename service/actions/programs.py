"""Upcoming programs, participant selection under seats, budget and quotas, and "why not?".

The `/v1/programs` routes and the workspace's program list, program page and its exports call
these; each owns the composition (the serving engine, the live state, the fairness floor).
"""

from __future__ import annotations

from typing import Any

import store
from features import columns as col
from model.errors import NotFoundError
from model.participants import choose_participants
from model.upcoming import upcoming_programs, upcoming_starts
from model.why_not import why_not as employee_standing
from service.actions.actor import Actor
from service.actions.nominations import program_nominations
from service.actions.scope import require_employee, scope_units, scoped_unit_ids
from service.current_engine import engine
from service.decision_store import current_counts, current_live, live_fields, program_leavers
from service.fairness_policy import audit_turned_off, floor_for, stamped
from store.tables import APPROVED


def upcoming(
    actor: Actor,
    month: str | None = None,
    method: str | None = None,
    unit_id: str | None = None,
    sort: str = "start_date",
    order: str = "asc",
) -> dict[str, Any]:
    """Programs still to start; with `unit_id` (and its sub-units) only those whose audience
    holds someone of the unit, nominations counted for the unit. A scoped actor's counts are
    of its scope only (another unit is unknown to it); the catalogue is everyone's."""
    current = engine()
    unit_ids = None if unit_id is None else scoped_unit_ids(actor, current.directory, [unit_id])
    unit_ids = None if unit_ids is None else current.directory.unit_family(unit_ids[0])
    scope = scope_units(actor, current.directory)
    counted = unit_ids if unit_ids is not None or scope is None else sorted(scope)
    items = upcoming_programs(
        current, current_live(current), current_counts(counted),
        month=month, method=method, unit_ids=unit_ids, sort=sort, descending=order == "desc",
    )  # fmt: skip
    as_of = current.state.as_of.date()
    return {"model_version": current.version, "as_of": as_of, "items": items, **live_fields()}


def upcoming_months() -> list[str]:
    """The months (`YYYY-MM`) in which an upcoming program starts, for a filter."""
    return sorted({start.strftime("%Y-%m") for start in upcoming_starts(engine())})


def participants(actor: Actor, program_id: str, args: dict[str, Any]) -> dict[str, Any]:
    """The selection a loaded participants body asks for; turning the agency's fairness floor
    off is written to the audit log by `actor`. A refused selection is a `SelectionError`."""
    current = engine()
    args, floor, source = floor_for(args)
    # the scope as the selection's units: candidates are cut before anything is scored
    args["unit_ids"] = scoped_unit_ids(actor, current.directory, args.get("unit_ids"))
    chosen = choose_participants(
        current, program_id, live=current_live(current), fairness=floor, **args
    )
    audit_turned_off(source, "program", program_id, actor.name)
    return {**stamped(chosen, source), **live_fields()}


def why_not(actor: Actor, program_id: str, args: dict[str, Any]) -> dict[str, Any]:
    """Where `args["employee_id"]` stands in the selection the rest of `args` gives: eligible
    or not (and why), rank among the eligible, and the rule that kept them out."""
    current = engine()
    args, floor, _ = floor_for(args)
    employee_id = args.pop("employee_id")
    require_employee(actor, current.directory, employee_id)
    args["unit_ids"] = scoped_unit_ids(actor, current.directory, args.get("unit_ids"))
    live = current_live(current)
    standing = employee_standing(
        current, program_id, employee_id, live=live, fairness=floor, **args
    )
    return {**standing, **live_fields()}


def program_summary(program_id: str) -> dict[str, Any]:
    """The catalogue's facts of one program (title, dates, method, JP...); NotFoundError for
    a program the bundle does not know."""
    directory = engine().directory
    return directory.program_summary(directory.program_code(program_id))


def unit_choices(actor: Actor | None = None) -> list[dict[str, str]]:
    """Every unit of the snapshot (of `actor`'s scope), by name, for a filter."""
    directory = engine().directory
    scope = None if actor is None else scope_units(actor, directory)
    ids = sorted(directory.units if scope is None else scope)
    names = [str(directory.unit_names.get(u, u)) for u in ids]
    return sorted(
        ({"unit_id": u, "name": n} for u, n in zip(ids, names, strict=True)),
        key=lambda unit: unit["name"],
    )


def program_overview(
    actor: Actor, program_id: str, args: dict[str, Any], why_not_id: str | None = None
) -> dict[str, Any]:
    """Everything the program page shows for a loaded participants body: the program
    (`program`), the selection (`chosen`), where `why_not_id` stands (`why_not`, None when
    none is asked, `unknown` for an NIP the snapshot does not hold), the nominations newest
    first with names (`nominations`, None while the store cannot be read) and the seats."""
    chosen = participants(actor, program_id, args)
    found = _named_nominations(actor, program_id)
    return {
        "program": program_summary(program_id),
        "chosen": chosen,
        "why_not": _standing(actor, program_id, args, why_not_id),
        "nominations": found,
        "seats": _seats(program_id, found),
    }


def _standing(
    actor: Actor, program_id: str, args: dict[str, Any], employee_id: str | None
) -> dict[str, Any] | None:
    if not employee_id:
        return None
    try:
        return why_not(actor, program_id, {**args, "employee_id": employee_id})
    except NotFoundError as error:
        if error.kind != "employee":
            raise
        return {"employee_id": employee_id, "unknown": True}


def _named_nominations(actor: Actor, program_id: str) -> list[dict[str, Any]] | None:
    """The program's nominations, newest first; None while the decision store cannot be read.
    Each item gains the employee's `name` (None when the export has no names)."""
    try:
        found = program_nominations(actor, program_id)
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
