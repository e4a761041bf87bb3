"""One quarter's enrolments played out: outcomes, true values, dates and Kirkpatrick scores."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from features import columns as col
from features.demo import kirkpatrick
from features.demo import mechanisms as mech
from features.demo.catalogue import CourseBook
from features.demo.draws import DAY, workdays_before
from features.demo.timeline import Calendar

STATUS = {s: i for i, s in enumerate(col.STATUSES)}
STATUS_OF_OUTCOME = np.array([STATUS[o] for o in mech.OUTCOMES])
ENROL_DAYS_BEFORE = (7, 42)  # registration closes a week before the start
UNKNOWN_LEVEL = 1.5  # prior level assumed on a competency outside the person's standard


@dataclass
class QuarterOutcomes:
    """Enrolments of one quarter (row-aligned arrays); `program` is set by the caller."""

    employee: np.ndarray
    session: np.ndarray  # row in the quarter's sessions frame
    program: np.ndarray  # row in the whole programs list
    enrolled_at: np.ndarray
    status: np.ndarray  # index into col.STATUSES
    completed: np.ndarray
    in_progress: np.ndarray
    scores: dict[str, np.ndarray]
    true_probability: np.ndarray
    true_benefit: np.ndarray
    true_level_gain: np.ndarray  # mean realised rise of the tracked levels (NaN: none)
    gains: dict[str, np.ndarray]  # emp, comp, gain, end: level rises due when programs end


def enrolment_outcomes(
    learners: mech.Learners,
    book: CourseBook,
    sessions: pd.DataFrame,
    emp: np.ndarray,
    session: np.ndarray,
    not_before: np.ndarray,
    calendar: Calendar,
    rng: np.random.Generator,
    family: mech.Family = mech.JAKARTA,
) -> QuarterOutcomes:
    """Draw what happened to each (employee, session) enrolment from the hidden mechanisms.

    Nobody registers before `not_before` (per employee: hiring, or the start of the position
    whose state drew these outcomes), unless a session starts that very day."""
    offerings = book.offerings(sessions["course"].to_numpy(), sessions["venue"].to_numpy())
    hazards = family.outcome_hazards(learners, offerings, emp, session)
    gains = family.level_gains(learners, offerings, emp, session)
    outcome = mech.sample_outcomes(hazards, rng)
    start = sessions["start"].to_numpy().astype("datetime64[D]")[session]
    end = sessions["end"].to_numpy().astype("datetime64[D]")[session]
    in_progress = end > calendar.snapshot
    completed = (outcome == 0) & ~in_progress
    spread = mech.realised_gains(gains, rng, family.gain_spread)
    realised = np.where(completed[:, None], spread, 0.0)
    registered = workdays_before(rng, start, *ENROL_DAYS_BEFORE)
    enrolled = np.maximum(registered, np.minimum(not_before[emp], start - DAY))
    surveyed = end + kirkpatrick.BEHAVIOR_AFTER_DAYS * DAY <= calendar.snapshot
    measured = _measured(family, learners, offerings, emp, session, realised, outcome, in_progress)
    return QuarterOutcomes(
        employee=emp,
        session=session,
        program=session.copy(),
        enrolled_at=enrolled,
        status=np.where(in_progress, STATUS[col.IN_PROGRESS], STATUS_OF_OUTCOME[outcome]),
        completed=completed,
        in_progress=in_progress,
        scores=kirkpatrick.scores(measured, surveyed, rng),
        true_probability=mech.completion_probability(hazards),
        true_benefit=family.benefit(learners, offerings, emp, session, gains),
        true_level_gain=_mean_level_gain(learners, offerings, emp, session, realised, completed),
        gains=_gains_due(learners, offerings, emp, session, realised, completed, end),
    )


def _measured(
    family: mech.Family,
    learners: mech.Learners,
    offerings: mech.Offerings,
    emp: np.ndarray,
    session: np.ndarray,
    realised: np.ndarray,
    outcome: np.ndarray,
    in_progress: np.ndarray,
) -> kirkpatrick.Enrolments:
    comp = offerings.competency[session]
    valid = comp >= 0
    safe = np.maximum(comp, 0)
    known = valid & (learners.required[emp[:, None], safe] > 0)
    prior = np.where(known, learners.levels[emp[:, None], safe], UNKNOWN_LEVEL)
    n_valid = valid.sum(axis=1)
    return kirkpatrick.Enrolments(
        outcome=outcome,
        in_progress=in_progress,
        prior_level=np.where(valid, prior, 0.0).sum(axis=1) / n_valid,
        mean_gain=realised.sum(axis=1) / n_valid,
        benefit=family.benefit(learners, offerings, emp, session, realised.astype("float32")),
        fit=family.method_fit(learners, offerings, emp, session),
        conscientiousness=learners.conscientiousness[emp],
    )


def _mean_level_gain(
    learners: mech.Learners,
    offerings: mech.Offerings,
    emp: np.ndarray,
    session: np.ndarray,
    realised: np.ndarray,
    completed: np.ndarray,
) -> np.ndarray:
    """Per completed enrolment, the mean realised rise of the targeted levels in the person's
    standard (what supervisors and peers can see change); NaN when none is tracked or the
    enrolment was not completed. The true course effect of program evaluation (level 3)."""
    comp = offerings.competency[session]
    tracked = (comp >= 0) & (learners.required[emp[:, None], np.maximum(comp, 0)] > 0)
    n_tracked = tracked.sum(axis=1)
    total = np.where(tracked, realised, 0.0).sum(axis=1)
    mean = total / np.maximum(n_tracked, 1)
    return np.where(completed & (n_tracked > 0), mean, np.nan)


def _gains_due(
    learners: mech.Learners,
    offerings: mech.Offerings,
    emp: np.ndarray,
    session: np.ndarray,
    realised: np.ndarray,
    completed: np.ndarray,
    end: np.ndarray,
) -> dict[str, np.ndarray]:
    """Level rises of completed enrolments, one row per competency in the person's standard."""
    comp = offerings.competency[session]
    safe = np.maximum(comp, 0)
    tracked = (comp >= 0) & (learners.required[emp[:, None], safe] > 0) & completed[:, None]
    row, k = np.nonzero(tracked)
    return {
        "emp": emp[row],
        "comp": comp[row, k],
        "gain": realised[row, k].astype("float32"),
        "end": end[row],
    }
