"""Fairness audit by gender, which is never a model feature: are groups treated alike?

Two questions, answered on data the models did not fit:

- risk: is P(not completed) as accurate and as well calibrated for each group? Per group on
  the test period: the share not completed, the mean predicted, AUC and calibration error.
- selection: when the engine fills upcoming programs (default seats, no other constraint),
  is each group selected at a similar rate out of those eligible? The disparate-impact ratio
  is the lowest group's rate over the highest's; the "four-fifths rule" of employment
  practice flags a ratio under 0.8.

Different rates are not proof of bias, as needs can differ between groups: the audit sets
each group's mean expected gain beside its selection rate so that a planner can judge.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from features import columns as col
from features.pairs import pair_features_by_code
from model.engine import Engine
from model.participants import candidate_frame, eligible_employees
from model.predictor import Predictor
from model.selection import select_participants
from model.training.examples import Examples
from model.training.metrics import probability_report

FOUR_FIFTHS = 0.8
MAX_PROGRAMS = 30  # upcoming programs filled for the selection audit (spread over the list)
MIN_GROUP_SIZE = 30  # smaller groups are reported, but their rates are not compared


def fairness_audit(
    predictor: Predictor, test: Examples, engine: Engine, employees: pd.DataFrame
) -> dict[str, Any]:
    """Risk accuracy and selection rates per gender; {"available": False} without genders."""
    gender = employees.set_index(col.EMPLOYEE_ID)[col.GENDER]
    if gender.notna().sum() == 0:
        return {"attribute": col.GENDER, "available": False}
    return {
        "attribute": col.GENDER,
        "available": True,
        "risk": risk_by_group(predictor, test, gender),
        "selection": selection_by_group(engine, gender),
    }


def risk_by_group(
    predictor: Predictor, test: Examples, group: pd.Series
) -> dict[str, dict[str, float]]:
    """`probability_report` of the risk model per group, plus the mean predicted risk."""
    enrolled = test.subset(test.enrolled)
    labels = group.reindex(enrolled.employee_id).to_numpy(dtype=object)
    risk = predictor.risk_probability(enrolled.features)
    out = {}
    for name in sorted({g for g in labels if isinstance(g, str)}):
        rows = labels == name
        report = probability_report(enrolled.not_completed[rows], risk[rows])
        out[name] = {**report, "mean_predicted": float(risk[rows].mean())}
    return out


def selection_by_group(engine: Engine, group: pd.Series) -> dict[str, Any]:
    """Eligible and selected employees per group, summed over up to MAX_PROGRAMS upcoming
    programs each filled to its capacity, and the disparate-impact ratio of the rates."""
    labels = group.reindex(engine.state.employee_ids).to_numpy(dtype=object)
    names = sorted({g for g in labels if isinstance(g, str)})
    spread = np.linspace(0, len(engine.upcoming) - 1, MAX_PROGRAMS).astype(int)
    programs = engine.upcoming[spread] if len(engine.upcoming) else engine.upcoming
    counts = {name: {"eligible": 0, "selected": 0, "gain_sum": 0.0} for name in names}
    for p in np.unique(programs):
        eligible, _ = eligible_employees(engine, int(p), None, ())
        X = pair_features_by_code(engine.state, eligible, np.full(len(eligible), p))
        pred = engine.bundle.predictor.predict(X)  # all cores: this is training, not a request
        program = engine.programs.iloc[p]
        selection = select_participants(
            candidate_frame(engine, eligible, pred),
            seats=int(program[col.CAPACITY]),
            cost_per_seat=float(program[col.COST]),
        )
        chosen = np.zeros(len(eligible), dtype=bool)
        chosen[selection.selected["_row"].to_numpy()] = True
        gains = pred["expected_gain"].to_numpy()
        for name in names:
            rows = labels[eligible] == name
            counts[name]["eligible"] += int(rows.sum())
            counts[name]["selected"] += int((rows & chosen).sum())
            counts[name]["gain_sum"] += float(gains[rows].sum())
    return _rates(counts, len(np.unique(programs)))


def _rates(counts: dict[str, dict[str, float]], programs: int) -> dict[str, Any]:
    groups = {
        name: {
            "eligible": int(c["eligible"]),
            "selected": int(c["selected"]),
            "selection_rate": c["selected"] / c["eligible"] if c["eligible"] else float("nan"),
            "mean_expected_gain": c["gain_sum"] / c["eligible"] if c["eligible"] else float("nan"),
        }
        for name, c in counts.items()
    }
    compared = [g["selection_rate"] for g in groups.values() if g["eligible"] >= MIN_GROUP_SIZE]
    ratio = min(compared) / max(compared) if len(compared) > 1 and max(compared) > 0 else None
    return {
        "programs": programs,
        "groups": groups,
        "disparate_impact_ratio": ratio,
        "four_fifths_met": None if ratio is None else bool(ratio >= FOUR_FIFTHS),
    }
