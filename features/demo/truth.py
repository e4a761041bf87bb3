"""The hidden ground truth, for judging models: never read by training.

Values come from the same mechanism functions that sampled the history, applied to the
hidden state at the snapshot (upcoming pairs) or at enrolment (past enrolments).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col
from features.courses import course_names
from features.demo import mechanisms as mech
from features.demo.people import People

PAIRS_PER_CHUNK = 500_000  # bounds memory: 65,000 employees x 230 programs is 15M pairs
TRUE_BENEFIT = "true_benefit"
TRUE_PROBABILITY = "true_completion_probability"
TRUE_EXPECTED_GAIN = "true_expected_gain"
TRUE_LEVEL_GAIN = "true_level_gain"
COURSE = "course"
TRUE_EFFECT = "true_effect"


def upcoming_pairs(
    learners: mech.Learners,
    offerings: mech.Offerings,
    employee_ids: np.ndarray,
    program_ids: np.ndarray,
    family: mech.Family = mech.JAKARTA,
) -> pd.DataFrame:
    """Every (employee, upcoming program) pair with its true benefit, completion probability
    and expected gain (= benefit x probability). Ids are categorical to keep 10M rows light."""
    n_emp, n_prog = employee_ids.size, program_ids.size
    step = max(1, PAIRS_PER_CHUNK // max(n_prog, 1))
    values: dict[str, list[np.ndarray]] = {TRUE_BENEFIT: [], TRUE_PROBABILITY: []}
    for first in range(0, n_emp, step):  # chunks of employees, each against every program
        emp = np.repeat(np.arange(first, min(first + step, n_emp)), n_prog)
        prog = np.tile(np.arange(n_prog), emp.size // max(n_prog, 1))
        worth = family.benefit(learners, offerings, emp, prog)
        values[TRUE_BENEFIT].append(worth.astype("float32"))
        hazards = family.outcome_hazards(learners, offerings, emp, prog)
        values[TRUE_PROBABILITY].append(mech.completion_probability(hazards).astype("float32"))
    benefit = np.concatenate(values[TRUE_BENEFIT]) if n_emp else np.empty(0, "float32")
    probability = np.concatenate(values[TRUE_PROBABILITY]) if n_emp else np.empty(0, "float32")
    emp_codes = np.repeat(np.arange(n_emp, dtype="int32"), n_prog)
    prog_codes = np.tile(np.arange(n_prog, dtype="int32"), n_emp)
    return pd.DataFrame(
        {
            col.EMPLOYEE_ID: pd.Categorical.from_codes(emp_codes, categories=employee_ids),
            col.PROGRAM_ID: pd.Categorical.from_codes(prog_codes, categories=program_ids),
            TRUE_BENEFIT: benefit,
            TRUE_PROBABILITY: probability,
            TRUE_EXPECTED_GAIN: benefit * probability,
        }
    )


def enrolment_truth(
    merged: dict[str, np.ndarray], employee_ids: np.ndarray, program_ids: np.ndarray
) -> pd.DataFrame:
    """Per past enrolment: the true completion probability and benefit when it was made."""
    return pd.DataFrame(
        {
            col.EMPLOYEE_ID: pd.Series(employee_ids[merged["employee"]], dtype="str"),
            col.PROGRAM_ID: pd.Series(program_ids[merged["program"]], dtype="str"),
            TRUE_PROBABILITY: merged["true_probability"].astype("float64"),
            TRUE_BENEFIT: merged["true_benefit"].astype("float64"),
            TRUE_LEVEL_GAIN: merged["true_level_gain"].astype("float64"),
        }
    )


def course_effects(enrolments: pd.DataFrame, programs: pd.DataFrame) -> pd.DataFrame:
    """Per course (sessions sharing a course name), its true level-3 effect: the mean realised
    rise of the targeted levels over its completed enrolments (`true_level_gain`), and how
    many completed enrolments that mean is over."""
    course = pd.Series(
        course_names(programs[col.TITLE]).to_numpy(), index=programs[col.PROGRAM_ID].to_numpy()
    )
    frame = enrolments.assign(**{COURSE: enrolments[col.PROGRAM_ID].map(course).to_numpy()})
    frame = frame.dropna(subset=[TRUE_LEVEL_GAIN])
    grouped = frame.groupby(COURSE, sort=True)[TRUE_LEVEL_GAIN]
    out = pd.DataFrame({TRUE_EFFECT: grouped.mean(), "n_completed": grouped.size()})
    return out.reset_index().astype({COURSE: "str", "n_completed": "int64"})


def employee_traits(people: People) -> pd.DataFrame:
    """The hidden traits behind behaviour, per employee."""
    traits = people.traits.drop(columns=["ability"])
    return pd.concat([people.employees[[col.EMPLOYEE_ID]], traits], axis=1)


def true_levels(
    learners: mech.Learners, employee_ids: np.ndarray, competency_ids: np.ndarray
) -> pd.DataFrame:
    """True level at the snapshot of every competency in each employee's standard."""
    emp, comp = np.nonzero(learners.required > 0)
    return pd.DataFrame(
        {
            col.EMPLOYEE_ID: pd.Series(employee_ids[emp], dtype="str"),
            col.COMPETENCY_ID: pd.Series(competency_ids[comp], dtype="str"),
            col.REQUIRED_LEVEL: learners.required[emp, comp].astype("int64"),
            "true_level": learners.levels[emp, comp].astype("float64"),
        }
    )
