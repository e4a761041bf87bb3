"""The score formula, whole: how the models' outputs become one recommendation order.

For an (employee, program) pair:

    gap_closed    = coverage x efficacy
    expected_gain = gap_closed x P(complete)        with P(complete) = 1 - risk
    score         = log(expected_gain + GAIN_FLOOR) + blend x ranker_score

- `coverage` (feature `expected_coverage`, `features.pairs`): the weighted competency gap the
  program's targets could close for the employee, in weighted-level units, expected over the
  uncertainty of the estimated current levels (`features.gaps`);
- `efficacy` (`model.estimators.efficacy`): the share of it a completed program delivers, in [0, 1];
  without an efficacy model it is 1 (full efficacy: the gap coverage heuristic);
- `risk` (`model.estimators.risk`): the calibrated probability of not completing;
- `ranker_score` (`model.estimators.ranker`): what the history shows beyond that (which programs
  people like this one finish with a real learning gain), on a log scale;
- `blend` is chosen in training on a validation period (0 = expected gain alone).

Participant selection (`model.selection`) ranks by `expected_gain`; recommendations by `score`.
"""

from __future__ import annotations

import numpy as np

# In weighted-level units: keeps programs that close no measured gap comparable among
# themselves (by the ranker) instead of all sinking to minus infinity.
GAIN_FLOOR = 0.05
BLEND_GRID = (0.0, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0)


def efficacy_share(efficacy: np.ndarray | None, n: int) -> np.ndarray:
    """The efficacy the score uses for n pairs: the model's prediction clipped to [0, 1];
    `efficacy=None` (no efficacy model) means full efficacy."""
    if efficacy is None:
        return np.ones(n)
    return np.clip(np.asarray(efficacy, dtype=float), 0.0, 1.0)


def gap_closed(coverage: np.ndarray, efficacy: np.ndarray | None) -> np.ndarray:
    """The weighted gap a completed program closes: coverage x `efficacy_share`."""
    coverage = np.asarray(coverage, dtype=float)
    return coverage * efficacy_share(efficacy, len(coverage))


def expected_gain(
    coverage: np.ndarray, efficacy: np.ndarray | None, risk: np.ndarray
) -> np.ndarray:
    """coverage x efficacy x P(complete): the weighted gap the program is expected to close."""
    return gap_closed(coverage, efficacy) * (1.0 - np.asarray(risk, dtype=float))


def recommendation_score(gain: np.ndarray, ranker_score: np.ndarray, blend: float) -> np.ndarray:
    """log(expected_gain + GAIN_FLOOR) + blend x ranker_score."""
    return np.log(np.asarray(gain, dtype=float) + GAIN_FLOOR) + blend * np.asarray(ranker_score)
