"""The engine's predictions and the store's live state, as a `PlanInstance`.

The pairs are those selection would consider for each session (`model.participants`:
`eligible_employees`, then the same features and predictor), kept when their expected gain is
positive and their completion probability reaches the floor. Expected gain is coverage x
efficacy x P(complete) (`model.scoring`), so a pair whose program covers none of the
employee's gaps has none: only the pairs with coverage are sent to the models (three quarters
of the pairs on the demo world are not, and prediction is most of a plan's time).
Seats and pairs already taken (approved nominations, enrolments) come in as plain inputs: the
engine never opens the store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from features import columns as col
from features.pairs import pair_features_by_code
from features.sessions import program_session_days
from model.engine import Engine
from model.errors import SelectionError
from model.fairness_floor import FairnessFloor
from model.participants import eligible_employees
from model.planning.instance import PlanInstance

OFFLINE_THREADS = 0


class UnknownBudgetUnitError(SelectionError):
    """`unit_budgets` names units the bundle does not know (`unit_ids`): a 422 naming each."""

    def __init__(self, unit_ids: Sequence[str]) -> None:
        self.unit_ids = list(unit_ids)
        super().__init__(
            f"unknown unit in unit_budgets: {', '.join(self.unit_ids)}",
            {"unit_budgets": [f"unknown unit: {u}" for u in self.unit_ids]},
        )


class UnknownPlanUnitError(SelectionError):
    """`unit_ids` (a plan for chosen units) names units the bundle does not know: a 422 naming
    each (a plan silently made for nobody, or for everyone, is not what was asked)."""

    def __init__(self, unit_ids: Sequence[str]) -> None:
        self.unit_ids = list(unit_ids)
        super().__init__(
            f"unknown unit in unit_ids: {', '.join(self.unit_ids)}",
            {"unit_ids": [f"unknown unit: {u}" for u in self.unit_ids]},
        )


@dataclass(frozen=True)
class PlanRequest:
    """What a planner asks (`POST /v1/plans`). `jp_weight`: bringing one employee from 0 JP to
    the target is worth `jp_weight` times the median expected gain of a candidate seat."""

    period_start: pd.Timestamp
    period_end: pd.Timestamp
    budget: float
    unit_budgets: Mapping[str, float] = field(default_factory=dict)
    program_ids: Sequence[str] | None = None
    min_completion_probability: float | None = None
    jp_target: int = col.JP_ENTITLEMENT
    jp_weight: float = 1.0
    max_programs_per_employee: int | None = None
    fairness: FairnessFloor | None = None  # a group floor over the plan (model.planning.fairness)
    # only employees of these units and the units under them (one agency's plan, under its
    # own budget: docs/national.md); None: everyone
    unit_ids: Sequence[str] | None = None


@dataclass(frozen=True)
class LiveInputs:
    """Seats taken per program, and the (employee_id, program_id) pairs already held."""

    taken_seats: Mapping[str, int] = field(default_factory=dict)
    taken_pairs: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame({col.EMPLOYEE_ID: [], col.PROGRAM_ID: []})
    )


def period_sessions(engine: Engine, request: PlanRequest) -> np.ndarray:
    """Codes of the upcoming programs starting in the period (among `program_ids` if given)."""
    p = engine.upcoming
    start = engine.programs[col.START_DATE].to_numpy()[p]
    p = p[
        (start >= request.period_start.to_datetime64())
        & (start <= request.period_end.to_datetime64())
    ]
    if request.program_ids is not None:
        p = p[np.isin(engine.state.program_ids[p], list(request.program_ids))]
    return p


def budget_units(engine: Engine, unit_budgets: Mapping[str, float]) -> dict[str, tuple[str, ...]]:
    """Each budgeted unit -> the units its budget covers: itself and every unit under it (a
    dinas's budget pays for its suku dinas too). SelectionError (422) names every unknown id:
    a budget silently ignored would let the plan spend what the planner meant to cap."""
    directory = engine.directory
    unknown = sorted(str(u) for u in unit_budgets if str(u) not in directory.units)
    if unknown:
        raise UnknownBudgetUnitError(unknown)
    return {str(u): tuple(directory.unit_family(str(u))) for u in unit_budgets}


def check_plan_units(
    engine: Engine, unit_ids: Sequence[str] | None, unit_budgets: Mapping[str, float]
) -> None:
    """Refuse, before any work, the units of `unit_ids` and of `unit_budgets` the bundle does
    not know (UnknownPlanUnitError, UnknownBudgetUnitError: 422s naming every one)."""
    unknown = sorted({str(u) for u in unit_ids or ()} - engine.directory.units)
    if unknown:
        raise UnknownPlanUnitError(unknown)
    budget_units(engine, unit_budgets)


def plan_instance(
    engine: Engine, request: PlanRequest, sessions: np.ndarray, live: LiveInputs, threads: int = 1
) -> PlanInstance:
    """The instance over program codes `sessions`."""
    programs = engine.programs.iloc[sessions]
    first, last = program_session_days(programs)
    taken = pd.Series(live.taken_seats, dtype="int64").reindex(programs.index).fillna(0)
    seats = np.maximum(programs[col.CAPACITY].to_numpy() - taken.to_numpy(), 0).astype(np.int64)
    pair_e, pair_s, gain, probability = _pairs(engine, sessions, request, threads)
    keep = ~_clashes_with_held(engine, sessions, pair_e, pair_s, first, last, live.taken_pairs)
    last_year = pd.DatetimeIndex(last).year.to_numpy()
    years, session_year = np.unique(last_year, return_inverse=True)
    held = held_jp(engine, live.taken_pairs, years)
    gain = gain[keep]
    median = float(np.median(gain)) if len(gain) else 0.0
    return PlanInstance(
        program_ids=engine.state.program_ids[sessions].to_numpy(dtype=object),
        course=engine.state.course_codes[sessions].astype(np.int64),
        first_day=first,
        last_day=last,
        duration_jp=programs[col.DURATION_JP].to_numpy(dtype=np.int64),
        cost=programs[col.COST].to_numpy(dtype=float),
        seats=seats,
        employee_ids=engine.directory.employee_ids.to_numpy(dtype=object),
        unit_ids=engine.unit_of.astype(str).astype(object),
        jp_short=np.maximum(request.jp_target - held, 0.0),
        session_year=session_year.astype(np.int64),
        pair_e=pair_e[keep],
        pair_s=pair_s[keep],
        gain=gain,
        probability=probability[keep],
        budget=float(request.budget),
        unit_budgets={str(u): float(b) for u, b in request.unit_budgets.items()},
        budget_units=budget_units(engine, request.unit_budgets),
        max_programs=request.max_programs_per_employee,
        jp_reward=request.jp_weight * median / max(request.jp_target, 1),
    )


def held_jp(engine: Engine, taken_pairs: pd.DataFrame, years: np.ndarray) -> np.ndarray:
    """JP each employee already has or holds in each of `years` (employee x year): programs
    completed in the snapshot's year (the export's `jp_this_year`), then the sessions held
    since (approved or enrolled in the store, `taken_pairs`, or in progress in the export),
    each in the year it ends. A pair the export counts as completed is not counted twice."""
    n = len(engine.directory.employee_ids)
    out = np.zeros((n, len(years)))
    done = engine.needs[col.JP_THIS_YEAR].to_numpy(dtype=float)
    out[:, years == engine.state.as_of.year] += done[:, None]
    export = engine.bundle.enrollments
    pairs = pd.concat(
        [taken_pairs[[col.EMPLOYEE_ID, col.PROGRAM_ID]],
         export.loc[export[col.STATUS] == col.IN_PROGRESS, [col.EMPLOYEE_ID, col.PROGRAM_ID]]],
        ignore_index=True,
    ).drop_duplicates()  # fmt: skip
    completed = export.loc[export[col.STATUS] == col.COMPLETED, [col.EMPLOYEE_ID, col.PROGRAM_ID]]
    pairs = pairs.merge(completed.drop_duplicates(), how="left", indicator=True)
    pairs = pairs.loc[pairs["_merge"] == "left_only"]
    e, p = engine.directory.pair_codes(list(pairs[col.EMPLOYEE_ID]), list(pairs[col.PROGRAM_ID]))
    known = (e >= 0) & (p >= 0)
    e, p = e[known], p[known]
    programs = engine.programs.iloc[p]
    dated = programs[col.START_DATE].notna().to_numpy()
    e, programs = e[dated], programs.loc[dated]
    _, last = program_session_days(programs)
    y = np.searchsorted(years, pd.DatetimeIndex(last).year.to_numpy())
    inside = (y < len(years)) & (
        years[np.minimum(y, len(years) - 1)] == pd.DatetimeIndex(last).year
    )
    np.add.at(out, (e[inside], y[inside]), programs[col.DURATION_JP].to_numpy(dtype=float)[inside])
    return out


def _pairs(
    engine: Engine, sessions: np.ndarray, request: PlanRequest, threads: int
) -> tuple[np.ndarray, ...]:
    """(e, s, gain, probability) of the eligible pairs with a positive gain. Features session
    by session (one session's matrix at a time), keeping the pairs with coverage; the models
    then run once over all of them (LightGBM's cost per call dwarfs a session's few rows)."""
    floor = request.min_completion_probability or 0.0
    codes, frames = [], []
    for s, p in enumerate(sessions):
        e, _ = eligible_employees(engine, int(p), request.unit_ids, ())
        X = pair_features_by_code(engine.state, e, np.full(len(e), p))
        covers = X["coverage"].to_numpy(dtype=float) > 0
        codes.append((e[covers], np.full(int(covers.sum()), s)))
        frames.append(X.loc[covers])
    if not codes:
        return tuple(np.zeros(0, dtype=t) for t in (np.int64, np.int64, float, float))
    pair_e, pair_s = (np.concatenate(column) for column in zip(*codes, strict=True))
    if len(pair_e) == 0:
        return pair_e, pair_s, np.zeros(0), np.zeros(0)
    pred = engine.bundle.predictor.predict(pd.concat(frames, ignore_index=True), threads)
    gain = pred["expected_gain"].to_numpy(dtype=float)
    probability = pred["completion_probability"].to_numpy(dtype=float)
    ok = (gain > 0) & (probability >= floor)
    return pair_e[ok], pair_s[ok], gain[ok], probability[ok]


def _clashes_with_held(
    engine: Engine,
    sessions: np.ndarray,
    pair_e: np.ndarray,
    pair_s: np.ndarray,
    first: np.ndarray,
    last: np.ndarray,
    held: pd.DataFrame,
) -> np.ndarray:
    """Pairs whose employee already holds this session, another of its course, or an
    overlapping one (the decision store's approval rules, applied before planning)."""
    e, p = engine.directory.pair_codes(list(held[col.EMPLOYEE_ID]), list(held[col.PROGRAM_ID]))
    known = (e >= 0) & (p >= 0)
    known[known] = engine.programs[col.START_DATE].iloc[p[known]].notna().to_numpy()
    e, p = e[known], p[known]
    if len(e) == 0:
        return np.zeros(len(pair_e), dtype=bool)
    programs = engine.programs.iloc[p]
    h_first, h_last = program_session_days(programs)
    held_rows = pd.DataFrame(
        {"e": e, "h_course": engine.state.course_codes[p], "h_first": h_first, "h_last": h_last}
    )
    pairs = pd.DataFrame({"e": pair_e, "j": np.arange(len(pair_e)), "s": pair_s})
    both = pairs.merge(held_rows, on="e")
    s = both["s"].to_numpy()
    clash = (engine.state.course_codes[sessions][s] == both["h_course"].to_numpy()) | (
        (first[s] <= both["h_last"].to_numpy()) & (last[s] >= both["h_first"].to_numpy())
    )
    out = np.zeros(len(pair_e), dtype=bool)
    out[both["j"].to_numpy()[clash]] = True
    return out
