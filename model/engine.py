"""The decisions the service serves, over one loaded bundle.

Everything that does not depend on the request is prepared once here (index lookups,
upcoming programs, who is enrolled where), so a request costs array lookups plus one
prediction over its own rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from features import columns as col
from features.audience import SERVICE_BANDS, open_to, open_to_stages, service_band
from features.keys import in_sorted
from features.pairs import FEATURE_NAMES, pair_features_by_code
from features.state import course_key
from model.errors import NotFoundError
from model.explain import covered_gaps, reasons, risk_factors
from model.serving import ServingBundle

# Predictions on the request path use one thread: several service workers share two cores.
REQUEST_THREADS = 1


class Engine:
    """Recommendations, gaps, participant selection, unit needs and batch scores."""

    def __init__(self, bundle: ServingBundle) -> None:
        self.bundle = bundle
        self.state = state = bundle.state
        self.version = bundle.version
        programs = bundle.programs.set_index(col.PROGRAM_ID).reindex(state.program_ids)
        self.programs = programs
        self.upcoming = np.flatnonzero((programs[col.START_DATE] > state.as_of).to_numpy())
        self.competency_names = bundle.competencies.set_index(col.COMPETENCY_ID)[col.NAME]
        self.needs = bundle.needs.set_index(col.EMPLOYEE_ID).reindex(state.employee_ids)
        self.unit_of = self.needs[col.UNIT_ID].to_numpy(dtype=object)
        self.units = set(bundle.units[col.UNIT_ID]) | set(self.unit_of)
        self.unit_names = bundle.units.set_index(col.UNIT_ID)[col.NAME]
        self._enrolled = self._enrolled_pairs(bundle.enrollments)
        self._tier_of = state.employees["tier"].to_numpy()
        self._years_of_service = state.employees["tenure_years"].to_numpy()
        start = (programs[col.START_DATE] - state.as_of).dt.days.to_numpy(dtype=float)
        self._years_to_start = np.maximum(start, 0.0) / 365.25
        self._open_to, self._open_to_stages = self._audiences(bundle.enrollments)
        self._profiles = bundle.profiles.sort_values(col.EMPLOYEE_ID, kind="stable")
        self._profile_rows = self._profiles.groupby(col.EMPLOYEE_ID, sort=False).indices

    def _enrolled_pairs(self, enrollments: pd.DataFrame) -> np.ndarray:
        e = self.state.employee_ids.get_indexer(enrollments[col.EMPLOYEE_ID]).astype(np.int64)
        p = self.state.program_ids.get_indexer(enrollments[col.PROGRAM_ID])
        ok = (e >= 0) & (p >= 0)
        return np.unique(e[ok] * len(self.state.program_ids) + p[ok])

    def _audiences(self, enrollments: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """(programs, tiers) and (programs, career stages): who each program is for
        (`features.audience`). Bundles written before these columns existed restrict nobody."""
        e = self.state.employee_ids.get_indexer(enrollments[col.EMPLOYEE_ID])
        p = self.state.program_ids.get_indexer(enrollments[col.PROGRAM_ID])
        ok = (e >= 0) & (p >= 0)
        e, p = e[ok], p[ok]
        declared = self.programs.get(col.AUDIENCE)
        if declared is None:
            declared = pd.Series(pd.NA, index=self.programs.index, dtype="str")
        codes = self.state.course_codes
        tiers = open_to(declared, codes, codes[p], self._tier_of[e].astype(np.int64))
        if col.ENROLLED_AT not in enrollments:
            return tiers, np.ones((len(codes), len(SERVICE_BANDS) + 1), dtype=bool)
        years_ago = (self.state.as_of - enrollments[col.ENROLLED_AT]).dt.days.to_numpy()[ok]
        years_then = self._years_of_service[e] - years_ago / 365.25
        return tiers, open_to_stages(codes, codes[p], years_then)

    # --- lookups -----------------------------------------------------------------------
    def profile_rows(self, employee_ids: Iterable[str]) -> pd.DataFrame:
        """The gap-profile rows of these employees, by a precomputed index (no table scan)."""
        found = [self._profile_rows[i] for i in employee_ids if i in self._profile_rows]
        rows = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
        return self._profiles.iloc[rows]

    def employee_code(self, employee_id: str) -> int:
        try:
            return int(self.state.employee_ids.get_loc(employee_id))
        except KeyError:
            raise NotFoundError("employee", employee_id) from None

    def program_code(self, program_id: str) -> int:
        try:
            return int(self.state.program_ids.get_loc(program_id))
        except KeyError:
            raise NotFoundError("program", program_id) from None

    def is_enrolled(self, e: np.ndarray, p: np.ndarray) -> np.ndarray:
        keys = np.asarray(e, dtype=np.int64) * len(self.state.program_ids) + p
        return in_sorted(keys, self._enrolled)

    def in_audience(self, e: np.ndarray, p: np.ndarray) -> np.ndarray:
        """Whether each employee's tier (unknown: yes) and career stage at the program's start
        are among those program p is for."""
        e, p = np.asarray(e, dtype=np.int64), np.asarray(p, dtype=np.int64)
        tier = self._tier_of[e]
        stage = service_band(self._years_of_service[e] + self._years_to_start[p])
        return ((tier < 0) | self._open_to[p, np.maximum(tier, 0)]) & (
            (stage < 0) | self._open_to_stages[p, np.maximum(stage, 0)]
        )

    def has_completed_course(self, e: np.ndarray, p: np.ndarray) -> np.ndarray:
        keys = course_key(np.asarray(e), self.state.course_codes[p], self.state.n_courses)
        return in_sorted(keys, self.state.completed_courses)

    # --- predictions -------------------------------------------------------------------
    def predict(
        self, e: np.ndarray, p: np.ndarray, num_threads: int = REQUEST_THREADS
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(features, predictions) for the pairs (e[i], p[i]); one thread on the request path,
        `num_threads=0` (all cores) offline."""
        X = pair_features_by_code(self.state, np.asarray(e), np.asarray(p))
        if X.empty:  # LightGBM refuses to predict zero rows
            columns = ["score", "completion_probability", "expected_gain", "gap_closed"]
            return X, pd.DataFrame({name: np.zeros(0) for name in [*columns, "ranker_score"]})
        return X, self.bundle.predictor.predict(X, num_threads=num_threads)

    def explain(self, e: np.ndarray, p: np.ndarray, X: pd.DataFrame) -> list[dict[str, Any]]:
        """Covered gaps, risk factors and reasons for a few rows (a top list)."""
        values = X.to_numpy(dtype=np.float64)
        contributions = self.bundle.predictor.risk_contributions(values, REQUEST_THREADS)
        out = []
        for i in range(len(e)):
            gaps = covered_gaps(self.state, int(e[i]), int(p[i]), self.competency_names)
            factors = risk_factors(contributions[i])
            row = dict(zip(FEATURE_NAMES, values[i], strict=True))
            out.append(
                {
                    "covered_gaps": gaps,
                    "risk_factors": factors,
                    "reasons": reasons(gaps, factors, row),
                }
            )
        return out

    # --- the routes' decisions -----------------------------------------------------------
    def gaps(self, employee_id: str) -> dict[str, Any]:
        """The competency-gap profile of one employee, as of the bundle's snapshot."""
        e = self.employee_code(employee_id)
        rows = self.profile_rows([employee_id])
        need = self.needs.iloc[e]
        competencies = rows.assign(
            name=rows[col.COMPETENCY_ID].map(self.competency_names),
            # never evaluated: no date (NaT would serialise as a date)
            last_evaluated_at=rows[col.LAST_EVALUATED_AT]
            .astype(object)
            .where(rows[col.LAST_EVALUATED_AT].notna(), None),
        ).sort_values(col.WEIGHTED_GAP, ascending=False)
        return {
            "employee_id": employee_id,
            "unit_id": need[col.UNIT_ID],
            "role_id": need[col.ROLE_ID],
            "as_of": self.state.as_of.date(),
            "gap_index": float(need[col.GAP_INDEX]),
            "self_minus_others": _maybe(need[col.SELF_MINUS_OTHERS]),
            "latest_rating": _maybe(need[col.LATEST_RATING]),
            "jp_this_year": int(need[col.JP_THIS_YEAR]),
            "jp_remaining": int(need[col.JP_REMAINING]),
            "competencies": competencies.to_dict("records"),
        }

    def recommend(
        self,
        employee_id: str,
        k: int = 10,
        method: str | None = None,
        max_cost: float | None = None,
        include_outside_audience: bool = False,
    ) -> list[dict[str, Any]]:
        """The best `k` upcoming programs for one employee, best first, with reasons.

        Programs whose course the employee completed, that they are enrolled in, or that are
        for other positions or career stages (`features.audience`, unless
        `include_outside_audience`) are left out, and of several sessions of one course only
        the best-scored is listed.
        """
        e = self.employee_code(employee_id)
        p = self.upcoming
        if method is not None:
            p = p[(self.programs[col.METHOD].to_numpy()[p] == method)]
        if max_cost is not None:
            p = p[self.programs[col.COST].to_numpy()[p] <= max_cost]
        es = np.full(len(p), e)
        keep = ~(self.has_completed_course(es, p) | self.is_enrolled(es, p))
        if not include_outside_audience:
            keep &= self.in_audience(es, p)
        p, es = p[keep], es[keep]
        if len(p) == 0:
            return []
        X, pred = self.predict(es, p)
        order = np.argsort(-pred["score"].to_numpy(), kind="stable")
        # one session per course: the best-scored (ties: the earliest in the catalogue)
        first = np.unique(self.state.course_codes[p[order]], return_index=True)[1]
        top = order[np.sort(first)][:k]
        explained = self.explain(es[top], p[top], X.iloc[top])
        return [
            {**self.program_summary(int(p[i])), **_prediction(pred.iloc[i]), **why}
            for i, why in zip(top, explained, strict=True)
        ]

    def program_summary(self, p: int) -> dict[str, Any]:
        row = self.programs.iloc[p]
        return {
            "program_id": self.state.program_ids[p],
            "title": row[col.TITLE],
            "method": row[col.METHOD],
            "start_date": row[col.START_DATE].date(),
            "duration_jp": int(row[col.DURATION_JP]),
            "cost": float(row[col.COST]),
        }

    def score(self, pairs: list[dict[str, str]]) -> list[dict[str, Any]]:
        """Scores for up to 10,000 pairs in one vectorised call; unknown ids get an error.

        Pairs outside the program's audience are scored all the same (the caller asked for
        them), and say so in `in_audience`."""
        emp_ids = pd.Index([pair["employee_id"] for pair in pairs])
        prog_ids = pd.Index([pair["program_id"] for pair in pairs])
        e = self.state.employee_ids.get_indexer(emp_ids)
        p = self.state.program_ids.get_indexer(prog_ids)
        ok = (e >= 0) & (p >= 0)
        results: list[dict[str, Any]] = [{} for _ in pairs]
        if ok.any():
            _, pred = self.predict(e[ok], p[ok])
            scored = pred[["score", "completion_probability", "expected_gain"]].astype(float)
            scored["in_audience"] = self.in_audience(e[ok], p[ok])
            for i, values in zip(np.flatnonzero(ok), scored.to_dict("records"), strict=True):
                results[i] = values
        for i in np.flatnonzero(~ok):
            what = "employee" if e[i] < 0 else "program"
            ident = emp_ids[i] if e[i] < 0 else prog_ids[i]
            results[i] = {"error": {"code": "not_found", "message": f"unknown {what}: {ident}"}}
        return [{**pair, **res} for pair, res in zip(pairs, results, strict=True)]


def _prediction(row: pd.Series) -> dict[str, float]:
    return {
        "score": float(row["score"]),
        "completion_probability": float(row["completion_probability"]),
        "expected_gain": float(row["expected_gain"]),
    }


def _maybe(value: Any) -> Any:
    return None if pd.isna(value) else value
