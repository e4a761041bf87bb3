"""Small hand-made worlds for program evaluation, where the right answers are known."""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col
from features.tables import Tables, no_assignments

BEFORE_DAY = pd.Timestamp("2024-01-15")  # a rating before the quarter of the sessions
AFTER_DAY = pd.Timestamp("2024-12-15")  # and one well after it
SESSION_DAY = pd.Timestamp("2024-04-15")
AS_OF = pd.Timestamp("2025-06-30")
COST = 1_000_000.0


def str_series(values) -> pd.Series:
    return pd.Series(list(values), dtype="str")


def tables_of(
    employees: pd.DataFrame,
    evaluations: pd.DataFrame,
    programs: pd.DataFrame,
    program_competencies: pd.DataFrame,
    enrollments: pd.DataFrame,
    unit_indicators: pd.DataFrame | None = None,
) -> Tables:
    """Typed Tables from the few columns a test cares about (the rest filled in)."""
    roles = sorted(set(employees[col.ROLE_ID]))
    units = sorted(set(employees[col.UNIT_ID]))
    competencies = sorted(set(program_competencies[col.COMPETENCY_ID]))
    frames = {
        "competencies": pd.DataFrame(
            {
                col.COMPETENCY_ID: str_series(competencies),
                col.NAME: str_series(competencies),
                col.CATEGORY: str_series(["technical"] * len(competencies)),
            }
        ),
        "job_roles": pd.DataFrame(
            {
                col.ROLE_ID: str_series(roles),
                col.TITLE: str_series(roles),
                col.TIER: str_series(["pelaksana"] * len(roles)),
                col.JOB_FAMILY: str_series(["x"] * len(roles)),
            }
        ),
        "role_requirements": pd.DataFrame(
            {
                col.ROLE_ID: str_series(np.repeat(roles, len(competencies))),
                col.COMPETENCY_ID: str_series(np.tile(competencies, len(roles))),
                col.REQUIRED_LEVEL: 4,
                col.WEIGHT: 1.0,
            }
        ),
        "employees": employees.assign(
            **{col.HIRE_DATE: pd.Timestamp("2015-01-01"), col.LOCATION: "Jakarta"}
        ),
        "evaluations": evaluations,
        "performance": pd.DataFrame(
            {col.EMPLOYEE_ID: str_series([]), col.YEAR: [], col.RATING: str_series([])}
        ),
        "programs": programs.assign(
            **{col.DURATION_JP: 20, col.CAPACITY: 100, col.LOCATION: "Jakarta"}
        ),
        "program_competencies": program_competencies.assign(
            **{col.TARGET_LEVEL: 4, col.WEIGHT: 1.0}
        ),
        "enrollments": enrollments,
        "units": pd.DataFrame(
            {
                col.UNIT_ID: str_series(units),
                col.NAME: str_series(units),
                col.REGION: str_series(units),
            }
        ),
        "assignments": no_assignments(),
    }
    if unit_indicators is not None:
        frames["unit_indicators"] = unit_indicators
    return Tables(**frames)


def employees_frame(
    ids: list[str], role: str = "R1", units: list[str] | None = None
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            col.EMPLOYEE_ID: str_series(ids),
            col.ROLE_ID: str_series([role] * len(ids)),
            col.UNIT_ID: str_series(units or ["U1"] * len(ids)),
        }
    )


def ratings(ids: list[str], competency: str, before: np.ndarray, after: np.ndarray) -> pd.DataFrame:
    """A supervisor rating of `competency` before and after the sessions, per employee."""
    n = len(ids)
    return pd.DataFrame(
        {
            col.EMPLOYEE_ID: str_series(ids * 2),
            col.COMPETENCY_ID: str_series([competency] * 2 * n),
            col.LEVEL: np.r_[before, after].astype("float64"),
            col.SOURCE: str_series(["supervisor"] * 2 * n),
            col.EVALUATED_AT: pd.to_datetime([BEFORE_DAY] * n + [AFTER_DAY] * n),
        }
    )


def program(program_id: str, title: str, method: str = "classroom", provider: str = "LAN") -> dict:
    return {
        col.PROGRAM_ID: program_id,
        col.TITLE: title,
        col.METHOD: method,
        col.COST: COST,
        col.START_DATE: SESSION_DAY,
        col.PROVIDER: provider,
        col.AUDIENCE: None,
    }


def programs_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    text = [col.PROGRAM_ID, col.TITLE, col.METHOD, col.PROVIDER, col.AUDIENCE]
    return frame.astype(dict.fromkeys(text, "str") | {col.START_DATE: "datetime64[ns]"})


def enrolment(employee: str, program_id: str, status: str = col.COMPLETED, **scores) -> dict:
    return {
        col.EMPLOYEE_ID: employee,
        col.PROGRAM_ID: program_id,
        col.ENROLLED_AT: SESSION_DAY - pd.Timedelta(days=14),
        col.STATUS: status,
        col.PRE_SCORE: scores.get("pre", np.nan),
        col.POST_SCORE: scores.get("post", np.nan),
        col.REACTION_SCORE: scores.get("reaction", np.nan),
        col.BEHAVIOR_SCORE: np.nan,
    }


def enrollments_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    text = [col.EMPLOYEE_ID, col.PROGRAM_ID, col.STATUS]
    return frame.astype(dict.fromkeys(text, "str") | {col.ENROLLED_AT: "datetime64[ns]"})


def targets(pairs: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            col.PROGRAM_ID: str_series([p for p, _ in pairs]),
            col.COMPETENCY_ID: str_series([c for _, c in pairs]),
        }
    )
