"""The engine: one loaded bundle, ready to answer. It composes the parts where each
decision is made, built once per bundle so that a request costs lookups plus one prediction
over its own rows:

- `directory`   (`model.directory`): ids to codes; the rows of employees, programs, units;
- `eligibility` (`model.eligibility`): who may be offered what (started, completed,
  enrolled, audience, the session's rank, sanction and agency rules; with the live state: holding
  the course or an overlapping session);
- `next_positions` (`model.next_position`): the talent pool's next-position gaps;
- `predict` / `explain` (`model.prediction`): pair features to scores, probabilities and
  reasons, by the formula of `model.scoring`.

The answers themselves are plain functions over an engine: `model.answers` (gaps,
recommendations, batch scores), `model.participants` (selection), `model.unit_needs`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from model import answers
from model.bundles.serving import ServingBundle
from model.directory import Directory
from model.eligibility import Eligibility
from model.live import LiveState
from model.next_position import NextPositions
from model.prediction import REQUEST_THREADS, explain_pairs, predict_pairs


class Engine:
    """Recommendations, gaps, participant selection, unit needs and batch scores over one
    serving bundle."""

    def __init__(self, bundle: ServingBundle) -> None:
        self.bundle = bundle
        self.version = bundle.version
        self.state = bundle.state
        self.directory = Directory(bundle)
        self.eligibility = Eligibility(
            bundle.state,
            self.directory.programs,
            bundle.enrollments,
            grades=self.directory.grades,
            sanctions=bundle.sanctions,
            unit_of=self.directory.unit_of,
            units=bundle.units,
        )
        self.next_positions = NextPositions(bundle.state, bundle.next_profiles)
        # `make score-all`'s ranking when the bundle holds one (`model.precomputed`)
        self.precomputed = bundle.precomputed

    def predict(
        self, e: np.ndarray, p: np.ndarray, num_threads: int = REQUEST_THREADS
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(features, predictions) for the pairs (e[i], p[i]) (`model.prediction`)."""
        return predict_pairs(self.state, self.bundle.predictor, e, p, num_threads)

    def explain(self, e: np.ndarray, p: np.ndarray, X: pd.DataFrame) -> list[dict[str, Any]]:
        """Covered gaps, risk factors and reasons for a few rows (`model.prediction`)."""
        names = self.directory.competency_names
        return explain_pairs(self.state, self.bundle.predictor, names, e, p, X)

    # --- the routes' answers (`model.answers`) ----------------------------------------------
    def gaps(self, employee_id: str) -> dict[str, Any]:
        return answers.gaps(self, employee_id)

    def recommend(self, employee_id: str, **options: Any) -> list[dict[str, Any]]:
        """`model.answers.recommend`: k, method, max_cost, include_outside_audience."""
        return answers.recommend(self, employee_id, **options)

    def score(
        self, pairs: list[dict[str, str]], live: LiveState | None = None
    ) -> list[dict[str, Any]]:
        return answers.score(self, pairs, live)

    # --- shortcuts to the parts' most used tables ----------------------------------------
    @property
    def programs(self) -> pd.DataFrame:
        return self.directory.programs

    @property
    def needs(self) -> pd.DataFrame:
        return self.directory.needs

    @property
    def unit_of(self) -> np.ndarray:
        return self.directory.unit_of

    @property
    def upcoming(self) -> np.ndarray:
        return self.eligibility.upcoming

    def in_audience(self, e: np.ndarray, p: np.ndarray) -> np.ndarray:
        return self.eligibility.in_audience(e, p)
