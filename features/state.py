"""Everything known about employees and programs on one date, in arrays pair features gather from.

Built once per decision date in training and once at the snapshot for serving, so that the
features of any (employee, program) pair are array lookups, not joins over whole tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from features import columns as col
from features.courses import course_names
from features.gaps import employee_needs, gap_profiles, self_minus_others
from features.history import enrollment_end_dates, outcomes_known_by
from features.positions import positions_at, positions_on
from features.rates import smoothed_rate
from features.tables import Tables
from features.track_record import MethodRecord, hours_completion_rate, method_record
from features.uncertainty import evaluation_spread

RATING_SCORE = {r: 5 - i for i, r in enumerate(col.RATINGS)}  # sangat_baik = 5 ... = 1
EDUCATION_RANK = {e: i for i, e in enumerate(col.EDUCATIONS)}
IN_PERSON = ("classroom", "workshop", "blended")


@dataclass(frozen=True)
class PointInTime:
    """What was known on `as_of`. Matrices are (employee, competency), 0 off the standard."""

    as_of: pd.Timestamp
    employee_ids: pd.Index
    program_ids: pd.Index
    competency_ids: pd.Index
    required: np.ndarray
    current: np.ndarray
    weight: np.ndarray
    confidence: np.ndarray
    employees: pd.DataFrame  # row i describes employee_ids[i]
    methods: MethodRecord  # (employee, method) track record
    programs: pd.DataFrame  # row j describes program_ids[j]
    program_locations: np.ndarray
    employee_locations: np.ndarray
    course_codes: np.ndarray  # per program: the course it is a session of (features.courses)

    @property
    def n_courses(self) -> int:
        return int(self.course_codes.max()) + 1 if len(self.course_codes) else 1

    taken_courses: np.ndarray  # sorted keys employee * n_courses + course, enrolled before
    completed_courses: np.ndarray  # the same keys, for courses completed by `as_of`
    comp_indptr: np.ndarray  # CSR over programs: their competencies
    comp_codes: np.ndarray
    comp_target: np.ndarray
    comp_weight: np.ndarray
    level_spread: float  # features.gaps.evaluation_spread on `as_of`
    profiles: pd.DataFrame  # features.gaps.gap_profiles on `as_of`
    needs: pd.DataFrame  # features.gaps.employee_needs on `as_of`, row i = employee_ids[i]


def point_in_time(tables: Tables, as_of: date | pd.Timestamp) -> PointInTime:
    """The state of every employee (hired by `as_of`) and every program on `as_of`.

    Roles, units and locations are those held on `as_of` (`features.positions`)."""
    as_of = pd.Timestamp(as_of)
    positions = positions_at(tables, as_of)
    bias = self_minus_others(tables.evaluations, as_of)  # shared: it is a costly pass
    profiles = gap_profiles(tables, as_of, bias, positions)
    needs = employee_needs(tables, as_of, profiles, bias, positions)
    employee_ids = pd.Index(needs[col.EMPLOYEE_ID])
    competency_ids = pd.Index(tables.competencies[col.COMPETENCY_ID])
    matrices = _profile_matrices(profiles, employee_ids, competency_ids)
    known = outcomes_known_by(tables.enrollments, tables.programs, as_of)
    employees = _employee_frame(tables, needs, positions, known, as_of)
    gaps = np.maximum(0.0, matrices["required"] - matrices["current"])
    employees["total_weighted_gap"] = (matrices["weight"] * gaps).sum(axis=1)
    programs = tables.programs
    indptr, codes, target, weight = _program_competencies(tables, competency_ids)
    course_codes = pd.factorize(course_names(programs[col.TITLE]))[0].astype(np.int64)
    methods = method_record(known, employee_ids, employees["completion_rate"])
    return PointInTime(
        as_of=as_of,
        employee_ids=employee_ids,
        program_ids=pd.Index(programs[col.PROGRAM_ID]),
        competency_ids=competency_ids,
        **matrices,
        employees=employees,
        methods=methods,
        programs=_program_frame(tables, known, course_codes),
        program_locations=programs[col.LOCATION].to_numpy(dtype=object),
        employee_locations=positions[col.LOCATION].to_numpy(dtype=object),
        course_codes=course_codes,
        taken_courses=_course_keys(
            tables.enrollments[tables.enrollments[col.ENROLLED_AT] <= as_of],
            tables,
            employee_ids,
            course_codes,
        ),
        completed_courses=_course_keys(
            known[known[col.STATUS] == col.COMPLETED], tables, employee_ids, course_codes
        ),
        comp_indptr=indptr,
        comp_codes=codes,
        comp_target=target,
        comp_weight=weight,
        level_spread=evaluation_spread(tables.evaluations, as_of),
        profiles=profiles,
        needs=needs,
    )


def _profile_matrices(
    profiles: pd.DataFrame, employee_ids: pd.Index, competency_ids: pd.Index
) -> dict[str, np.ndarray]:
    shape = (len(employee_ids), len(competency_ids))
    rows = employee_ids.get_indexer(profiles[col.EMPLOYEE_ID])
    cols = competency_ids.get_indexer(profiles[col.COMPETENCY_ID])
    out = {}
    for name, source in (
        ("required", col.REQUIRED_LEVEL),
        ("current", col.CURRENT_LEVEL),
        ("weight", col.WEIGHT),
        ("confidence", col.CONFIDENCE),
    ):
        matrix = np.zeros(shape, dtype=np.float32)
        matrix[rows, cols] = profiles[source].to_numpy(dtype=np.float32)
        out[name] = matrix
    return out


def _employee_frame(
    tables: Tables,
    needs: pd.DataFrame,
    positions: pd.DataFrame,
    known: pd.DataFrame,
    as_of: pd.Timestamp,
) -> pd.DataFrame:
    """Numeric per-employee features, aligned with `needs` (never `gender`).

    Tier, unit and location are those held on `as_of`; education and employment type are
    today's (an export holds no history of them)."""
    emp = tables.employees.set_index(col.EMPLOYEE_ID).reindex(needs[col.EMPLOYEE_ID])
    tier = needs[col.ROLE_ID].map(tables.job_roles.set_index(col.ROLE_ID)[col.TIER])
    out = pd.DataFrame(
        {
            "tier": pd.Categorical(tier, categories=col.TIERS).codes.astype(np.int16),
            "education": emp[col.EDUCATION].map(EDUCATION_RANK).to_numpy(dtype=float),
            "is_pppk": (emp[col.EMPLOYMENT_TYPE] == "pppk").to_numpy(dtype=float),
            "tenure_years": ((as_of - emp[col.HIRE_DATE]).dt.days / 365.25).to_numpy(),
            "age_band": (((as_of - emp[col.BIRTH_DATE]).dt.days / 365.25) // 5 * 5).to_numpy(),
            "gap_index": needs[col.GAP_INDEX].to_numpy(dtype=float),
            "self_minus_others": needs[col.SELF_MINUS_OTHERS].to_numpy(dtype=float),
            "skp_rating": needs[col.LATEST_RATING].map(RATING_SCORE).to_numpy(dtype=float),
            "jp_this_year": needs[col.JP_THIS_YEAR].to_numpy(dtype=float),
            "jp_remaining": needs[col.JP_REMAINING].to_numpy(dtype=float),
        }
    )
    history = _history_rates(known, tables, as_of, pd.Index(needs[col.EMPLOYEE_ID]))
    out = out.join(history.reset_index(drop=True))
    prior = _completion_prior(known)
    in_person = known[known[col.METHOD].isin(IN_PERSON)]
    today = tables.employees.set_index(col.EMPLOYEE_ID)[col.LOCATION]  # no location history
    out["location_in_person_rate"] = _group_rate_of(
        in_person, in_person[col.EMPLOYEE_ID].map(today), positions[col.LOCATION], prior
    )
    hours = hours_completion_rate(known, prior)
    out["hours_completion_rate"] = needs[col.EMPLOYEE_ID].map(hours).fillna(prior).to_numpy()
    unit_then = positions_on(tables, known[col.EMPLOYEE_ID].to_numpy(), known[col.ENROLLED_AT])
    out["unit_completion_rate"] = _group_rate_of(
        known, unit_then[col.UNIT_ID], needs[col.UNIT_ID], prior
    )
    return out


def _group_rate_of(
    known: pd.DataFrame, group_then: pd.Series, group_now: pd.Series, prior: float
) -> np.ndarray:
    """The smoothed completion rate of the past enrolments `known` by the group (a unit or a
    location) each was made from (`group_then`, aligned with `known`), for each employee's
    group now (`group_now`).

    Learned from the history rather than from a map or an org chart: whatever makes finishing
    hard for a group (an island commute, a unit's workload) shows in how often its people
    complete.
    """
    done = (known[col.STATUS] == col.COMPLETED).to_numpy(dtype=float)
    grouped = pd.Series(done).groupby(group_then.to_numpy(), sort=False)
    rate = smoothed_rate(grouped.sum(), grouped.size(), prior)
    return group_now.map(rate).fillna(prior).to_numpy(dtype=float)


def _completion_prior(known: pd.DataFrame) -> float:
    if known.empty:
        return 0.8
    return float((known[col.STATUS] == col.COMPLETED).mean())


def _history_rates(
    known: pd.DataFrame, tables: Tables, as_of: pd.Timestamp, employee_ids: pd.Index
) -> pd.DataFrame:
    """Per employee of `employee_ids` (in that order): past enrolments with a known outcome,
    completion and no-show rates smoothed toward the population's (so, without a record, the
    population's), recent and concurrent enrolments."""
    done = (known[col.STATUS] == col.COMPLETED).astype(float)
    no_show = (known[col.STATUS] == "no_show").astype(float)
    frame = pd.DataFrame({col.EMPLOYEE_ID: known[col.EMPLOYEE_ID], "d": done, "ns": no_show})
    sums = frame.groupby(col.EMPLOYEE_ID, sort=False).agg(
        n=("d", "size"), d=("d", "sum"), ns=("ns", "sum")
    )
    sums = sums.reindex(employee_ids, fill_value=0.0)
    no_show_prior = float(no_show.mean()) if len(no_show) else 0.0
    enr = tables.enrollments[tables.enrollments[col.ENROLLED_AT] <= as_of]
    enr_end = enrollment_end_dates(enr, tables.programs)
    recent = enr[enr[col.ENROLLED_AT] > as_of - pd.Timedelta(days=365)]
    running = enr[(enr_end > as_of).to_numpy()]
    return pd.DataFrame(
        {
            "n_past": sums["n"].astype(float),
            "completion_rate": smoothed_rate(sums["d"], sums["n"], _completion_prior(known)),
            "no_show_rate": smoothed_rate(sums["ns"], sums["n"], no_show_prior),
            "n_last_12m": _count_by_employee(recent, employee_ids),
            "concurrent": _count_by_employee(running, employee_ids),
        },
        index=employee_ids,
    )


def _count_by_employee(enrollments: pd.DataFrame, employee_ids: pd.Index) -> np.ndarray:
    counts = enrollments.groupby(col.EMPLOYEE_ID, sort=False).size()
    return counts.reindex(employee_ids, fill_value=0).to_numpy(dtype=float)


def _program_frame(tables: Tables, known: pd.DataFrame, course_codes: np.ndarray) -> pd.DataFrame:
    """Numeric per-program features: format, size, and how past sessions of the course went."""
    programs = tables.programs
    prior = _completion_prior(known)
    sessions = pd.Index(programs[col.PROGRAM_ID]).get_indexer(known[col.PROGRAM_ID])
    past = pd.DataFrame(
        {
            "course": course_codes[sessions],
            "done": (known[col.STATUS] == col.COMPLETED).to_numpy(dtype=float),
            "reaction": known[col.REACTION_SCORE].to_numpy(dtype=float),
        }
    )
    by_course = past.groupby("course", sort=False)
    n = by_course["done"].size()
    course = pd.DataFrame(
        {
            "n": n.astype(float),
            "rate": smoothed_rate(by_course["done"].sum(), n, prior),
            "reaction": by_course["reaction"].mean(),
        }
    )
    stats = course.reindex(course_codes)
    return pd.DataFrame(
        {
            "method": pd.Categorical(programs[col.METHOD], categories=col.METHODS).codes,
            "duration_jp": programs[col.DURATION_JP].to_numpy(dtype=float),
            "log_cost": np.log1p(programs[col.COST].to_numpy(dtype=float)),
            "course_n_past": stats["n"].fillna(0.0).to_numpy(),
            "course_completion_rate": stats["rate"].fillna(prior).to_numpy(),
            "course_reaction": stats["reaction"].to_numpy(dtype=float),
            "in_person": programs[col.METHOD].isin(IN_PERSON).to_numpy(dtype=float),
        }
    )


def _program_competencies(
    tables: Tables, competency_ids: pd.Index
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """CSR arrays: for program j, rows indptr[j]:indptr[j+1] of codes, targets, weights."""
    pc = tables.program_competencies
    order = pd.Index(tables.programs[col.PROGRAM_ID]).get_indexer(pc[col.PROGRAM_ID])
    sort = np.argsort(order, kind="stable")
    counts = np.bincount(order, minlength=len(tables.programs))
    indptr = np.concatenate([[0], np.cumsum(counts)])
    codes = competency_ids.get_indexer(pc[col.COMPETENCY_ID])[sort]
    target = pc[col.TARGET_LEVEL].to_numpy(dtype=np.float32)[sort]
    weight = pc[col.WEIGHT].to_numpy(dtype=np.float32)[sort]
    return indptr, codes, target, weight


def course_key(employee_codes: np.ndarray, course_codes: np.ndarray, n_courses: int) -> np.ndarray:
    """One int64 per (employee, course): the keys of `taken_courses` and `completed_courses`."""
    return employee_codes.astype(np.int64) * n_courses + course_codes


def _course_keys(
    enr: pd.DataFrame, tables: Tables, employee_ids: pd.Index, course_codes: np.ndarray
) -> np.ndarray:
    """Sorted (employee, course) keys of the given enrolments."""
    rows = employee_ids.get_indexer(enr[col.EMPLOYEE_ID]).astype(np.int64)
    programs = pd.Index(tables.programs[col.PROGRAM_ID]).get_indexer(enr[col.PROGRAM_ID])
    n_courses = int(course_codes.max()) + 1 if len(course_codes) else 1
    keys = course_key(rows, course_codes[programs], n_courses)
    return np.unique(keys[rows >= 0])
