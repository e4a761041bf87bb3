"""Fitting both models on the training period and choosing the score blend on validation."""

from __future__ import annotations

import numpy as np

from model.estimators.efficacy import MIN_TRAIN_ROWS, MIN_VALIDATION_ROWS, EfficacyModel
from model.estimators.predictor import Predictor
from model.estimators.ranker import ProgramRanker
from model.estimators.risk import CompletionRiskModel
from model.scoring import BLEND_GRID, recommendation_score
from model.training.examples import Examples
from model.training.metrics import per_query_ndcg
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
    own predictor: out-of-fold for the served refit), by the one-standard-error rule: the
    smallest blend whose NDCG is below the best's by at most one standard error of their
    difference over the employees (`smallest_within_noise`).

    Not chosen on "taken or not": which programs people were nominated to says little about
    which ones served them, and a blend tuned to it would learn the nominations. Not the
    best by a hair either: this NDCG is flat over the blends, and a larger blend lets the
    ranker, which learned from those same outcomes, override the expected gain; it has to
    be clearly better to do so (docs/refit.md, "The blend").
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
    per_blend = [
        per_query_ndcg(q, rel, recommendation_score(g, r, b), 10).to_numpy() for b in BLEND_GRID
    ]
    return float(BLEND_GRID[smallest_within_noise(per_blend)])


def smallest_within_noise(per_query: list[np.ndarray]) -> int:
    """The first candidate (the simplest, in a list ordered so) not clearly worse than the
    best: its mean over the same queries below the best's by at most one standard error of
    their paired difference. 0 when there is no query to judge by."""
    if not len(per_query[0]):
        return 0
    means = [float(np.mean(values)) for values in per_query]
    best = int(np.argmax(means))  # ties: the first
    for i in range(best):
        difference = per_query[best] - per_query[i]
        noise = (
            float(np.std(difference, ddof=1)) / np.sqrt(len(difference))
            if len(difference) > 1
            else 0.0
        )
        if float(np.mean(difference)) <= noise:
            return i
    return best
