""" "Why not this employee?": where one employee stands in a program's participant selection.

The same constraints as `model.participants.choose_participants`, and the same selection: the
answer says whether the employee is eligible (and every rule that says no), where they rank
among the eligible, and which rule of the selection kept them out (`model.selection`'s
`LEFT_OUT_REASONS`), so that a planner can check the list by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from model.engine import Engine
from model.live import LiveState
from model.participants import (
    candidate_frame,
    eligible_employees,
    explained_rows,
    free_seats,
    selection_for,
    shown_items,
)
from model.selection import Selection

# Why an employee is not eligible (every one that applies, in this order).
PROGRAM_STARTED = "program_started"
NOT_IN_UNITS = "not_in_units"
EXCLUDED = "excluded"
COURSE_COMPLETED = "course_completed"
ENROLLED = "enrolled"
HOLDS_COURSE = "holds_course"  # approved, enrolled or completed after the export (live)
OVERLAPPING_SESSION = "overlapping_session"  # holds (live) another course's session, same days
LEFT_SESSION = "left_session"  # left this session (live): dropped, failed or no-show
BELOW_MIN_GRADE = "below_min_grade"  # rank below the session's min_grade (none recorded too)
UNDER_SANCTION = "under_sanction"  # a disciplinary sanction runs on the session's start
OTHER_AGENCY = "other_agency"  # the session is open to one agency only, not the employee's
OUTSIDE_AUDIENCE = "outside_audience"
NOT_ELIGIBLE_REASONS = (
    PROGRAM_STARTED,
    NOT_IN_UNITS,
    EXCLUDED,
    OTHER_AGENCY,
    COURSE_COMPLETED,
    ENROLLED,
    HOLDS_COURSE,
    OVERLAPPING_SESSION,
    LEFT_SESSION,
    BELOW_MIN_GRADE,
    UNDER_SANCTION,
    OUTSIDE_AUDIENCE,
)
# An explicit list (a nomination, an applied plan) may name an id the bundle does not hold.
NOT_IN_BUNDLE = "not_in_bundle"
# What refuses an employee named in a list: the export's facts, not the selection's filters.
NOMINATION_REFUSALS = (
    NOT_IN_BUNDLE,
    OTHER_AGENCY,
    COURSE_COMPLETED,
    ENROLLED,
    BELOW_MIN_GRADE,
    UNDER_SANCTION,
    OUTSIDE_AUDIENCE,
)
# Outcomes
SELECTED, WAITLISTED, LEFT_OUT, NOT_ELIGIBLE = "selected", "waitlisted", "left_out", "not_eligible"


def why_not(
    engine: Engine,
    program_id: str,
    employee_id: str,
    *,
    seats: int | None = None,
    unit_ids: Sequence[str] | None = None,
    exclude_employee_ids: Sequence[str] = (),
    include_outside_audience: bool = False,
    live: LiveState | None = None,
    **constraints: Any,
) -> dict[str, Any]:
    """Where `employee_id` stands in the selection `choose_participants` makes with the same
    arguments (`constraints`: budget, max_per_unit, min_completion_probability, waitlist_size,
    fill_without_gain).

    Returns `eligible`, `not_eligible_because` (`NOT_ELIGIBLE_REASONS` that apply), `outcome`
    (selected, waitlisted, left_out, not_eligible), `left_out_because` (the selection rule, for
    an eligible employee not selected), `rank_among_eligible` (the greedy's order, 1 = first,
    before the floor, caps and seats apply) of `eligible_count`, `position` (in the selected
    list or the waitlist) and `employee` (what the planner is shown: score, completion
    probability, expected gain, reasons; None for a program that has started).
    Unknown program or employee: NotFoundError.
    """
    directory = engine.directory
    p = directory.program_code(program_id)
    code = directory.employee_code(employee_id)
    because = _not_eligible_because(
        engine, p, int(code), employee_id, unit_ids, exclude_employee_ids,
        include_outside_audience, live,
    )  # fmt: skip
    answer = {
        "program_id": program_id,
        "employee_id": employee_id,
        "model_version": engine.version,
        "eligible": not because,
        "not_eligible_because": because,
        "outcome": NOT_ELIGIBLE,
        "left_out_because": None,
        "rank_among_eligible": None,
        "eligible_count": None,
        "position": None,
        "employee": None,
    }
    if PROGRAM_STARTED in because:
        return answer
    if because:
        return {**answer, "employee": shown_items(engine, program_id, [employee_id])[0]}
    e, _ = eligible_employees(
        engine, p, unit_ids, exclude_employee_ids, include_outside_audience, live
    )
    seats = free_seats(engine, p, live) if seats is None else seats
    X, pred, selection = selection_for(engine, p, e, seats=seats, **constraints)
    return {**answer, **_standing(engine, p, e, int(code), X, pred, selection)}


def nomination_refusals(
    engine: Engine,
    program_id: str,
    employee_ids: Sequence[str],
    include_outside_audience: bool = False,
) -> dict[str, list[str]]:
    """Why each employee of an explicit list may not be nominated for `program_id`: the codes
    of `NOMINATION_REFUSALS` that apply, as `why_not` names them (`not_eligible_because`),
    for the employees refused only, in the list's order. The live rules (approvals, seats)
    are the store's to check. Unknown program: NotFoundError."""
    p = engine.directory.program_code(program_id)
    e = engine.directory.employee_codes(list(employee_ids))
    known = e >= 0
    e, at, rules = np.where(known, e, 0), np.full(len(e), p), engine.eligibility
    checks = {
        NOT_IN_BUNDLE: ~known,
        OTHER_AGENCY: known & rules.other_agency(e, at),
        COURSE_COMPLETED: known & rules.has_completed_course(e, at),
        ENROLLED: known & rules.is_enrolled(e, at),
        BELOW_MIN_GRADE: known & rules.below_min_grade(e, at),
        UNDER_SANCTION: known & rules.under_sanction(e, at),
        OUTSIDE_AUDIENCE: known & (not include_outside_audience) & ~rules.in_audience(e, at),
    }
    refused = np.logical_or.reduce(list(checks.values()))
    return {
        str(employee_ids[int(i)]): [code for code in NOMINATION_REFUSALS if checks[code][i]]
        for i in np.flatnonzero(refused)
    }


def _standing(
    engine: Engine,
    p: int,
    e: np.ndarray,
    code: int,
    X: pd.DataFrame,
    pred: pd.DataFrame,
    selection: Selection,
) -> dict[str, Any]:
    """The eligible employee's place in `selection` (row `code` of the eligible `e`)."""
    row = int(np.flatnonzero(e == code)[0])
    why = str(selection.left_out[row])
    rows_of = {SELECTED: selection.selected, WAITLISTED: selection.waitlist}
    outcome, position = LEFT_OUT, None
    for name, table in rows_of.items():
        found = np.flatnonzero(table["_row"].to_numpy() == row)
        if len(found):
            outcome, position = name, int(found[0]) + 1
            break
    shown = candidate_frame(engine, e, pred).iloc[[row]]
    return {
        "outcome": outcome,
        "left_out_because": why or None,
        "rank_among_eligible": int(np.flatnonzero(selection.order == row)[0]) + 1,
        "eligible_count": len(e),
        "position": position,
        "employee": explained_rows(engine, shown, e, p, X)[0],
    }


def _not_eligible_because(
    engine: Engine,
    p: int,
    code: int,
    employee_id: str,
    unit_ids: Sequence[str] | None,
    exclude: Sequence[str],
    include_outside_audience: bool,
    live: LiveState | None,
) -> list[str]:
    rules, one, at = engine.eligibility, np.array([code]), np.array([p])
    checks = {
        PROGRAM_STARTED: bool(rules.has_started(p)),
        NOT_IN_UNITS: bool(unit_ids and code not in engine.directory.unit_members(unit_ids)),
        EXCLUDED: employee_id in set(exclude),
        OTHER_AGENCY: bool(rules.other_agency(one, at)[0]),
        COURSE_COMPLETED: bool(rules.has_completed_course(one, at)[0]),
        ENROLLED: bool(rules.is_enrolled(one, at)[0]),
        HOLDS_COURSE: live is not None and bool(live.holds_course(engine.state, one, at)[0]),
        OVERLAPPING_SESSION: live is not None and bool(rules.overlaps_held(one, at, live)[0]),
        LEFT_SESSION: live is not None
        and bool(live.left_session(one, at, len(engine.state.program_ids))[0]),
        BELOW_MIN_GRADE: bool(rules.below_min_grade(one, at)[0]),
        UNDER_SANCTION: bool(rules.under_sanction(one, at)[0]),
        OUTSIDE_AUDIENCE: not include_outside_audience and not rules.in_audience(one, at)[0],
    }
    return [reason for reason in NOT_ELIGIBLE_REASONS if checks[reason]]
