"""Participant selection for one program: score every eligible employee, then choose.

Who is eligible is `model.eligibility`'s rules plus the request's units and exclusions; how
the seats are filled is `model.selection`; a program that has started is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from features import columns as col
from features.keys import in_sorted
from model.engine import Engine
from model.errors import NotFoundError, ProgramStartedError
from model.fairness_check import attribute_labels, fairness_check
from model.fairness_floor import FairnessFloor
from model.floored_selection import select_with_floor
from model.live import LiveState
from model.prediction import REQUEST_THREADS
from model.selection import Selection


def choose_participants(
    engine: Engine,
    program_id: str,
    seats: int | None = None,
    budget: float | None = None,
    unit_ids: Sequence[str] | None = None,
    max_per_unit: int | None = None,
    min_completion_probability: float | None = None,
    exclude_employee_ids: Sequence[str] = (),
    waitlist_size: int = 10,
    include_outside_audience: bool = False,
    fill_without_gain: bool = False,
    live: LiveState | None = None,
    fairness: FairnessFloor | None = None,
) -> dict[str, Any]:
    """The selected participants (best first), a waitlist and a summary of the constraints.

    Eligible: every employee of the snapshot who has not completed this course, is not
    enrolled in this session, meets the session's rank and sanction rules, and holds a
    position the program is for (`features.audience`; anyone with
    `include_outside_audience`), within `unit_ids` when given, minus `exclude_employee_ids`.
    `seats` defaults to the program's free seats: its capacity less the seats taken in the
    `live` state, whose holders are not eligible either (`model.live`). Only employees with
    a positive expected gain take seats unless `fill_without_gain` (`model.selection`).
    A program that started on or before the bundle's snapshot is refused (`ProgramStartedError`).
    With `fairness`, every group gets at least its share of the seats (`model.floored_selection`;
    `summary.fairness`); `summary.fairness_check` holds each group's ratio for the list chosen.
    """
    p = engine.directory.program_code(program_id)
    _check_upcoming(engine, p, program_id)
    e, kept_out = eligibility_counts(
        engine, p, unit_ids, exclude_employee_ids, include_outside_audience, live
    )
    X, _, selection = selection_for(
        engine,
        p,
        e,
        seats=free_seats(engine, p, live) if seats is None else seats,
        budget=budget,
        max_per_unit=max_per_unit,
        min_completion_probability=min_completion_probability,
        waitlist_size=waitlist_size,
        fill_without_gain=fill_without_gain,
        fairness=fairness,
    )
    summary = {**selection.summary, "eligible": len(e), **kept_out}
    summary["fairness_check"] = fairness_check(engine, p, e, selection.selected["_row"])
    return {
        "program_id": program_id,
        "model_version": engine.version,
        "selected": explained_rows(engine, selection.selected, e, p, X),
        "waitlist": explained_rows(engine, selection.waitlist, e, p, X),
        "summary": summary,
    }


def upcoming_code(engine: Engine, program_id: str) -> int:
    """The program's code; NotFoundError for an unknown one, ProgramStartedError for one that
    has started (participants are chosen for upcoming programs only)."""
    p = engine.directory.program_code(program_id)
    _check_upcoming(engine, p, program_id)
    return p


def _check_upcoming(engine: Engine, p: int, program_id: str) -> None:
    if engine.eligibility.has_started(p):
        start = engine.directory.programs[col.START_DATE].iloc[p]
        when = "has no start date" if pd.isna(start) else f"started on {start.date()}"
        message = (
            f"program {program_id} {when}, not after the snapshot of "
            f"{engine.state.as_of.date()}: participants are chosen for upcoming programs only"
        )
        raise ProgramStartedError(message, {"program_id": [message]})


def selection_for(
    engine: Engine,
    p: int,
    e: np.ndarray,
    *,
    seats: int | None = None,
    num_threads: int = REQUEST_THREADS,
    fairness: FairnessFloor | None = None,
    **constraints: Any,
) -> tuple[pd.DataFrame, pd.DataFrame, Selection]:
    """Score the eligible employees `e` for program p and choose among them: (features,
    predictions, selection). `seats` defaults to the program's capacity; `constraints` are
    those of `select_participants` (budget, quotas, floor, waitlist, fill_without_gain);
    `fairness` a group floor over the eligible `e` (`model.floored_selection`)."""
    X, pred = engine.predict(e, np.full(len(e), p), num_threads=num_threads)
    program = engine.directory.programs.iloc[p]
    labels = None if fairness is None else attribute_labels(engine, p, e, fairness.attribute)
    selection = select_with_floor(
        candidate_frame(engine, e, pred),
        labels,
        fairness,
        seats=int(program[col.CAPACITY]) if seats is None else seats,
        cost_per_seat=float(program[col.COST]),
        **constraints,
    )
    return X, pred, selection


def free_seats(engine: Engine, p: int, live: LiveState | None) -> int:
    """Program p's capacity less the seats taken live (never below zero)."""
    capacity = int(engine.directory.programs[col.CAPACITY].iloc[p])
    taken = int(live.taken_seats[p]) if live is not None else 0
    return max(capacity - taken, 0)


def candidate_frame(engine: Engine, e: np.ndarray, pred: pd.DataFrame) -> pd.DataFrame:
    """What selection needs of each eligible employee; `_row` points back into `e`."""
    directory = engine.directory
    return pd.DataFrame(
        {
            col.EMPLOYEE_ID: directory.employee_ids.to_numpy()[e],
            col.UNIT_ID: directory.unit_of[e],
            "expected_gain": pred["expected_gain"].to_numpy(),
            "completion_probability": pred["completion_probability"].to_numpy(),
            "score": pred["score"].to_numpy(),
            col.JP_REMAINING: directory.needs[col.JP_REMAINING].to_numpy()[e],
            "_row": np.arange(len(e)),
        }
    )


def eligible_employees(
    engine: Engine,
    p: int,
    unit_ids: Sequence[str] | None,
    exclude: Sequence[str],
    include_outside_audience: bool = False,
    live: LiveState | None = None,
) -> tuple[np.ndarray, int]:
    """The eligible employees, and how many were (or, when included, would have been) left out
    only for the program's audience."""
    e, kept_out = eligibility_counts(engine, p, unit_ids, exclude, include_outside_audience, live)
    return e, kept_out["outside_audience"]


def eligibility_counts(
    engine: Engine,
    p: int,
    unit_ids: Sequence[str] | None,
    exclude: Sequence[str],
    include_outside_audience: bool = False,
    live: LiveState | None = None,
) -> tuple[np.ndarray, dict[str, int]]:
    """The eligible employees, and how many of the units' employees each rule kept out:
    `already_taken` (completed the course, enrolled in this session, or holding the course or
    an overlapping session in the `live` state), then `below_min_grade` and `under_sanction`
    (the session's rules, `model.eligibility`; `other_agency`, the agency rule, first of all:
    only the agency's employees are looked at), then `outside_audience` (counted even when
    included: who would have been)."""
    directory, rules = engine.directory, engine.eligibility
    members = rules.agency_members(p)  # a session open to one agency: its employees only
    if unit_ids:
        e = directory.unit_members(unit_ids)
        inside = np.ones(len(e), dtype=bool) if members is None else in_sorted(e, members)
        other_agency, e = int((~inside).sum()), e[inside]
    elif members is not None:  # never the whole staff, then filtered
        e, other_agency = members, len(directory.employee_ids) - len(members)
    else:
        e, other_agency = np.arange(len(directory.employee_ids)), 0
    if exclude:
        e = e[~np.isin(directory.employee_ids.to_numpy()[e], list(exclude))]
    free = rules.not_taken(e, np.full(len(e), p), live)
    e = e[free]
    # the session's rules are hard: counted by the first that applies, never included
    below = rules.below_min_grade(e, np.full(len(e), p))
    sanctioned = rules.under_sanction(e, np.full(len(e), p)) & ~below
    e = e[~(below | sanctioned)]
    fits = rules.in_audience(e, np.full(len(e), p))
    kept_out = {
        "other_agency": other_agency,
        "already_taken": int((~free).sum()),
        "below_min_grade": int(below.sum()),
        "under_sanction": int(sanctioned.sum()),
        "outside_audience": int((~fits).sum()),
    }
    return (e if include_outside_audience else e[fits]), kept_out


def explained_rows(
    engine: Engine, chosen: pd.DataFrame, e: np.ndarray, p: int, X: pd.DataFrame
) -> list[dict[str, Any]]:
    """Rows of `candidate_frame` (or a selection of them) as the planner is shown them: with
    name, position and unit, and the explanation (reasons, gaps closed, risk factors)."""
    if chosen.empty:
        return []
    rows = chosen["_row"].to_numpy()
    why = engine.explain(e[rows], np.full(len(rows), p), X.iloc[rows])
    described = engine.directory.describe(e[rows]).drop(columns=col.UNIT_ID, errors="ignore")
    records = chosen.drop(columns=["_row"]).reset_index(drop=True).join(described)
    return [
        {**record, **reason} for record, reason in zip(records.to_dict("records"), why, strict=True)
    ]


def shown_items(
    engine: Engine, program_id: str, employee_ids: Sequence[str]
) -> list[dict[str, Any]]:
    """What a planner is shown of an explicit list of employees for a program, in the list's
    order (`rank`): unit, score, completion probability, expected gain and reasons. An unknown
    employee raises NotFoundError; a started program ProgramStartedError."""
    p = engine.directory.program_code(program_id)
    _check_upcoming(engine, p, program_id)
    e = engine.directory.employee_codes(employee_ids)
    if (e < 0).any():
        raise NotFoundError("employee", str(employee_ids[int(np.flatnonzero(e < 0)[0])]))
    X, pred = engine.predict(e, np.full(len(e), p))
    chosen = candidate_frame(engine, e, pred).drop(columns=[col.JP_REMAINING])
    return explained_rows(engine, chosen, e, p, X)
