"""The promotion gate: a new bundle replaces the serving one only when it is not clearly worse.

Both are measured on the new run's test period, like with like: the served models learn
from every outcome known at their snapshot (`refit.py`), so the new bundle's model that never
saw the test period (`stand_in`: the protocol fit one period back) is compared with the serving
bundle on the test decisions whose outcome the serving bundle never learned from (known after
its `learned_until`). When it learned from them all (a retraining of the same export), both
served models are compared on the whole test period, both having learned from it. A serving
bundle trained on another feature list cannot be compared (it cannot even be loaded by this
code): the new bundle is then not promoted without `--force`, and the gate names the features
that changed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from features.pairs import FEATURE_NAMES
from model.bundles.files import BundleError, current_version, read_manifest
from model.bundles.serving import load_serving_bundle
from model.estimators.predictor import Predictor
from model.training.examples import Examples
from model.training.metrics import ndcg_at_k, roc_auc

# A new bundle is not promoted when a gate figure is this much below the serving bundle's,
# both measured on the new run's test period.
GATE_TOLERANCE = 0.02


def promotion_gate(
    artifacts_dir: str | Path,
    new: Predictor,
    test: Examples,
    force: bool = False,
    stand_in: Predictor | None = None,
) -> tuple[bool, str]:
    """(promote?, why). Promote unless the serving bundle is clearly better on the same test
    rows (how well its order predicts how the programs people took went, or its risk AUC),
    or was trained on other features; `force` promotes anyway. `new` is the model the new
    bundle serves, `stand_in` the same protocol fitted without the test period (default:
    `new`, when it never saw the test period)."""
    version = current_version(artifacts_dir)
    if version is None:
        return True, "no serving bundle yet: promoted"
    path = Path(artifacts_dir) / version
    try:
        serving_features = read_manifest(path).get("feature_names")
        if serving_features != FEATURE_NAMES:
            return _refused(feature_change(serving_features, FEATURE_NAMES), force)
        serving = load_serving_bundle(path)
        old = serving.predictor
    except BundleError as exc:
        # a serving bundle that fails verification is not served either (the service refuses
        # it): replacing it loses nothing, but the report says why no comparison was made
        return True, f"serving bundle {version} is not usable ({exc}): promoted"
    unseen = test.subset(test.outcome_known_at > np.datetime64(learned_until(serving.manifest)))
    if comparable(unseen):
        rows = f"on the {unseen.enrolled.sum()} test enrolments neither model learned from"
        new, test = stand_in or new, unseen
    else:
        rows = "on the test period, which both models learned from"
    new_scores, old_scores = gate_scores(new, test), gate_scores(old, test)
    figures = (f"{n} {new_scores[n]:.4f} vs serving {old_scores[n]:.4f}" for n in new_scores)
    verdict = f"{rows}: {', '.join(figures)}"
    worse = [n for n in new_scores if new_scores[n] < old_scores[n] - GATE_TOLERANCE]
    if not worse:
        return True, f"{verdict}: promoted"
    return _refused(f"{verdict}: {', '.join(worse)} worse beyond {GATE_TOLERANCE}", force)


def learned_until(manifest: dict) -> pd.Timestamp:
    """The last day whose outcomes a bundle's served models learned from: its snapshot for a
    refit (`metrics.refit.learned_until`), the end of its train period for older bundles."""
    metrics = manifest.get("metrics", {})
    day = metrics.get("refit", {}).get("learned_until") or metrics.get("periods", {}).get(
        "train_until"
    )
    return pd.Timestamp(day) if day else pd.Timestamp.max


def comparable(test: Examples) -> bool:
    """Whether `test` holds enrolments of both outcomes (a risk AUC) and a ranking to score."""
    y = test.not_completed[test.enrolled]
    return bool(y.size and 0 < y.sum() < y.size and len(test.taken_programs().query))


def _refused(why: str, force: bool) -> tuple[bool, str]:
    if force:
        return True, f"{why}: promoted because of --force"
    return False, f"{why}: not promoted, use --force"


def feature_change(serving: list[str] | None, new: list[str]) -> str:
    """What differs between the serving bundle's feature list and the new one, in words."""
    serving = list(serving or [])
    gone = [f for f in serving if f not in new]
    added = [f for f in new if f not in serving]
    details = [f"only in serving: {', '.join(gone)}"] if gone else []
    details += [f"only in new: {', '.join(added)}"] if added else []
    if not details:
        details = ["the same names in another order"]
    return f"serving bundle has {len(serving)} features, new has {len(new)} ({'; '.join(details)})"


def gate_scores(predictor: Predictor, test: Examples) -> dict[str, float]:
    """The figures the promotion gate compares (higher is better)."""
    taken = test.taken_programs()
    order = predictor.predict(taken.features)["score"].to_numpy()
    ndcg = ndcg_at_k(taken.query, taken.relevance, order, 10)
    enrolled = test.subset(test.enrolled)
    auc = roc_auc(enrolled.not_completed, predictor.risk_probability(enrolled.features))
    return {"taken NDCG@10": float(np.nan_to_num(ndcg)), "risk AUC": float(np.nan_to_num(auc))}
