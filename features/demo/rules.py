"""The demo world's rules of competency development (docs/rules.md): the minimum rank some
sessions state, a few disciplinary sanctions, and a talent pool consistent with promotions.

- `programs.min_grade`: the courses a session text would restrict by rank (leadership
  courses, the advanced technical ones), every session of the course alike;
- `programs.kind` and `path`: the kind a BPSDM catalogue states for each course (leadership
  training is structural, a job family's courses technical, the others managerial or
  socio-cultural by what they develop, basic training a course), all classical; the
  low-cost coaching, mentoring and self-study of `catalog_non_classical` non-classical;
- `sanctions`: about one employee in a hundred, six or twelve months each, some still running
  at the snapshot (and into the upcoming sessions), a few without an end recorded;
- `talent_pool`: whoever the history promoted (a move up the structural ladder, or from
  fungsional terampil to ahli) was in the pool for the new role 6 to 24 months before; and a
  few of today's well-rated staff are in it for a role one step up, not reached by the
  snapshot (their next position).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from features import columns as col
from features.demo.catalog_non_classical import KINDS as NON_CLASSICAL_KINDS
from features.demo.catalog_training import (
    COURSES,
    FAMILY,
    NEW_ADMINISTRATOR,
    NEW_JPT,
    NEW_PENGAWAS,
    NEW_PNS,
    Course,
)
from features.learning import programs_paths

# Course code (the title's course, `features.demo.catalog_training`) -> the rank its sessions ask.
MIN_GRADES = {
    "Pelatihan Kepemimpinan Pengawas": "III/b",
    "Pelatihan Kepemimpinan Administrator": "III/d",
    "Pelatihan Kepemimpinan Nasional II": "IV/b",
    "Pengambilan Keputusan Berbasis Data": "III/b",
    "Asesor Kompetensi Manajerial": "III/a",
    "Audit Investigatif dan Fraud Control": "III/a",
    "Keamanan Informasi dan Insiden Siber": "III/a",
    "Analisis Kebijakan Publik": "III/a",
}
# One step up: the tier a promotion leads to.
NEXT_TIER = {
    "pelaksana": "pengawas",
    "pengawas": "administrator",
    "administrator": "jpt_pratama",
    "jpt_pratama": "jpt_madya",
    "fungsional_terampil": "fungsional_ahli",
}
SANCTIONED_SHARE = 0.01
OPEN_ENDED_SHARE = 0.15  # sanctions without an end recorded
POOL_SHARE = 0.06  # of the well-rated staff with a step up, in today's pool
WELL_RATED = ("sangat_baik", "baik")


def with_min_grades(programs: pd.DataFrame) -> pd.DataFrame:
    """`programs` with `min_grade` for the sessions of `MIN_GRADES`'s courses."""
    course = programs[col.TITLE].str.replace(r" Angkatan .*$", "", regex=True)
    return programs.assign(**{col.MIN_GRADE: course.map(MIN_GRADES)})


def with_kinds(programs: pd.DataFrame) -> pd.DataFrame:
    """`programs` with the `path` and `kind` of each session's course."""
    kinds = {course.title: _kind(course) for course in COURSES} | NON_CLASSICAL_KINDS
    course = programs[col.TITLE].str.replace(r" Angkatan .*$", "", regex=True)
    with_kind = programs.assign(**{col.KIND: course.map(kinds)})
    return programs.assign(**{col.PATH: programs_paths(with_kind), col.KIND: with_kind[col.KIND]})


def _kind(course: Course) -> str:
    if course.audience in (NEW_PENGAWAS, NEW_ADMINISTRATOR, NEW_JPT):
        return "structural"  # Pelatihan Kepemimpinan (PKP, PKA, PKN)
    if course.audience == NEW_PNS:
        return "course"  # Pelatihan Dasar CPNS: neither leadership nor technical
    if course.audience == FAMILY:
        return "technical"
    first = course.targets[0][0]
    return "socio_cultural" if first.startswith("SK.") else "managerial"


def sanctions_table(
    employees: pd.DataFrame, snapshot: date, rng: np.random.Generator
) -> pd.DataFrame:
    """A few sanctions, started in the three years before the snapshot."""
    ids = employees[col.EMPLOYEE_ID].to_numpy()
    chosen = rng.choice(ids, size=max(1, round(SANCTIONED_SHARE * len(ids))), replace=False)
    end_of = pd.Timestamp(snapshot)
    start = end_of - pd.to_timedelta(rng.integers(0, 3 * 365, len(chosen)), unit="D")
    hired = employees.set_index(col.EMPLOYEE_ID)[col.HIRE_DATE].reindex(chosen).to_numpy()
    start = pd.DatetimeIndex(np.maximum(start.to_numpy(), hired))
    months = rng.choice([6, 12], size=len(chosen))
    end = start + pd.to_timedelta(months * 30.44, unit="D")  # six or twelve months
    end = end.where(rng.random(len(chosen)) >= OPEN_ENDED_SHARE)
    return pd.DataFrame(
        {col.EMPLOYEE_ID: chosen, col.START_DATE: start.normalize(), col.END_DATE: end.normalize()}
    ).sort_values([col.EMPLOYEE_ID, col.START_DATE], ignore_index=True)


def talent_pool_table(
    tables: dict[str, pd.DataFrame], snapshot: date, rng: np.random.Generator
) -> pd.DataFrame:
    """The pool of past promotions (entered before each) and of today's prospects."""
    roles = tables[col.JOB_ROLES]
    tier_of = roles.set_index(col.ROLE_ID)[col.TIER]
    past = _promoted(tables.get("assignments"), tier_of, rng)
    now = _prospects(tables, roles, tier_of, snapshot, rng)
    pool = pd.concat([past, now], ignore_index=True)
    pool = pool[pool[col.SINCE] <= pd.Timestamp(snapshot)]
    pool = pool.drop_duplicates([col.EMPLOYEE_ID, col.TARGET_ROLE_ID, col.SINCE])
    return pool.astype({col.BOX: "int64"}).sort_values([col.EMPLOYEE_ID, col.SINCE],
                                                        ignore_index=True)  # fmt: skip


def _promoted(
    assignments: pd.DataFrame | None, tier_of: pd.Series, rng: np.random.Generator
) -> pd.DataFrame:
    """An entry for every move one step up, dated 6 to 24 months before it."""
    if assignments is None or assignments.empty:
        return _empty()
    moves = assignments.sort_values([col.EMPLOYEE_ID, col.START_DATE], kind="stable")
    before = moves.groupby(col.EMPLOYEE_ID, sort=False)[col.ROLE_ID].shift()
    up = before.map(tier_of).map(NEXT_TIER) == moves[col.ROLE_ID].map(tier_of)
    promoted = moves[up.to_numpy()]
    lead = pd.to_timedelta(rng.integers(183, 730, len(promoted)), unit="D")
    return pd.DataFrame(
        {
            col.EMPLOYEE_ID: promoted[col.EMPLOYEE_ID].to_numpy(),
            col.TARGET_ROLE_ID: promoted[col.ROLE_ID].to_numpy(),
            col.BOX: rng.integers(7, 10, len(promoted)),
            col.SINCE: (promoted[col.START_DATE] - lead).dt.normalize().to_numpy(),
        }
    )


def _prospects(
    tables: dict[str, pd.DataFrame],
    roles: pd.DataFrame,
    tier_of: pd.Series,
    snapshot: date,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Well-rated staff with a step up, in the pool for a role of the next tier (the same job
    family where there is one) since 1 to 18 months before the snapshot."""
    emp = tables[col.EMPLOYEES]
    perf = (
        tables[col.PERFORMANCE].sort_values(col.YEAR).drop_duplicates(col.EMPLOYEE_ID, keep="last")
    )
    rating = emp[col.EMPLOYEE_ID].map(perf.set_index(col.EMPLOYEE_ID)[col.RATING])
    next_tier = emp[col.ROLE_ID].map(tier_of).map(NEXT_TIER)
    able = emp[next_tier.notna() & rating.isin(WELL_RATED)]
    able = able[rng.random(len(able)) < POOL_SHARE]
    family = roles.set_index(col.ROLE_ID)[col.JOB_FAMILY] if col.JOB_FAMILY in roles else None
    targets = []
    for role, tier in zip(able[col.ROLE_ID], next_tier[able.index], strict=True):
        options = roles[roles[col.TIER] == tier]
        if family is not None:
            same = options[options[col.JOB_FAMILY] == family.get(role)]
            options = same if len(same) else options
        targets.append(options[col.ROLE_ID].iloc[rng.integers(len(options))] if len(options)
                       else None)  # fmt: skip
    since = pd.Timestamp(snapshot) - pd.to_timedelta(rng.integers(30, 548, len(able)), unit="D")
    out = pd.DataFrame(
        {
            col.EMPLOYEE_ID: able[col.EMPLOYEE_ID].to_numpy(),
            col.TARGET_ROLE_ID: targets,
            col.BOX: rng.integers(5, 10, len(able)),
            col.SINCE: since.normalize(),
        }
    )
    return out[out[col.TARGET_ROLE_ID].notna()]


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {
            col.EMPLOYEE_ID: pd.Series(dtype="str"),
            col.TARGET_ROLE_ID: pd.Series(dtype="str"),
            col.BOX: pd.Series(dtype="int64"),
            col.SINCE: pd.Series(dtype="datetime64[ns]"),
        }
    )
