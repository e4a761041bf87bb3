"""How the two models' outputs become one recommendation order.

`expected_gain` = the weighted gap the program's targets would close for the employee x the
probability of completing it. The ranker adds what the history shows beyond that (which
programs people like this one finish with a real learning gain), on a log scale:

    score = log(expected_gain + GAIN_FLOOR) + blend x ranker_score

`blend` is chosen in training on a validation period (0 = expected gain alone).
"""

from __future__ import annotations

import numpy as np

# In weighted-level units: keeps programs that close no measured gap comparable among
# themselves (by the ranker) instead of all sinking to minus infinity.
GAIN_FLOOR = 0.05
BLEND_GRID = (0.0, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0)


def expected_gain(coverage: np.ndarray, risk: np.ndarray) -> np.ndarray:
    return np.asarray(coverage, dtype=float) * (1.0 - np.asarray(risk, dtype=float))


def recommendation_score(gain: np.ndarray, ranker_score: np.ndarray, blend: float) -> np.ndarray:
    return np.log(np.asarray(gain, dtype=float) + GAIN_FLOOR) + blend * np.asarray(ranker_score)
