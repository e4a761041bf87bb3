"""Evaluation against a generated world's hidden ground truth (demo data only).

The demo generator writes, next to the data and never read by training, the true benefit
and completion probability of every (employee, upcoming program) pair and of every past
enrolment. The recommendations are scored against true expected gain (the oracle scores
1.0), and the risk model's AUC is set beside the Bayes AUC of the true probabilities.

Truth values hold for a position: a pair's benefit is measured against the standard of the role
the employee held when it was computed (the world's snapshot for upcoming pairs, the enrolment
for past ones; the generator promotes and transfers people over the history). Employees whose
standard in the state differs from the truth's (the state is of another date, or its roles are
not the ones held then) are left out of the recommendation truth and counted.

The gap to the Bayes AUC has two parts: what no model can learn from an HR export (the hidden
traits behind completion: e-learning affinity, workload, conscientiousness) and what this
model leaves on the table. When the generator wrote the traits, the same risk model is refitted
with them as extra features: its AUC ("auc_model_given_traits") is the first kind of bound.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from features import columns as col
from features.demo.truth import TRUE_BENEFIT, TRUE_PROBABILITY
from features.pairs import pair_features
from features.state import PointInTime
from model.estimators.predictor import Predictor
from model.estimators.risk import CompletionRiskModel
from model.training.baselines import LogisticRisk, ranking_baselines
from model.training.evaluation import split_logistic_risk
from model.training.examples import Examples
from model.training.metrics import expected_calibration_error, ndcg_at_k, roc_auc
from model.training.split import Split

MAX_EMPLOYEES = 2000


TRAITS_FILE = "employee_traits.parquet"
LEVELS_FILE = "true_levels.parquet"


def truth_metrics(
    predictor: Predictor, state: PointInTime, truth_dir: str | Path, split: Split, seed: int = 0
) -> dict[str, Any]:
    truth_dir = Path(truth_dir)
    pairs = pd.read_parquet(truth_dir / "upcoming_pairs.parquet")
    other_position = np.array([], dtype=object)
    levels = None
    if (truth_dir / LEVELS_FILE).is_file():
        levels = pd.read_parquet(truth_dir / LEVELS_FILE)
        other_position = other_standard(state, levels)
        pairs = pairs[~pairs[col.EMPLOYEE_ID].isin(other_position)]
    risk = _risk_truth(predictor, pd.read_parquet(truth_dir / "enrollments.parquet"), split.test)
    if (truth_dir / TRAITS_FILE).is_file():
        traits = pd.read_parquet(truth_dir / TRAITS_FILE)
        risk["auc_model_given_traits"] = auc_given_traits(split, traits, seed)
    logistic = split_logistic_risk(split)
    recommendations = _recommendation_truth(predictor, state, pairs, seed, logistic, levels)
    recommendations["employees_other_position"] = len(other_position)
    return {"recommendations": recommendations, "risk": risk}


def other_standard(state: PointInTime, true_levels: pd.DataFrame) -> np.ndarray:
    """Ids of the employees whose required levels in `state` differ from those the truth was
    computed with (`true_levels`: employee_id, competency_id, required_level)."""
    rows = state.employee_ids.get_indexer(true_levels[col.EMPLOYEE_ID])
    cols = state.competency_ids.get_indexer(true_levels[col.COMPETENCY_ID])
    known = (rows >= 0) & (cols >= 0)
    truth = np.zeros_like(state.required)
    truth[rows[known], cols[known]] = true_levels[col.REQUIRED_LEVEL].to_numpy()[known]
    differs = (truth != state.required).any(axis=1)
    return state.employee_ids.to_numpy()[differs]


def _recommendation_truth(
    predictor: Predictor,
    state: PointInTime,
    pairs: pd.DataFrame,
    seed: int,
    logistic: LogisticRisk | None = None,
    true_levels: pd.DataFrame | None = None,
) -> dict[str, float]:
    """NDCG@10 against true expected gain, one query per employee, over upcoming programs;
    with `true_levels` (the truth's current levels) also the model fed those levels."""
    pairs = pairs[pairs[col.EMPLOYEE_ID].isin(state.employee_ids)]
    pairs = pairs[pairs[col.PROGRAM_ID].isin(state.program_ids)]
    employees = pairs[col.EMPLOYEE_ID].unique()
    rng = np.random.default_rng(seed)
    chosen = rng.choice(employees, size=min(MAX_EMPLOYEES, len(employees)), replace=False)
    pairs = pairs[pairs[col.EMPLOYEE_ID].isin(chosen)].reset_index(drop=True)
    X = pair_features(state, pairs[col.EMPLOYEE_ID].to_numpy(), pairs[col.PROGRAM_ID].to_numpy())
    predicted = predictor.predict(X)
    query = pd.factorize(pairs[col.EMPLOYEE_ID])[0]
    truth = pairs["true_expected_gain"].to_numpy(dtype=float)
    candidates = {
        "model": predicted["score"].to_numpy(),
        "ranker_only": predicted["ranker_score"].to_numpy(),
        "expected_gain_only": predicted["expected_gain"].to_numpy(),
        **ranking_baselines(X, seed, logistic),
        "oracle": truth,
    }
    out = {f"ndcg@10[{k}]": ndcg_at_k(query, truth, s, 10) for k, s in candidates.items()}
    out.update(_headroom(query, truth, pairs, predicted))
    if true_levels is not None and "true_level" in true_levels:
        known = with_true_levels(state, true_levels)
        fed = predictor.predict(pair_features(known, pairs[col.EMPLOYEE_ID].to_numpy(),
                                              pairs[col.PROGRAM_ID].to_numpy()))  # fmt: skip
        out["ceiling@10[true_levels]"] = ndcg_at_k(query, truth, fed["score"].to_numpy(), 10)
    out["employees"] = len(chosen)
    return out


def with_true_levels(state: PointInTime, true_levels: pd.DataFrame) -> PointInTime:
    """`state` with each employee's current levels replaced by the truth's, known for sure
    (confidence 1): what the gap estimate would be with a perfect assessment."""
    rows = state.employee_ids.get_indexer(true_levels[col.EMPLOYEE_ID])
    cols = state.competency_ids.get_indexer(true_levels[col.COMPETENCY_ID])
    known = (rows >= 0) & (cols >= 0)
    current, confidence = state.current.copy(), state.confidence.copy()
    current[rows[known], cols[known]] = true_levels["true_level"].to_numpy()[known]
    confidence[rows[known], cols[known]] = 1.0
    return dataclasses.replace(state, current=current, confidence=confidence)


def _headroom(
    query: np.ndarray, truth: np.ndarray, pairs: pd.DataFrame, predicted: pd.DataFrame
) -> dict[str, float]:
    """NDCG@10 of the model with one of its parts replaced by the truth: where the room
    above the model lies.

    `ceiling@10[true_completion]` keeps the model's gap closed on completion (its gap
    estimate x efficacy) and takes the true completion probability: the expected gain
    (`expected_gain_only`) with a perfect risk model. `ceiling@10[true_benefit]` keeps the
    model's completion probability and takes the true benefit: what a perfect gap and
    efficacy estimate would give. `ceiling@10[true_levels]` (`_recommendation_truth`, when
    the truth has the levels) feeds the whole model the true current levels, known for sure:
    a perfect assessment of today's levels, with the model's own efficacy and completion.
    Diagnostics, not rankers: no page lists them."""
    closed = predicted["gap_closed"].to_numpy(dtype=float)
    completes = predicted["completion_probability"].to_numpy(dtype=float)
    true_completes = pairs[TRUE_PROBABILITY].to_numpy(dtype=float)
    true_benefit = pairs[TRUE_BENEFIT].to_numpy(dtype=float)
    return {
        "ceiling@10[true_completion]": ndcg_at_k(query, truth, closed * true_completes, 10),
        "ceiling@10[true_benefit]": ndcg_at_k(query, truth, true_benefit * completes, 10),
    }


def _risk_truth(predictor: Predictor, truth: pd.DataFrame, test: Examples) -> dict[str, float]:
    """The risk model's AUC on the test enrolments next to the AUC of the true probabilities."""
    enrolled = test.subset(test.enrolled)
    true_risk = true_risks(enrolled, truth)
    ok = ~np.isnan(true_risk)
    y = enrolled.not_completed[ok]
    model_risk = predictor.risk_probability(enrolled.features)[ok]
    return {
        "auc_model": roc_auc(y, model_risk),
        "auc_bayes": roc_auc(y, true_risk[ok]),
        "ece_model": expected_calibration_error(y, model_risk),
        "ece_truth": expected_calibration_error(y, true_risk[ok]),
        "enrolments": int(ok.sum()),
    }


def true_risks(enrolled: Examples, truth: pd.DataFrame) -> np.ndarray:
    """The true probability of not completing of each enrolment row (NaN where unknown)."""
    keys = pd.DataFrame(
        {col.EMPLOYEE_ID: enrolled.employee_id, col.PROGRAM_ID: enrolled.program_id}
    )
    true_p = keys.merge(truth, on=[col.EMPLOYEE_ID, col.PROGRAM_ID], how="left")
    return 1.0 - true_p["true_completion_probability"].to_numpy(dtype=float)


def auc_given_traits(split: Split, traits: pd.DataFrame, seed: int = 0) -> float:
    """Test-period AUC of the risk model refitted with the hidden traits as extra features.

    `traits` has `employee_id` and one numeric column per trait. The refit sees the same
    periods as the served model (train to fit, validation to stop), so the difference to the
    served model's AUC is what the traits are worth, and the rest of the gap to the Bayes
    AUC is the model's.
    """
    by_employee = traits.set_index(col.EMPLOYEE_ID).select_dtypes("number")
    parts = [p.subset(p.enrolled) for p in (split.train, split.validation, split.test)]
    train, valid, test = (
        p.features.join(by_employee.reindex(p.employee_id).reset_index(drop=True)) for p in parts
    )
    model = CompletionRiskModel(random_state=seed).fit(
        train, parts[0].not_completed, valid, parts[1].not_completed
    )
    probability = 1.0 / (1.0 + np.exp(-model.raw_scores(test)))  # AUC needs no calibration
    return roc_auc(parts[2].not_completed, probability)
