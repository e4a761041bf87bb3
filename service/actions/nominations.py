"""Nominations: drafting and deciding, as both the `/v1` nomination routes and the program
page do it, and a program's nominations as its page shows them.

The engine computes the exposure record (rank, score, probability, expected gain, reasons,
model version) when the draft is made; the store keeps it and checks every approval rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

import store
from model.errors import NotEligibleError
from model.participants import choose_participants, shown_items, upcoming_code
from model.why_not import NOT_IN_BUNDLE, nomination_refusals
from service.actions.actor import Actor
from service.actions.errors import MissingError, RequestConflictError
from service.actions.scope import in_scope, scoped_unit_ids
from service.current_engine import engine
from service.decision_store import current_live, forget_live_state, program_facts, store_db
from service.fairness_policy import audit_turned_off, floor_for

APPROVED = "approved"
DECIDED_TWICE = "decided_twice"  # a refusal code (`store.Refusal`), beside the store's


def create_nomination(
    actor: Actor,
    program_id: str,
    *,
    employee_ids: Sequence[str] | None = None,
    selection: dict[str, Any] | None = None,
    note: str | None = None,
    budget: float | None = None,
    include_outside_audience: bool = False,
    idempotency_key: str | None = None,
) -> dict[str, Any]:
    """A draft nomination of `employee_ids` (scored as shown, in this order) or of the employees
    a `selection` (the participants body) selects. `budget` defaults to the selection's.

    An explicit list naming someone the program's rules refuse (completed the course or
    enrolled in this session according to the export, outside the audience unless
    `include_outside_audience`, unknown to the bundle) is NotEligibleError (422, each employee
    and why). A selection that chooses nobody is a 409 conflict. With `idempotency_key`, the
    key is looked up first: a retry of the same request gets the first answer, whatever
    changed since (approvals, the model)."""
    fingerprint = store.request_hash(
        dict(program_id=program_id, employee_ids=employee_ids, selection=selection, note=note,
             budget=budget, include_outside_audience=include_outside_audience)
    )  # fmt: skip
    if idempotency_key is not None:
        first = store.replayed_nomination(
            store_db(), actor.name, idempotency_key, program_id, fingerprint
        )
        if first is not None:
            return first
    current = engine()
    if selection is not None:
        args, floor, source = floor_for(selection)
        args["unit_ids"] = scoped_unit_ids(actor, current.directory, args.get("unit_ids"))
        include = bool(args.get("include_outside_audience"))
        live = current_live(current)
        chosen = choose_participants(current, program_id, live=live, fairness=floor, **args)
        audit_turned_off(source, "program", program_id, actor.name)
        items = chosen["selected"]
    else:
        include, ids = include_outside_audience, list(employee_ids or ())
        upcoming_code(current, program_id)  # a started program: 409, before who is named
        refused = nomination_refusals(current, program_id, ids, include)
        # someone outside the scope is refused as one unknown to the bundle (never probed)
        hidden = {ids[i] for i in np.flatnonzero(~in_scope(actor, current.directory, ids))}
        refused = {who: [NOT_IN_BUNDLE] if who in hidden else refused[who]
                   for who in ids if who in hidden or who in refused}  # fmt: skip
        if refused:
            raise NotEligibleError(refused)
        items = shown_items(current, program_id, ids)
    if not items:  # a valid request the current state cannot serve
        message = "the selection chose nobody: nothing to nominate"
        raise RequestConflictError(message, {"selection": [message]})
    if budget is None:
        budget = (selection or {}).get("budget")
    return store.create_nomination(
        store_db(), program_id, _ranked(items), actor.name, current.version,
        note=note, budget=budget, idempotency_key=idempotency_key,
        include_outside_audience=include, fingerprint=fingerprint,
    )  # fmt: skip


def refuse_ineligible_drafts(actor: Actor, drafts: Sequence[dict[str, Any]]) -> None:
    """NotEligibleError (422) naming every employee of `drafts` (each `program_id`,
    `employee_ids`, `note`, `idempotency_key`: an applied plan's) whom the current model's
    rules refuse, with why; drafts already made under their key are not checked again."""
    current, refused, programs = engine(), {}, []
    for draft in drafts:
        program_id, ids = draft["program_id"], list(draft["employee_ids"])
        fingerprint = store.nomination_fingerprint(program_id, ids, draft["note"], None)
        key = draft["idempotency_key"]
        if store.replayed_nomination(store_db(), actor.name, key, program_id, fingerprint):
            continue
        found = nomination_refusals(current, program_id, ids)
        hidden = ~in_scope(actor, current.directory, ids)  # moved out of the scope since
        found.update({ids[i]: [NOT_IN_BUNDLE] for i in np.flatnonzero(hidden)})
        for who, why in found.items():
            refused.setdefault(who, []).extend(c for c in why if c not in refused.get(who, ()))
        programs += [program_id] if found else []
    if refused:
        raise NotEligibleError(refused, "programs " + ", ".join(programs))


def get_nomination(actor: Actor, nomination_id: str) -> dict[str, Any]:
    """The nomination (`store.RecordNotFoundError`, 404, for an unknown id). A scoped actor sees
    only its items of employees in the scope; one with none is not found (docs/security.md)."""
    found = in_view(actor, [store.get_nomination(store_db(), nomination_id)])
    if not found:
        raise store.RecordNotFoundError(f"nomination not found: {nomination_id}")
    return found[0]


def program_nominations(actor: Actor, program_id: str) -> list[dict[str, Any]]:
    """The nominations of a program the bundle knows (NotFoundError, 404, for another), as
    `actor` may see them (`get_nomination`)."""
    engine().directory.program_code(program_id)
    return in_view(actor, store.list_nominations(store_db(), program_id))


def in_view(actor: Actor, nominations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The nominations with only the items of employees `actor` may see; those left with
    none dropped. Unscoped: as they are."""
    if actor.unit_ids is None:
        return nominations
    directory, shown = engine().directory, []
    for nomination in nominations:
        items = nomination["items"]
        seen = in_scope(actor, directory, [item["employee_id"] for item in items])
        if seen.any():
            kept = [item for item, s in zip(items, seen, strict=True) if s]
            shown.append({**nomination, "items": kept})
    return shown


def decide_nomination(
    actor: Actor, nomination_id: str, decisions: list[dict[str, Any]]
) -> dict[str, Any]:
    """Record the decisions and return the nomination. A refusal is a `store.ConflictError`
    (409, naming each employee and why; nothing recorded), so is an approval for a program
    that has started; an employee decided twice is a 409 too; an employee the nomination does
    not hold is 404."""
    seen = get_nomination(actor, nomination_id)  # 404 for one the actor may not see
    current = engine()
    _refuse_hidden(seen, decisions)
    facts = program_facts(current)
    _once_each(decisions)
    # "started" as everywhere in the service: on or before the bundle's snapshot date
    as_of = current.state.as_of.date()
    _refuse_ineligible_approvals(nomination_id, decisions)
    try:
        answer = store.decide(store_db(), nomination_id, decisions, actor.name, facts, as_of)
    except store.InvalidRowsError as error:
        # the schema and _once_each leave one cause: an employee not in this nomination
        raise MissingError(str(error), error.details) from None
    forget_live_state()
    return in_view(actor, [answer])[0]


def _refuse_hidden(seen: dict[str, Any], decisions: list[dict[str, Any]]) -> None:
    """The store's own 404 for a decision on an employee the actor does not see in the
    nomination (outside its scope): as if the nomination did not hold them."""
    held = {item["employee_id"] for item in seen["items"]}
    strangers = [n for n, d in enumerate(decisions, start=1) if d["employee_id"] not in held]
    if strangers:
        error = store.InvalidRowsError(
            "not an employee of this nomination", "employee_id", strangers
        )
        raise MissingError(str(error), error.details)


def _refuse_ineligible_approvals(nomination_id: str, decisions: list[dict[str, Any]]) -> None:
    """The nomination's rules again, with the serving model, for each employee newly approved:
    a retraining may have brought an export where they completed the course, left the
    audience (unless the draft included it on purpose) or left. A `store.ConflictError` (409)
    whose details are the why-not codes; employees the nomination does not hold are the
    store's to refuse (404)."""
    approving = {d["employee_id"] for d in decisions if d["decision"] == APPROVED}
    if not approving:
        return
    nomination = store.get_nomination(store_db(), nomination_id)
    ids = [i["employee_id"] for i in nomination["items"]
           if i["employee_id"] in approving and i["decision"] != APPROVED]  # fmt: skip
    if not ids:
        return
    include = bool(nomination.get("include_outside_audience"))
    refused = nomination_refusals(engine(), nomination["program_id"], ids, include)
    if refused:
        n = len(refused)
        message = f"approval refused for {n} employee{'s' if n != 1 else ''}: nothing was recorded"
        raise store.ConflictError(message, refused)


def _once_each(decisions: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    twice = sorted({d["employee_id"] for d in decisions if d["employee_id"] in seen
                    or seen.add(d["employee_id"])})  # fmt: skip
    if twice:
        why = [store.Refusal(DECIDED_TWICE, "decided more than once in this request")]
        raise RequestConflictError("an employee is decided twice", dict.fromkeys(twice, why))


def _ranked(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**item, "rank": rank} for rank, item in enumerate(items, start=1)]
