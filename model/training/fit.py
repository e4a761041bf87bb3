"""Fitting both models on the training period and choosing the score blend on validation."""

from __future__ import annotations

import numpy as np

from model.estimators.efficacy import MIN_TRAIN_ROWS, MIN_VALIDATION_ROWS, EfficacyModel
from model.estimators.predictor import Predictor
from model.estimators.ranker import ProgramRanker
from model.estimators.risk import CompletionRiskModel
from model.scoring import BLEND_GRID, recommendation_score
from model.training.examples import Examples
from model.training.metrics import ndcg_at_k
from model.training.split import Split

MAX_RANKER_QUERIES = 60_000


def fit_predictor(split: Split, random_state: int = 0) -> Predictor:
    """The ranker, the calibrated risk model and the blend, fitted without the test period."""
    train, valid = split.train, split.validation
    rank_train = some_queries(train, MAX_RANKER_QUERIES, random_state)
    rank_valid = some_queries(valid, MAX_RANKER_QUERIES // 3, random_state)
    ranker = ProgramRanker(random_state=random_state).fit(
        rank_train.features, rank_train.relevance, rank_train.query,
        rank_valid.features, rank_valid.relevance, rank_valid.query,
    )  # fmt: skip
    tr, va = train.subset(train.enrolled), valid.subset(valid.enrolled)
    risk = CompletionRiskModel(random_state=random_state).fit(
        tr.features, tr.not_completed, va.features, va.not_completed
    )
    efficacy = _fit_efficacy(train, valid, random_state)
    predictor = Predictor(
        ranker=ranker.booster_,
        ranker_iteration=ranker.best_iteration_,
        risk=risk.booster_,
        risk_iteration=risk.best_iteration_,
        calibrator=risk.calibrator_,
        blend=0.0,
        efficacy=efficacy.booster_ if efficacy else None,
        efficacy_iteration=efficacy.best_iteration_ if efficacy else 0,
    )
    return _with_best_blend(predictor, valid)


def some_queries(examples: Examples, limit: int, seed: int) -> Examples:
    """At most `limit` whole queries, drawn at random: beyond ~50,000 queries the ranker
    learns little more, while its training time keeps growing with the rows."""
    queries = np.unique(examples.query)
    if len(queries) <= limit:
        return examples
    keep = np.random.default_rng(seed).choice(queries, size=limit, replace=False)
    return examples.subset(np.isin(examples.query, keep))


def _fit_efficacy(train: Examples, valid: Examples, random_state: int) -> EfficacyModel | None:
    """The efficacy model, or None when too few outcomes were measured to learn from."""
    tr = train.subset(~np.isnan(train.efficacy))
    va = valid.subset(~np.isnan(valid.efficacy))
    if len(tr.efficacy) < MIN_TRAIN_ROWS or len(va.efficacy) < MIN_VALIDATION_ROWS:
        return None
    return EfficacyModel(random_state=random_state).fit(
        tr.features, tr.efficacy, va.features, va.efficacy
    )


def _with_best_blend(predictor: Predictor, valid: Examples) -> Predictor:
    """`predictor` with the blend chosen on the validation period (`best_blend`)."""
    return Predictor(**{**predictor.__dict__, "blend": best_blend([(predictor, valid)])})


def best_blend(folds: list[tuple[Predictor, Examples]]) -> float:
    """The blend whose order best predicts how the programs employees took went (NDCG@10 on
    the enrolments of each fold's period, grouped per employee, each period scored by its
    own predictor: out-of-fold for the served refit); ties go to the smaller blend.

    Not chosen on "taken or not": which programs people were nominated to says little about
    which ones served them, and a blend tuned to it would learn the nominations.
    """
    query, relevance, gain, ranked = [], [], [], []
    offset = 0
    for predictor, examples in folds:
        taken = examples.taken_programs()
        query.append(taken.query + offset)
        offset += int(taken.query.max()) + 1 if len(taken.query) else 0
        relevance.append(taken.relevance)
        ranked.append(predictor.ranker_scores(taken.features))
        gain.append(predictor.expected_gain(taken.features))
    q, rel, g, r = (np.concatenate(parts) for parts in (query, relevance, gain, ranked))
    results = [(ndcg_at_k(q, rel, recommendation_score(g, r, b), 10), b) for b in BLEND_GRID]
    return float(max(results, key=lambda r: (np.nan_to_num(r[0], nan=-1.0), -r[1]))[1])
