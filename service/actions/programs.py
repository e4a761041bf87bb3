"""Upcoming programs, participant selection under seats, budget and quotas, and "why not?".

The `/v1/programs` routes and the workspace's program list, program page and its exports call
these; each owns the composition (the serving engine, the live state, the fairness floor).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import store
from features import columns as col
from model.directory import Directory
from model.errors import NotEligibleError, NotFoundError
from model.fairness_floor import FairnessFloor
from model.live import LiveState
from model.participants import choose_participants
from model.upcoming import upcoming_programs, upcoming_starts
from model.why_not import why_not as employee_standing
from service.actions.actor import Actor
from service.actions.nominations import (
    create_nomination,
    decide_nomination,
    get_nomination,
    in_view,
)
from service.actions.scope import in_scope, require_employee, scope_units, scoped_unit_ids
from service.current_engine import engine
from service.decision_store import (
    current_counts,
    current_live,
    live_fields,
    program_leavers,
    store_db,
)
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


@dataclass(frozen=True)
class Asked:
    """A participants body as the selection runs it: the constraints (`args`, the scope as
    `unit_ids`), the fairness floor that holds and where it came from (`source`)."""

    args: dict[str, Any]
    floor: FairnessFloor | None
    source: str


def _asked(actor: Actor, directory: Directory, body: dict[str, Any]) -> Asked:
    args, floor, source = floor_for(body)
    # the scope as the selection's units: candidates are cut before anything is scored
    args["unit_ids"] = scoped_unit_ids(actor, directory, args.get("unit_ids"))
    return Asked(args, floor, source)


def participants(actor: Actor, program_id: str, args: dict[str, Any]) -> dict[str, Any]:
    """The selection a loaded participants body asks for; turning the agency's fairness floor
    off is written to the audit log by `actor`. A refused selection is a `SelectionError`."""
    current = engine()
    asked = _asked(actor, current.directory, args)
    live = current_live(current)
    chosen = choose_participants(current, program_id, live=live, fairness=asked.floor, **asked.args)
    audit_turned_off(asked.source, "program", program_id, actor.name)
    return {**stamped(chosen, asked.source), **live_fields()}


def why_not(actor: Actor, program_id: str, args: dict[str, Any]) -> dict[str, Any]:
    """Where `args["employee_id"]` stands in the selection the rest of `args` gives: eligible
    or not (and why), rank among the eligible, and the rule that kept them out."""
    current = engine()
    args = dict(args)
    employee_id = args.pop("employee_id")
    require_employee(actor, current.directory, employee_id)
    asked = _asked(actor, current.directory, args)
    standing = employee_standing(
        current, program_id, employee_id, live=current_live(current), fairness=asked.floor,
        **asked.args,
    )  # fmt: skip
    return {**standing, **live_fields()}


@dataclass(frozen=True)
class Roster:
    """A program's list as a file shows it: the catalogue's facts (`program`) and the
    selection `participants` answers for the same body (`chosen`)."""

    program: dict[str, Any]
    chosen: dict[str, Any]


def roster(actor: Actor, program_id: str, args: dict[str, Any]) -> Roster:
    """The participant list of an export: the program's facts and the selection, in one call
    (an unknown program is a NotFoundError before anything runs)."""
    directory = engine().directory
    program = directory.program_summary(directory.program_code(program_id))
    return Roster(program, participants(actor, program_id, args))


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


@dataclass(frozen=True)
class ProgramOverview:
    """Everything the program page shows for a loaded participants body: the program
    (`program`), the selection (`chosen`), where one employee stands (`why_not`, None when
    none is asked, `unknown` for an NIP the snapshot does not hold), the nominations newest
    first with names (`nominations`, None while the store cannot be read), the seats and the
    unit filter's choices (`units`)."""

    program: dict[str, Any]
    chosen: dict[str, Any]
    why_not: dict[str, Any] | None
    nominations: list[dict[str, Any]] | None
    seats: dict[str, Any] | None
    units: list[dict[str, str]]

    def shown(self) -> dict[str, Any]:
        """The fields by name, for a template (not copied, unlike `dataclasses.asdict`)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class PageOutcome:
    """A program page's POST: the nomination made or decided (`answer`), or the refusal
    (`refused`: employee -> reasons, nothing recorded) with the page to show it on."""

    answer: dict[str, Any] | None = None
    refused: dict[str, list[str]] | None = None
    overview: ProgramOverview | None = None


@dataclass(frozen=True)
class UpcomingOverview:
    """The program list's page: the listing (`upcoming`) and its filters' choices."""

    listing: dict[str, Any]
    months: list[str]
    units: list[dict[str, str]]


def upcoming_overview(actor: Actor, **args: Any) -> UpcomingOverview:
    """The program list as `upcoming` answers it, with the months and units to filter by."""
    return UpcomingOverview(upcoming(actor, **args), upcoming_months(), unit_choices(actor))


def program_overview(
    actor: Actor, program_id: str, args: dict[str, Any], why_not_id: str | None = None
) -> ProgramOverview:
    """The program page for a loaded participants body (`args`) and the why-not question.

    The engine, the live state, the floor and the scope are resolved once for the whole page
    (the selection and the why-not answer run on the same), and the id goes out from here to
    the store and the engine without coming back (docs/actions.md, "The program page, walked")."""
    current = engine()
    directory, live = current.directory, current_live(current)
    p = directory.program_code(program_id)  # an unknown program: 404 before anything runs
    found = _nominations(actor, directory, program_id)
    seats = _seats(directory, live, p)
    if seats is not None and found is not None:
        seats["leavers"] = [item for n in found for item in n["items"] if "left" in item]
    asked = _asked(actor, directory, args)
    chosen = choose_participants(current, program_id, live=live, fairness=asked.floor, **asked.args)
    audit_turned_off(asked.source, "program", program_id, actor.name)
    standing = None
    if why_not_id and _unknown(actor, directory, why_not_id):
        standing = {"employee_id": why_not_id, "unknown": True}
    elif why_not_id:
        standing = employee_standing(
            current, program_id, why_not_id, live=live, fairness=asked.floor, **asked.args
        )
    fresh = live_fields()  # how fresh the live state this page read was
    return ProgramOverview(
        program=directory.program_summary(p), chosen={**stamped(chosen, asked.source), **fresh},
        why_not=None if standing is None else {**standing, **fresh}, nominations=found,
        seats=None if found is None else seats, units=unit_choices(actor),
    )  # fmt: skip


def nominate(
    actor: Actor,
    program_id: str,
    body: dict[str, Any],
    shown: dict[str, Any],
    why_not_id: str | None = None,
    idempotency_key: str | None = None,
) -> PageOutcome:
    """Draft a nomination (`body`: `create_nomination`'s arguments); refused (NotEligibleError:
    each employee and why), the page under `shown` (the participants body) to say it on."""
    try:
        made = create_nomination(actor, program_id, idempotency_key=idempotency_key, **body)
    except NotEligibleError as error:
        page = program_overview(actor, program_id, shown, why_not_id)
        return PageOutcome(refused=error.details, overview=page)
    return PageOutcome(answer=made)


def decide(
    actor: Actor,
    program_id: str,
    nomination_id: str,
    decisions: list[dict[str, Any]],
    shown: dict[str, Any],
    why_not_id: str | None = None,
) -> PageOutcome:
    """Record decisions on a nomination of this program (`decide_nomination`; one of another
    program is not found, 404); refused (a `store.ConflictError`: each employee and why,
    nothing recorded), the page under `shown`."""
    if get_nomination(actor, nomination_id)["program_id"] != program_id:
        raise NotFoundError("nomination", nomination_id)  # another program's: unknown here
    try:
        answer = decide_nomination(actor, nomination_id, decisions)
    except store.ConflictError as error:
        page = program_overview(actor, program_id, shown, why_not_id)
        return PageOutcome(refused=error.details, overview=page)
    return PageOutcome(answer=answer)


def _unknown(actor: Actor, directory: Directory, employee_id: str) -> bool:
    """Whether the why-not question names an NIP the snapshot does not hold, or one outside
    `actor`'s scope (said alike: the page answers "unknown", never an error)."""
    return bool(directory.employee_codes([employee_id])[0] < 0) or not bool(
        in_scope(actor, directory, [employee_id])[0]
    )


def _nominations(
    actor: Actor, directory: Directory, program_id: str
) -> list[dict[str, Any]] | None:
    """The program's nominations as `actor` may see them, newest first; None while the store
    cannot be read. Each item gains the employee's `name` (None when the export has no
    names) and, for an approved participant who left the program before its start (whose
    seat is free again), `left`: its enrolment's status."""
    try:
        listed = store.list_nominations(store_db(), program_id)
    except store.StoreUnavailableError:
        return None
    found = in_view(actor, listed)
    left = program_leavers(program_id)
    ids = [item["employee_id"] for n in found for item in n["items"]]
    codes = directory.employee_ids.get_indexer(ids)
    known = [i for i, c in zip(ids, codes, strict=True) if c >= 0]
    names = dict(zip(known, directory.describe(codes[codes >= 0])["name"], strict=True))
    for item in (item for n in found for item in n["items"]):
        item["name"] = names.get(item["employee_id"])
        if item["decision"] == APPROVED and item["employee_id"] in left:
            item["left"] = left[item["employee_id"]]
    return sorted(found, key=lambda n: n["created_at"], reverse=True)


def _seats(directory: Directory, live: LiveState | None, p: int) -> dict[str, Any] | None:
    """Program `p`'s seats: `capacity`, `taken`, `free` (a leaver's seat is free again, as
    the live state counts it); None while the decision store was never read."""
    if live is None:
        return None
    capacity = int(directory.programs[col.CAPACITY].iloc[p])
    taken = int(live.taken_seats[p])
    return {"capacity": capacity, "taken": taken, "free": max(capacity - taken, 0),
            "leavers": []}  # fmt: skip
