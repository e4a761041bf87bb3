"""Evaluation metrics shared by every model and baseline, so their numbers are comparable.

Ranking metrics are our own, not LightGBM's: LightGBM counts a query without any positive label
as NDCG = 1, which flatters a model on employees who completed nothing. Here such a query is
left out of every ranking mean, and `ranking_report` says how many queries were counted.

Ties in `scores` are broken fairly: every metric is its expected value over the orders of the
tied rows, all equally likely. Rows of one query with equal scores form a tie group holding
positions s..e. By linearity of expectation each of these positions then holds the group's
mean gain (for DCG and the recall hits) exactly, so a tied row's gain gets the mean discount of
the positions its group spans. For average precision, a relevant row at position p of a group
with n rows, h of them relevant, has on average (h - 1)(p - s)/(n - 1) relevant group-mates
above it; precision is linear in that count, so this is the exact expectation too. A constant
score therefore earns the NDCG, recall and MAP of a random order: neither the worst ordering
(which would sink a baseline with many ties) nor a lucky one.

All ranking metrics are vectorised over queries (one sort, then `bincount` per query and per
tie group), and the rows of one query need not be contiguous.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from sklearn.metrics import roc_auc_score

Gain = Literal["linear", "exponential"]
LOG_LOSS_EPS = 1e-15


class _Ranked(NamedTuple):
    """Rows sorted by query, then by descending score; tied rows form one group."""

    query: np.ndarray  # query code of each row
    rank: np.ndarray  # 1-based position within its query
    relevance: np.ndarray  # relevance in ranked order (tied rows in input order)
    ideal: np.ndarray  # relevance in ideal (descending) order, same row positions
    starts: np.ndarray  # first row of each query
    labels: np.ndarray  # query id of each query code
    group: np.ndarray  # tie group of each row (equal query and score), numbered in order
    group_first: np.ndarray  # 1-based position of the first row of each row's group
    group_size: np.ndarray  # number of rows in each row's group

    def tie_mean(self, values: np.ndarray) -> np.ndarray:
        """Each row's value replaced by the mean over its tie group (its expected value)."""
        sums = np.bincount(self.group, weights=values)
        return sums[self.group] / self.group_size


def _as_1d(values: ArrayLike, name: str) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must be finite (no NaN or inf)")
    return array


def _rank(query_ids: ArrayLike, relevance: ArrayLike, scores: ArrayLike) -> _Ranked:
    """Sort once; every ranking metric reads the result."""
    codes, labels = pd.factorize(np.asarray(query_ids), sort=True)
    rel = _as_1d(relevance, "relevance")
    score = _as_1d(scores, "scores")
    if not len(codes) == len(rel) == len(score):
        raise ValueError(
            f"query_ids, relevance and scores differ in length: "
            f"{len(codes)}, {len(rel)}, {len(score)}"
        )
    if (codes < 0).any():
        raise ValueError("query_ids must not contain missing values")
    if (rel < 0).any():
        raise ValueError("relevance must be >= 0")
    # np.lexsort: the last key is the primary one.
    order = np.lexsort((-score, codes))
    ideal = np.lexsort((-rel, codes))
    query, sorted_score = codes[order], score[order]
    sizes = np.bincount(query, minlength=len(labels))
    starts = np.cumsum(sizes) - sizes
    rank = np.arange(len(query)) - starts[query] + 1
    new_group = np.ones(len(query), dtype=bool)
    new_group[1:] = (query[1:] != query[:-1]) | (sorted_score[1:] != sorted_score[:-1])
    group = np.cumsum(new_group) - 1
    group_size = np.bincount(group)[group]
    group_first = rank[np.flatnonzero(new_group)][group]
    return _Ranked(
        query, rank, rel[order], rel[ideal], starts, np.asarray(labels),
        group, group_first, group_size,
    )  # fmt: skip


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise ValueError(f"k must be an integer >= 1, got {k!r}")


def _mean(values: np.ndarray) -> float:
    """Mean that is NaN, without a warning, when nothing could be evaluated."""
    return float(values.mean()) if values.size else float("nan")


def _gains(relevance: np.ndarray, gain: Gain) -> np.ndarray:
    if gain == "linear":
        return relevance
    if gain == "exponential":
        return np.exp2(relevance) - 1.0
    raise ValueError(f"gain must be 'linear' or 'exponential', got {gain!r}")


def _ndcg(ranked: _Ranked, k: int, gain: Gain) -> tuple[np.ndarray, np.ndarray]:
    """Expected NDCG@k of each query with a positive, and the mask of those queries.

    Each position holds its tie group's mean gain: the exact expected DCG over tie orders.
    """
    _check_k(k)
    top = ranked.rank <= k
    query, discount = ranked.query[top], 1.0 / np.log2(ranked.rank[top] + 1.0)
    n = len(ranked.labels)
    expected_gain = ranked.tie_mean(_gains(ranked.relevance, gain))
    dcg = np.bincount(query, weights=expected_gain[top] * discount, minlength=n)
    idcg = np.bincount(query, weights=_gains(ranked.ideal, gain)[top] * discount, minlength=n)
    evaluated = idcg > 0  # the ideal top row is positive iff the query has a positive
    return dcg[evaluated] / idcg[evaluated], evaluated


def _recall_and_ap(ranked: _Ranked, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Expected recall@k and average precision@k of each query with a relevant row.

    A position of a tie group (first position s, n rows, h relevant) is relevant with
    probability h / n; if it is, the relevant rows at or above it number on average the
    relevant rows of earlier groups + 1 + (h - 1)(p - s)/(n - 1).
    """
    _check_k(k)
    relevant = (ranked.relevance > 0).astype(float)
    n = len(ranked.labels)
    n_relevant = np.bincount(ranked.query, weights=relevant, minlength=n)
    chance = ranked.tie_mean(relevant)  # h / n
    h = chance * ranked.group_size
    before = np.cumsum(relevant) - relevant  # relevant rows before each row, over all queries
    query_start = ranked.starts[ranked.query]
    earlier = before[query_start + ranked.group_first - 1] - before[query_start]
    offset = ranked.rank - ranked.group_first
    mates = (h - 1.0) * offset / np.maximum(ranked.group_size - 1, 1)
    precision = chance * (earlier + 1.0 + mates) / ranked.rank
    top = ranked.rank <= k
    hits = np.bincount(ranked.query[top], weights=chance[top], minlength=n)
    precision_sum = np.bincount(ranked.query[top], weights=precision[top], minlength=n)
    evaluated = n_relevant > 0
    recall = hits[evaluated] / n_relevant[evaluated]
    ap = precision_sum[evaluated] / np.minimum(n_relevant[evaluated], k)
    return recall, ap


def per_query_ndcg(
    query_ids: ArrayLike, relevance: ArrayLike, scores: ArrayLike, k: int, gain: Gain = "linear"
) -> pd.Series:
    """NDCG@k per query id, for reports; queries with no positive relevance are absent."""
    ranked = _rank(query_ids, relevance, scores)
    values, evaluated = _ndcg(ranked, k, gain)
    index = pd.Index(ranked.labels[evaluated], name="query_id")
    return pd.Series(values, index=index, name=f"ndcg@{k}")


def ndcg_at_k(
    query_ids: ArrayLike, relevance: ArrayLike, scores: ArrayLike, k: int, gain: Gain = "linear"
) -> float:
    """Mean NDCG@k over queries with a positive relevance (NaN if there is none).

    Gain is `relevance` ("linear") or `2**relevance - 1` ("exponential"); the discount of rank
    r is 1 / log2(r + 1). Score ties count at their expected value (module docstring).
    """
    values, _ = _ndcg(_rank(query_ids, relevance, scores), k, gain)
    return _mean(values)


def recall_at_k(query_ids: ArrayLike, relevant: ArrayLike, scores: ArrayLike, k: int) -> float:
    """Mean share of a query's relevant rows (relevant > 0) found in its top k."""
    recall, _ = _recall_and_ap(_rank(query_ids, relevant, scores), k)
    return _mean(recall)


def map_at_k(query_ids: ArrayLike, relevant: ArrayLike, scores: ArrayLike, k: int) -> float:
    """Mean average precision@k; each query's sum is divided by min(#relevant, k)."""
    _, ap = _recall_and_ap(_rank(query_ids, relevant, scores), k)
    return _mean(ap)


def ranking_report(
    query_ids: ArrayLike, relevance: ArrayLike, scores: ArrayLike, ks: Sequence[int] = (5, 10)
) -> dict[str, float]:
    """NDCG at every k in `ks`, recall and MAP at the largest, and the number of queries counted.

    The rows are sorted once. Every metric counts the same queries: those with a positive.
    """
    ranked = _rank(query_ids, relevance, scores)
    report: dict[str, float] = {}
    for k in ks:
        report[f"ndcg@{k}"] = _mean(_ndcg(ranked, k, "linear")[0])
    k_max = max(ks)
    recall, ap = _recall_and_ap(ranked, k_max)
    report[f"recall@{k_max}"] = _mean(recall)
    report[f"map@{k_max}"] = _mean(ap)
    report["queries"] = int(recall.size)
    return report


# --- probabilities of the risk model (y = 1: the program was not completed) ------------------


def _binary_inputs(y: ArrayLike, p: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    labels, probabilities = _as_1d(y, "y"), _as_1d(p, "p")
    if len(labels) != len(probabilities):
        raise ValueError(f"y and p differ in length: {len(labels)}, {len(probabilities)}")
    if not np.isin(labels, (0.0, 1.0)).all():
        raise ValueError("y must contain only 0 and 1")
    if ((probabilities < 0) | (probabilities > 1)).any():
        raise ValueError("p must lie in [0, 1]")
    return labels, probabilities


def _bin_index(p: np.ndarray, n_bins: int, strategy: str) -> np.ndarray:
    if strategy == "uniform":
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    elif strategy == "quantile":
        edges = np.unique(np.quantile(p, np.linspace(0.0, 1.0, n_bins + 1)))
    else:
        raise ValueError(f"strategy must be 'uniform' or 'quantile', got {strategy!r}")
    # Inner edges only: bins are [e0, e1), [e1, e2), ..., and the last one is closed.
    return np.searchsorted(edges[1:-1], p, side="right")


def expected_calibration_error(
    y: ArrayLike, p: ArrayLike, n_bins: int = 10, strategy: str = "uniform"
) -> float:
    """Sum over bins of (bin share) * |observed rate - mean predicted p|; NaN when empty.

    "uniform" bins split [0, 1] into equal widths; "quantile" bins hold about equal counts
    (equal quantiles are merged), which suits a risk model whose p crowds near the base rate.
    """
    if n_bins < 1:
        raise ValueError(f"n_bins must be >= 1, got {n_bins}")
    labels, probabilities = _binary_inputs(y, p)
    if labels.size == 0:
        return float("nan")
    bins = _bin_index(probabilities, n_bins, strategy)
    counts = np.bincount(bins)
    filled = counts > 0
    observed = np.bincount(bins, weights=labels)[filled] / counts[filled]
    predicted = np.bincount(bins, weights=probabilities)[filled] / counts[filled]
    return float(np.sum(counts[filled] / labels.size * np.abs(observed - predicted)))


def roc_auc(y: ArrayLike, p: ArrayLike) -> float:
    """ROC AUC, or NaN when y holds a single class (AUC is undefined, not 0.5)."""
    labels, probabilities = _binary_inputs(y, p)
    if np.unique(labels).size < 2:
        return float("nan")
    return float(roc_auc_score(labels, probabilities))


def brier_score(y: ArrayLike, p: ArrayLike) -> float:
    """Mean squared error of the probabilities; NaN when empty."""
    labels, probabilities = _binary_inputs(y, p)
    return _mean((probabilities - labels) ** 2)


def log_loss(y: ArrayLike, p: ArrayLike) -> float:
    """Mean negative log-likelihood, p clipped to [1e-15, 1 - 1e-15] so one 0 or 1 stays finite."""
    labels, probabilities = _binary_inputs(y, p)
    clipped = np.clip(probabilities, LOG_LOSS_EPS, 1.0 - LOG_LOSS_EPS)
    return _mean(-(labels * np.log(clipped) + (1.0 - labels) * np.log1p(-clipped)))


def probability_report(y: ArrayLike, p: ArrayLike) -> dict[str, float]:
    """AUC, Brier, log loss, ECE (10 uniform bins), base rate and count of the risk model."""
    labels, probabilities = _binary_inputs(y, p)
    return {
        "auc": roc_auc(labels, probabilities),
        "brier": brier_score(labels, probabilities),
        "log_loss": log_loss(labels, probabilities),
        "ece": expected_calibration_error(labels, probabilities),
        "base_rate": _mean(labels),
        "n": int(labels.size),
    }
