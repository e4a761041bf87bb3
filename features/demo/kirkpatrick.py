"""Kirkpatrick scores of an enrolment: reaction (level 1), pre/post tests (2), behaviour (3).

They are measurements of the hidden gain and method fit, with noise and gaps: tests are
skipped, reaction forms not returned, and behaviour is only surveyed months after the end.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Share of scores recorded when the measurement applies.
PRE_RECORDED, POST_RECORDED, REACTION_RECORDED, BEHAVIOR_RECORDED = 0.88, 0.85, 0.75, 0.45
BEHAVIOR_AFTER_DAYS = 60  # the follow-up survey comes two months after the end


@dataclass(frozen=True)
class Enrolments:
    """One quarter's enrolments as the scores need them (row-aligned)."""

    outcome: np.ndarray  # index into mechanisms.OUTCOMES
    in_progress: np.ndarray
    prior_level: np.ndarray  # mean true level on the program's competencies at the start
    mean_gain: np.ndarray  # mean realised level gain on those competencies (0 unless completed)
    benefit: np.ndarray  # realised weighted gap closed (0 unless completed)
    fit: np.ndarray  # method fit
    conscientiousness: np.ndarray


def scores(e: Enrolments, surveyed: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """pre_score, post_score (0-100), reaction_score and behavior_score (1-5); NaN = none.

    `surveyed` marks enrolments whose behaviour follow-up falls before the snapshot.
    """
    n = e.outcome.size
    completed = (e.outcome == 0) & ~e.in_progress
    attended = (e.outcome != 1) | e.in_progress  # a no-show sits no test
    pre_true = 12.0 + 20.0 * (e.prior_level - 1.0) + rng.normal(0.0, 7.0, n)
    post_true = pre_true + 6.0 + 25.0 * e.mean_gain + rng.normal(0.0, 4.0, n)
    reaction = (
        3.6
        + 0.6 * (e.fit - 0.9)
        + 0.5 * np.minimum(e.benefit, 1.5)
        - 0.7 * ~completed
        + rng.normal(0.0, 0.45, n)
    )
    behavior = 2.7 + 1.1 * np.minimum(e.benefit, 2.0) + 0.3 * e.conscientiousness
    behavior += rng.normal(0.0, 0.5, n)
    finished = ~e.in_progress & attended
    reaction_chance = np.where(completed, REACTION_RECORDED, 0.35)
    return {
        "pre": _kept(np.clip(np.round(pre_true), 0, 100), attended, PRE_RECORDED, rng),
        "post": _kept(np.clip(np.round(post_true), 0, 100), completed, POST_RECORDED, rng),
        "reaction": _kept(np.clip(np.round(reaction, 2), 1, 5), finished, reaction_chance, rng),
        "behavior": _kept(
            np.clip(np.round(behavior, 1), 1, 5), completed & surveyed, BEHAVIOR_RECORDED, rng
        ),
    }


def _kept(
    values: np.ndarray,
    applies: np.ndarray,
    chance: float | np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    recorded = applies & (rng.random(values.size) < chance)
    return np.where(recorded, values, np.nan)
