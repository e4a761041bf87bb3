"""How busy the training calendar is and how coarsely people are rated: a generator option.

The default regime is the demo world as it always was. `busy_coarse` is the hard case for
program evaluation (issue 22): people take several programs a year (requests three times as
likely, up to three a quarter), so two programs often fall between the same two supervisor
ratings, and reviews are coarse: ratings on half levels, supervisors' noise half a level.
An estimator whose intervals cover the true course effects here is not relying on each
rating interval holding a single course.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

REVIEW_NOISE = {"self": 0.45, "supervisor": 0.6, "peer": 0.55}  # levels, by source


@dataclass(frozen=True)
class RatingRegime:
    """Request intensity and review coarseness; the defaults are the ordinary demo world."""

    name: str
    request_scale: float = 1.0  # multiplies every request propensity
    max_requests: int = 2  # requests per person and quarter
    rating_step: float = 1.0  # self, supervisor and peer ratings are rounded to this
    noise: dict[str, float] = field(default_factory=lambda: dict(REVIEW_NOISE))

    def rounded(self, level: np.ndarray) -> np.ndarray:
        """Review ratings as recorded: to the nearest `rating_step`."""
        return np.round(np.asarray(level) / self.rating_step) * self.rating_step


REGIMES = {
    "default": RatingRegime("default"),
    "busy_coarse": RatingRegime(
        "busy_coarse",
        request_scale=3.0,
        max_requests=3,
        rating_step=0.5,
        noise={"self": 0.45, "supervisor": 0.5, "peer": 0.5},
    ),
}
