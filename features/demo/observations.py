"""What HR records of the hidden truth: competency evaluations and yearly SKP ratings.

Each evaluation source sees the true level through its own lens: self-ratings are inflated
by the person's overconfidence, supervisors are noisy and lenient by unit, peers less noisy,
the assessment center precise (and mostly for leaders), post-tests right after a program.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from features import columns as col
from features.demo.draws import DAY, workdays_before
from features.demo.rating_regimes import REGIMES, RatingRegime

SOURCE = {s: i for i, s in enumerate(col.SOURCES)}
# Share of staff taking part in a yearly review, by source; share of competencies reviewed.
CYCLE_TURNOUT = {"self": 0.7, "supervisor": 0.85, "peer": 0.15}
CYCLE_COVERAGE = 0.6
REVIEW_WINDOW_DAYS = (7, 56)  # self-assessments open this many days before the deadline
# Yearly chance of an assessment-center session, by tier (col.TIERS order).
ASSESSMENT_CENTER_YEARLY = np.array([0.45, 0.45, 0.45, 0.35, 0.2, 0.03, 0.1, 0.03])
# SKP predicate shares, best first (the 2022 performance-distribution curve).
RATING_SHARES = np.array([0.15, 0.68, 0.11, 0.045, 0.015])


@dataclass
class EvaluationLog:
    """Evaluation rows collected over the simulation, as lists of arrays."""

    parts: dict[str, list[np.ndarray]] = field(
        default_factory=lambda: {k: [] for k in ("emp", "comp", "level", "source", "date")}
    )
    regime: RatingRegime = field(default_factory=lambda: REGIMES["default"])

    def add(
        self, emp: np.ndarray, comp: np.ndarray, level: np.ndarray, source: str, date: np.ndarray
    ) -> None:
        reviewed = source in ("self", "supervisor", "peer")
        rounded = self.regime.rounded(level) if reviewed else level
        values = {
            "emp": emp,
            "comp": comp,
            "level": np.clip(np.round(rounded, 2), 1.0, 5.0),
            "source": np.full(emp.size, SOURCE[source], dtype="int8"),
            "date": np.broadcast_to(date, emp.shape).astype("datetime64[D]"),
        }
        for key, value in values.items():
            self.parts[key].append(value)

    def arrays(self) -> dict[str, np.ndarray]:
        return {k: np.concatenate(v) for k, v in self.parts.items()}


def review_cycle(
    log: EvaluationLog,
    levels: np.ndarray,
    required: np.ndarray,
    bias: dict[str, np.ndarray],
    eligible: np.ndarray,
    deadline: np.datetime64,
    rng: np.random.Generator,
) -> None:
    """One yearly competency review: self, supervisor and peer ratings on a shared form.

    `bias` holds per-employee shifts: "self" (overconfidence) and "supervisor" (leniency).
    Supervisors rush to the deadline, so the last day of the review carries many entries.
    """
    form = (required > 0) & (rng.random(required.shape, dtype="float32") < CYCLE_COVERAGE)
    opened = workdays_before(rng, np.full(levels.shape[0], deadline), *REVIEW_WINDOW_DAYS)
    lag = rng.integers(0, 22, levels.shape[0]) * DAY
    dates = {
        "self": opened,
        "supervisor": np.minimum(opened + lag, deadline),
        "peer": np.minimum(opened + lag // 2, deadline),
    }
    noise = log.regime.noise
    for source, turnout in CYCLE_TURNOUT.items():
        taking_part = eligible & (rng.random(eligible.size) < turnout)
        emp, comp = np.nonzero(form & taking_part[:, None])
        shift = bias[source][emp] if source in bias else 0.1
        seen = levels[emp, comp] + shift + rng.normal(0.0, noise[source], emp.size)
        log.add(emp, comp, seen, source, dates[source][emp])


def assessment_center(
    log: EvaluationLog,
    levels: np.ndarray,
    tier_index: np.ndarray,
    generic: np.ndarray,
    eligible: np.ndarray,
    window: tuple[np.datetime64, np.datetime64],
    rng: np.random.Generator,
) -> None:
    """A quarter of assessment-center sessions: precise, on the managerial/socio-cultural set."""
    chance = ASSESSMENT_CENTER_YEARLY[tier_index] / 4
    assessed = np.flatnonzero(eligible & (rng.random(eligible.size) < chance))
    span = int((window[1] - window[0]) / DAY)
    day = window[0] + rng.integers(0, max(span, 1), assessed.size) * DAY
    day = workdays_before(rng, day, 0, 0)
    comps = np.flatnonzero(generic)
    emp = np.repeat(assessed, comps.size)
    comp = np.tile(comps, assessed.size)
    seen = levels[emp, comp] + rng.normal(0.0, 0.2, emp.size)
    log.add(emp, comp, seen, "assessment_center", np.repeat(day, comps.size))


def post_tests(
    log: EvaluationLog,
    emp: np.ndarray,
    comp: np.ndarray,
    level_after: np.ndarray,
    date: np.ndarray,
    rng: np.random.Generator,
) -> None:
    """Post-tests at a program's end on what it taught, reflecting the gain just made."""
    seen = level_after + rng.normal(0.0, 0.3, emp.size)
    log.add(emp, comp, seen, "post_test", date)


def skp_ratings(
    levels: np.ndarray,
    required: np.ndarray,
    conscientiousness: np.ndarray,
    eligible: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """A year's SKP rating codes (index into col.RATINGS, -1 = not rated).

    Performance follows true competence against the standard and conscientiousness; the
    predicates are handed out along the official distribution curve.
    """
    standard = required > 0
    margin = np.where(standard, np.clip(levels - required, -2.0, 1.0), 0.0).sum(axis=1)
    margin /= np.maximum(standard.sum(axis=1), 1)
    score = 0.9 * margin + 0.5 * conscientiousness + rng.normal(0.0, 0.5, margin.size)
    codes = np.full(margin.size, -1)
    rated = np.flatnonzero(eligible)
    rank = np.argsort(np.argsort(-score[rated])) / max(rated.size, 1)
    codes[rated] = np.searchsorted(np.cumsum(RATING_SHARES), rank, side="right")
    return codes.clip(max=len(RATING_SHARES) - 1)
