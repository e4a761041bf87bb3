"""Evaluate, then refit: the served models learn from every outcome known at the snapshot.

The evaluation fit (`fit.fit_predictor`) learns from the train period, stops early, calibrates
and chooses the blend on validation, and is measured on test: its test figures stay the honest
ones. It never sees the newest decisions, so the models that serve are fitted again:

    refit     the three models refitted on every decision whose outcome is known at the
              snapshot, calibrated and blended on the out-of-fold predictions of the two most
              recent periods: validation by a fit on train, test by the protocol fit below
              (time-ordered cross-fitting, as scikit-learn's
              CalibratedClassifierCV(ensemble=False) does: the fold models have the final
              model's parameters, and the calibrator they yield is the final model's).
    protocol  the same refit one period back: on every decision whose outcome is known by
              cut_2 (train, validation and the decisions straddling cut_1), calibrated and
              blended on validation's out-of-fold predictions (the fit on train), then
              measured on test beside the evaluation fit: its test figures prove the protocol.

A refit has no later period to stop on. Its rounds follow `refit_rounds`: the evaluation fit's
best round scaled with the rows the served refit learns from; every refit and fold model uses
these rounds, so their scores share one scale and the calibrator fits the served model. The
refit serves unless the protocol fit came out clearly worse than the evaluation fit on test
(the promotion gate's figures and tolerance); then the evaluation fit serves, and the metrics
say so. See docs/refit.md.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from model.estimators.efficacy import EfficacyModel
from model.estimators.predictor import Predictor
from model.estimators.ranker import ProgramRanker
from model.estimators.risk import CompletionRiskModel, calibrated, fit_calibrator
from model.training.examples import Examples
from model.training.fit import MAX_RANKER_QUERIES, best_blend, fit_predictor, some_queries
from model.training.gate import GATE_TOLERANCE, gate_scores
from model.training.metrics import probability_report
from model.training.split import Split

# A refit on m rows of a model that stopped at round b on n rows gets b * m / n rounds, at
# most this many times b: beyond it the extrapolation is a guess, and training time grows
# with rounds x rows (`make train` may take at most twice the evaluation fit's time).
MAX_ROUND_SCALE = 2.0
MODELS = ("ranker", "risk", "efficacy")


def refit_rounds(best_iteration: int, fitted_rows: int, refit_rows: int) -> int:
    """Boosting rounds of a refit on `refit_rows` rows, for a model early-stopped at
    `best_iteration` on `fitted_rows`: scaled with the rows (more data supports more rounds
    before the fit turns to noise), never fewer than the best round, at most
    MAX_ROUND_SCALE times it."""
    if fitted_rows <= 0 or best_iteration <= 0:
        return max(1, best_iteration)
    scale = min(max(refit_rows / fitted_rows, 1.0), MAX_ROUND_SCALE)
    return max(1, round(best_iteration * scale))


@dataclass(frozen=True)
class OutOfFold:
    """Risk scores of the most recent periods, each by a fit that never learned from it."""

    not_completed: np.ndarray
    risk_raw: np.ndarray
    period: np.ndarray  # the period of each row: "validation" or "test"


@dataclass(frozen=True)
class Fits:
    """The evaluation fit, the protocol fit one period back, and the model that serves."""

    evaluation: Predictor
    protocol: Predictor
    refit: Predictor
    serves: str  # "refit" or "evaluation"
    why: str
    out_of_fold: OutOfFold
    rows: dict[str, dict[str, int]]
    rounds: dict[str, dict[str, int]]
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of each fit

    @property
    def served(self) -> Predictor:
        return self.refit if self.serves == "refit" else self.evaluation

    @property
    def stand_in(self) -> Predictor:
        """The served protocol as measured on test: fitted without the test period."""
        return self.protocol if self.serves == "refit" else self.evaluation


def fit_all(
    split: Split, examples: Examples, snapshot: pd.Timestamp, random_state: int = 0
) -> Fits:
    """The evaluation fit, then the served refit (every outcome known at `snapshot`) and its
    protocol one period back (known by cut_2), calibrated and blended on out-of-fold
    predictions of fits with the served rounds (see the module docstring)."""
    clock = [time.perf_counter()]

    def lap() -> float:
        clock.append(time.perf_counter())
        return round(clock[-1] - clock[-2], 2)

    evaluation = fit_predictor(split, random_state)
    seconds = {"evaluation": lap()}
    known = examples.subset(known_by(examples, pd.Timestamp(snapshot)))
    by_cut_2 = examples.subset(known_by(examples, split.cut_2, before=split.cut_2))
    rows = {
        "evaluation": fit_rows(split.train, random_state),
        "protocol": fit_rows(by_cut_2, random_state),
        "refit": fit_rows(known, random_state),
    }
    rounds = served_rounds(evaluation, rows["evaluation"], rows["refit"])
    # every fold model has the served rounds, so its scores are on the served model's scale
    # (scikit-learn's cross-fitting clones the final estimator's parameters likewise)
    on_train = refit_predictor(split.train, evaluation, rounds, random_state)
    protocol = refit_predictor(by_cut_2, evaluation, rounds, random_state)
    protocol = calibrated_on([(on_train, split.validation)], protocol)[0]
    seconds["protocol"] = lap()
    refit = refit_predictor(known, evaluation, rounds, random_state)
    folds = [(on_train, split.validation), (protocol, split.test)]
    refit, oof = calibrated_on(folds, refit)
    seconds["refit"] = lap()
    serves, why = which_serves(evaluation, protocol, split.test)
    return Fits(
        evaluation=evaluation,
        protocol=protocol,
        refit=refit,
        serves=serves,
        why=why,
        out_of_fold=oof,
        rows=rows,
        rounds={"evaluation": _rounds(evaluation), "protocol": rounds, "refit": rounds},
        seconds=seconds,
    )


def served_rounds(
    evaluation: Predictor, fitted_rows: dict[str, int], refit_rows: dict[str, int]
) -> dict[str, int]:
    """`refit_rounds` of each model, from the evaluation fit's best rounds and rows."""
    best = {
        "ranker": evaluation.ranker_iteration,
        "risk": evaluation.risk_iteration,
        "efficacy": evaluation.efficacy_iteration,
    }
    return {m: refit_rounds(best[m], fitted_rows[m], refit_rows[m]) for m in MODELS}


def calibrated_on(
    folds: list[tuple[Predictor, Examples]], predictor: Predictor
) -> tuple[Predictor, OutOfFold]:
    """`predictor` with the calibrator fitted on the folds' out-of-fold risk scores (each
    period scored by a fit that never learned from it) and the blend chosen on them."""
    oof = out_of_fold(folds)
    calibrator = fit_calibrator(oof.risk_raw, oof.not_completed)
    blend = best_blend([(replace(p, calibrator=calibrator), ex) for p, ex in folds])
    return replace(predictor, calibrator=calibrator, blend=blend), oof


def known_by(
    examples: Examples, until: pd.Timestamp, before: pd.Timestamp | None = None
) -> np.ndarray:
    """Rows whose outcome is known by `until` (and decided before `before`, when given)."""
    mask = examples.outcome_known_at <= np.datetime64(pd.Timestamp(until))
    if before is not None:
        decided = pd.DatetimeIndex(examples.decided_at).normalize().to_numpy()
        mask &= decided < np.datetime64(pd.Timestamp(before))
    return mask


def fit_rows(examples: Examples, random_state: int = 0) -> dict[str, int]:
    """The rows each model learns from in `examples` (the ranker's after its query cap)."""
    return {
        "ranker": len(some_queries(examples, MAX_RANKER_QUERIES, random_state).query),
        "risk": int(examples.enrolled.sum()),
        "efficacy": int((~np.isnan(examples.efficacy)).sum()),
    }


def refit_predictor(
    examples: Examples, like: Predictor, rounds: dict[str, int], random_state: int = 0
) -> Predictor:
    """The three models of `like` fitted again on `examples` with `rounds` rounds each and no
    early stopping (an efficacy model only if `like` has one). The calibrator and blend stay
    `like`'s until `calibrated_on` replaces them."""
    ranked = some_queries(examples, MAX_RANKER_QUERIES, random_state)
    ranker = ProgramRanker(random_state=random_state, n_estimators=rounds["ranker"]).fit(
        ranked.features, ranked.relevance, ranked.query
    )
    enrolled = examples.subset(examples.enrolled)
    risk = CompletionRiskModel(random_state=random_state, n_estimators=rounds["risk"]).fit(
        enrolled.features, enrolled.not_completed
    )
    efficacy = None
    if like.efficacy is not None:
        measured = examples.subset(~np.isnan(examples.efficacy))
        efficacy = EfficacyModel(random_state=random_state, n_estimators=rounds["efficacy"])
        efficacy = efficacy.fit(measured.features, measured.efficacy)
    return replace(
        like,
        ranker=ranker.booster_,
        ranker_iteration=ranker.best_iteration_,
        risk=risk.booster_,
        risk_iteration=risk.best_iteration_,
        efficacy=efficacy.booster_ if efficacy else None,
        efficacy_iteration=efficacy.best_iteration_ if efficacy else 0,
    )


def out_of_fold(folds: list[tuple[Predictor, Examples]]) -> OutOfFold:
    """Raw risk scores of each fold's enrolments by its predictor, concatenated."""
    parts = [(p, ex.subset(ex.enrolled)) for p, ex in folds]
    names = ("validation", "test")[: len(parts)]
    return OutOfFold(
        not_completed=np.concatenate([ex.not_completed for _, ex in parts]),
        risk_raw=np.concatenate([p.risk_raw(ex.features) for p, ex in parts]),
        period=np.concatenate(
            [np.full(len(ex.query), n) for n, (_, ex) in zip(names, parts, strict=True)]
        ),
    )


def which_serves(evaluation: Predictor, protocol: Predictor, test: Examples) -> tuple[str, str]:
    """("refit" or "evaluation", why): the refit serves unless the protocol fit, one period
    back, did clearly worse on test than the evaluation fit (the gate's figures)."""
    before, after = gate_scores(evaluation, test), gate_scores(protocol, test)
    verdict = ", ".join(
        f"{n} {after[n]:.4f} refit one period back vs {before[n]:.4f} train only" for n in after
    )
    worse = [n for n in after if after[n] < before[n] - GATE_TOLERANCE]
    if worse:
        return "evaluation", f"{verdict}: {', '.join(worse)} worse, the train-only fit serves"
    return "refit", f"{verdict}: the refit on every known outcome serves"


def refit_metrics(fits: Fits, split: Split, snapshot: pd.Timestamp) -> dict[str, Any]:
    """What the bundle's `metrics["refit"]` holds: which model serves and why, both fits on
    test, the served model's reliability out of fold, rows and rounds."""
    test = split.test.subset(split.test.enrolled)
    oof_y, served_oof, periods = served_out_of_fold(fits, split)
    return {
        "serves": fits.serves,
        "why": fits.why,
        "learned_until": str(
            (pd.Timestamp(snapshot) if fits.serves == "refit" else split.cut_1).date()
        ),
        "test": {
            name: {
                **gate_scores(p, split.test),
                "risk": probability_report(test.not_completed, p.risk_probability(test.features)),
                "blend": p.blend,
            }
            for name, p in (("evaluation", fits.evaluation), ("protocol", fits.protocol))
        },
        "out_of_fold": {
            "risk": probability_report(oof_y, served_oof),
            "periods": periods,
            "calibrator": type(fits.served.calibrator).__name__,
        },
        "served_blend": fits.served.blend,
        "rows": fits.rows,
        "rounds": fits.rounds,
        "fit_seconds": fits.seconds,
    }


def served_out_of_fold(fits: Fits, split: Split) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(not completed, the served model's calibrated risk, periods) on the out-of-fold
    scores its calibrator learned from: validation and test for the refit, validation for
    the train-only fit."""
    if fits.serves == "evaluation":
        valid = split.validation.subset(split.validation.enrolled)
        p = fits.evaluation.risk_probability(valid.features)
        return valid.not_completed, p, ["validation"]
    oof = fits.out_of_fold
    p = calibrated(fits.refit.calibrator, oof.risk_raw)
    return oof.not_completed, p, list(dict.fromkeys(oof.period.tolist()))


def _rounds(predictor: Predictor) -> dict[str, int]:
    return {
        "ranker": predictor.ranker_iteration,
        "risk": predictor.risk_iteration,
        "efficacy": predictor.efficacy_iteration,
    }
