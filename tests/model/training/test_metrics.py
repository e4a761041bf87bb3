"""Evaluation metrics on hand-computed cases, plus a property test against a plain loop."""

from __future__ import annotations

import itertools
import math
import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.training.metrics import (
    brier_score,
    expected_calibration_error,
    log_loss,
    map_at_k,
    ndcg_at_k,
    per_query_ndcg,
    probability_report,
    ranking_report,
    recall_at_k,
    roc_auc,
)

LOG2_3, LOG2_5 = math.log2(3), math.log2(5)
# Relevance [3, 2, 1, 0] shown in reverse, i.e. ranked [0, 1, 2, 3]:
#   DCG@4  = 0/1 + 1/log2(3) + 2/log2(4) + 3/log2(5) = 0.63093 + 1 + 1.29203 = 2.92296
#   IDCG@4 = 3/1 + 2/log2(3) + 1/log2(4) + 0/log2(5) = 3 + 1.26186 + 0.5     = 4.76186
REVERSED_NDCG_4 = (1 / LOG2_3 + 2 / 2 + 3 / LOG2_5) / (3 + 2 / LOG2_3 + 1 / 2)  # 0.61383


def test_perfect_ranking_scores_one() -> None:
    q, rel = [1, 1, 1, 1], [3, 2, 1, 0]
    scores = [0.9, 0.5, 0.3, 0.1]
    assert ndcg_at_k(q, rel, scores, k=4) == pytest.approx(1.0)
    assert ndcg_at_k(q, rel, scores, k=2, gain="exponential") == pytest.approx(1.0)
    assert recall_at_k(q, rel, scores, k=3) == pytest.approx(1.0)
    assert map_at_k(q, rel, scores, k=3) == pytest.approx(1.0)


def test_reversed_ranking_matches_hand_value() -> None:
    q, rel, scores = [7] * 4, [3, 2, 1, 0], [1, 2, 3, 4]
    assert round(REVERSED_NDCG_4, 5) == 0.61383
    assert ndcg_at_k(q, rel, scores, k=4) == pytest.approx(REVERSED_NDCG_4)
    # k=2: DCG = 0 + 1/log2(3) = 0.63093; IDCG = 3 + 2/log2(3) = 4.26186
    assert ndcg_at_k(q, rel, scores, k=2) == pytest.approx((1 / LOG2_3) / (3 + 2 / LOG2_3))
    # exponential gains 2**rel - 1 = [7, 3, 1, 0]:
    #   DCG = 1/log2(3) + 3/2 + 7/log2(5) = 5.14567; IDCG = 7 + 3/log2(3) + 1/2 = 9.39279
    expected = (1 / LOG2_3 + 3 / 2 + 7 / LOG2_5) / (7 + 3 / LOG2_3 + 1 / 2)
    assert ndcg_at_k(q, rel, scores, k=4, gain="exponential") == pytest.approx(expected)
    assert round(expected, 5) == 0.54783


def test_query_without_positive_is_excluded_not_counted_as_one() -> None:
    q = ["a", "a", "a", "b", "b"]
    rel = [3, 2, 1, 0, 0]
    scores = [1, 2, 3, 5, 4]  # "a" reversed; "b" has nothing to find
    # "a" ranked [1, 2, 3]: (1 + 2/log2(3) + 3/2) / (3 + 2/log2(3) + 1/2) = 3.76186 / 4.76186
    assert ndcg_at_k(q, rel, scores, k=3) == pytest.approx(
        (1 + 2 / LOG2_3 + 3 / 2) / (3 + 2 / LOG2_3 + 1 / 2)
    )
    assert list(per_query_ndcg(q, rel, scores, k=3).index) == ["a"]
    assert ranking_report(q, rel, scores)["queries"] == 1
    assert math.isnan(ndcg_at_k(["b", "b"], [0, 0], [1, 2], k=5))
    assert math.isnan(recall_at_k(["b", "b"], [0, 0], [1, 2], k=5))


def test_non_contiguous_rows_give_the_same_result() -> None:
    rng = np.random.default_rng(0)
    q = np.repeat(np.arange(50), 8)
    rel = rng.integers(0, 4, size=q.size)
    scores = rng.normal(size=q.size)
    shuffled = rng.permutation(q.size)
    contiguous = ranking_report(q, rel, scores)
    assert ranking_report(q[shuffled], rel[shuffled], scores[shuffled]) == pytest.approx(contiguous)
    by_query = per_query_ndcg(q, rel, scores, k=5)
    shuffled_by_query = per_query_ndcg(q[shuffled], rel[shuffled], scores[shuffled], k=5)
    pd.testing.assert_series_equal(shuffled_by_query, by_query)


def _orders(scores: list[float]) -> list[list[int]]:
    """Every order of the rows that ranks higher scores first: all orders of the ties."""
    groups = [
        [i for i, s in enumerate(scores) if s == value] for value in sorted(set(scores))[::-1]
    ]
    return [
        [i for part in parts for i in part]
        for parts in itertools.product(*(itertools.permutations(g) for g in groups))
    ]


def _by_order(rel: list[float], order: list[int], k: int) -> tuple[float, float, float]:
    """NDCG@k (linear), recall@k and AP@k of one query ranked in `order`."""
    ranked = [rel[i] for i in order]
    ideal = sorted(rel, reverse=True)
    dcg = sum(r / math.log2(i + 2) for i, r in enumerate(ranked[:k]))
    idcg = sum(r / math.log2(i + 2) for i, r in enumerate(ideal[:k]))
    hits = [i for i, r in enumerate(ranked[:k]) if r > 0]
    n_relevant = sum(r > 0 for r in rel)
    ap = sum((j + 1) / (i + 1) for j, i in enumerate(hits)) / min(n_relevant, k)
    return dcg / idcg, len(hits) / n_relevant, ap


def _expected_by_enumeration(rel, scores, k) -> np.ndarray:
    """The mean of every metric over all tie orders, enumerated (one query)."""
    return np.mean([_by_order(rel, order, k) for order in _orders(scores)], axis=0)


def test_a_constant_score_earns_the_expected_value_of_a_random_order() -> None:
    rel, k = [3, 0, 1, 0, 2], 3
    expected = _expected_by_enumeration(rel, [0.5] * 5, k)  # all 120 orders
    q = [1] * 5
    actual = [f(q, rel, [0.5] * 5, k=k) for f in (ndcg_at_k, recall_at_k, map_at_k)]
    assert actual == pytest.approx(expected)
    # By hand: every position holds the mean gain 6/5, so DCG@3 = 1.2 * (1 + 1/log2(3) + 1/2)
    # and IDCG@3 = 3 + 2/log2(3) + 1/2; recall@3 = 3/5 (each row is in the top 3 with p 3/5).
    ndcg = 1.2 * (1 + 1 / LOG2_3 + 0.5) / (3 + 2 / LOG2_3 + 0.5)
    assert actual[:2] == pytest.approx([ndcg, 3 / 5])


def test_ties_count_at_their_expected_value_not_the_worst_order() -> None:
    q, rel = [1, 1, 1, 1], [3, 2, 1, 0]
    # All four tied: each position holds the mean gain 1.5.
    dcg = 1.5 * (1 + 1 / LOG2_3 + 1 / 2 + 1 / LOG2_5)
    assert ndcg_at_k(q, rel, [0.5] * 4, k=4) == pytest.approx(dcg / (3 + 2 / LOG2_3 + 1 / 2))
    assert ndcg_at_k(q, rel, [0.5] * 4, k=4) > REVERSED_NDCG_4  # the old, pessimistic value
    # One relevant row among four tied: in the top 3 with probability 3/4; its precision is
    # 1/p at position p, so AP@4 = (1 + 1/2 + 1/3 + 1/4) / 4.
    assert recall_at_k(q, [0, 1, 0, 0], [0.5] * 4, k=3) == pytest.approx(3 / 4)
    assert map_at_k(q, [0, 1, 0, 0], [0.5] * 4, k=4) == pytest.approx(
        (1 + 1 / 2 + 1 / 3 + 1 / 4) / 4
    )
    # A tie only matters inside its group: the top score still ranks first, and positions 2-3
    # hold the mean gain 1/3 of the three tied rows.
    assert ndcg_at_k(q, [0, 1, 0, 2], [0.1, 0.1, 0.1, 0.9], k=2) == pytest.approx(
        (2 + (1 / 3) / LOG2_3) / (2 + 1 / LOG2_3)
    )


def test_k_larger_than_the_query() -> None:
    q, rel, scores = [1, 1, 1], [0, 2, 1], [3, 2, 1]
    assert ndcg_at_k(q, rel, scores, k=10) == pytest.approx(ndcg_at_k(q, rel, scores, k=3))
    assert recall_at_k(q, rel, scores, k=10) == 1.0
    # ranked [0, 2, 1]: precisions at the hits 1/2 and 2/3, over min(2 relevant, 10) = 2
    assert map_at_k(q, rel, scores, k=10) == pytest.approx((1 / 2 + 2 / 3) / 2)


def test_recall_and_map_by_hand_on_two_queries() -> None:
    # Query A ranked [1, 0, 1, 0, 0], 2 relevant; query B ranked [0, 1, 0, 1, 1], 3 relevant.
    q = ["A"] * 5 + ["B"] * 5
    relevant = [*(1, 0, 1, 0, 0), *(0, 1, 0, 1, 1)]
    scores = [5, 4, 3, 2, 1] * 2
    # recall@3: A 2/2, B 1/3 -> (1 + 1/3) / 2 = 2/3
    assert recall_at_k(q, relevant, scores, k=3) == pytest.approx(2 / 3)
    # AP@3: A (1/1 + 2/3) / min(2, 3) = 5/6; B (1/2) / min(3, 3) = 1/6 -> MAP 1/2
    assert map_at_k(q, relevant, scores, k=3) == pytest.approx(1 / 2)
    # graded relevance counts as relevant when > 0
    assert recall_at_k(q, np.array(relevant) * 2.5, scores, k=3) == pytest.approx(2 / 3)


def test_map_denominator_is_capped_at_k() -> None:
    q, relevant, scores = [1] * 5, [1, 1, 1, 1, 1], [5, 4, 3, 2, 1]
    assert map_at_k(q, relevant, scores, k=2) == 1.0
    assert recall_at_k(q, relevant, scores, k=2) == pytest.approx(2 / 5)


def test_ranking_report_keys() -> None:
    report = ranking_report([1, 1, 2, 2], [1, 0, 0, 2], [2, 1, 2, 1])
    assert set(report) == {"ndcg@5", "ndcg@10", "recall@10", "map@10", "queries"}
    assert report["queries"] == 2
    assert report["ndcg@10"] == pytest.approx((1 + (2 / LOG2_3) / 2) / 2)


@pytest.mark.parametrize(
    ("q", "rel", "scores", "k", "message"),
    [
        ([1, 1], [1, 0], [1.0], 5, "differ in length"),
        ([1, 1], [1, -1], [1, 2], 5, "relevance must be >= 0"),
        ([1, 1], [1, 0], [1, np.nan], 5, "scores must be finite"),
        ([1, None], [1, 0], [1, 2], 5, "missing"),
        ([1, 1], [1, 0], [1, 2], 0, "k must be an integer >= 1"),
    ],
)
def test_ranking_input_errors(q, rel, scores, k, message) -> None:
    with pytest.raises(ValueError, match=message):
        ndcg_at_k(q, rel, scores, k=k)


def test_unknown_gain_is_rejected() -> None:
    with pytest.raises(ValueError, match="gain must be"):
        ndcg_at_k([1], [1], [1], k=1, gain="square")


def _reference(q, rel, scores, k):
    """Plain per-query loop over every tie order: mean NDCG@k, recall@k and AP@k."""
    per_query = []
    for query in sorted(set(q)):
        rows = [(s, r) for qq, r, s in zip(q, rel, scores, strict=True) if qq == query]
        if any(r > 0 for _, r in rows):
            per_query.append(
                _expected_by_enumeration([r for _, r in rows], [s for s, _ in rows], k)
            )
    return list(np.mean(per_query, axis=0)) if per_query else [math.nan] * 3


@st.composite
def _queries(draw):
    n = draw(st.integers(1, 7))  # small: the reference enumerates tie orders
    q = draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    rel = draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
    # few distinct scores, so ties are common
    scores = draw(st.lists(st.integers(-3, 3), min_size=n, max_size=n))
    return q, rel, scores, draw(st.integers(1, 8))


@settings(max_examples=300, deadline=None, database=None)
@given(_queries())
def test_ranking_metrics_match_a_plain_loop(case) -> None:
    q, rel, scores, k = case
    value = ndcg_at_k(q, rel, scores, k=k)
    expected = _reference(q, rel, scores, k)
    if math.isnan(expected[0]):
        assert math.isnan(value)
        return
    assert 0.0 <= value <= 1.0 + 1e-12
    assert ndcg_at_k(q, rel, rel, k=k) == pytest.approx(1.0)
    actual = [value, recall_at_k(q, rel, scores, k=k), map_at_k(q, rel, scores, k=k)]
    assert actual == pytest.approx(expected)


@pytest.mark.slow
def test_a_million_rows_are_quick() -> None:
    rng = np.random.default_rng(1)
    n = 1_000_000
    q = rng.integers(0, 100_000, size=n)
    rel = rng.integers(0, 4, size=n) * (rng.random(n) < 0.2)
    scores = rng.normal(size=n)
    start = time.perf_counter()
    report = ranking_report(q, rel, scores)
    print(
        f"ranking_report on {n:,} rows / {report['queries']:,} queries: "
        f"{time.perf_counter() - start:.2f} s"
    )
    assert 0 < report["ndcg@10"] < 1


# --- probability metrics -----------------------------------------------------------------------


def test_ece_of_perfectly_calibrated_bins_is_zero() -> None:
    y = [*(1, 0, 0, 0), *(1, 1, 1, 0)]
    p = [0.25] * 4 + [0.75] * 4
    assert expected_calibration_error(y, p) == pytest.approx(0.0)
    assert expected_calibration_error(y, p, n_bins=2, strategy="quantile") == pytest.approx(0.0)


def test_ece_of_known_miscalibration() -> None:
    # bin [0.1, 0.2): 4 rows, p 0.1, observed 2/4 -> |0.5 - 0.1| = 0.4, weight 4/10
    # bin [0.9, 1.0]: 6 rows, p 0.9, observed 6/6 -> |1.0 - 0.9| = 0.1, weight 6/10
    y = [1, 1, 0, 0] + [1] * 6
    p = [0.1] * 4 + [0.9] * 6
    assert expected_calibration_error(y, p) == pytest.approx(0.4 * 0.4 + 0.6 * 0.1)  # 0.22
    assert expected_calibration_error(y, p, n_bins=2, strategy="quantile") == pytest.approx(0.22)
    # one bin: |mean y - mean p| = |0.8 - 0.58| = 0.22 as well, by coincidence of the sums
    assert expected_calibration_error(y, p, n_bins=1) == pytest.approx(abs(0.8 - 0.58))


def test_ece_puts_p_equal_one_in_the_last_bin() -> None:
    assert expected_calibration_error([1, 0], [1.0, 0.0]) == pytest.approx(0.0)


def test_roc_auc() -> None:
    assert roc_auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]) == 1.0
    assert roc_auc([0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4]) == pytest.approx(0.75)
    assert math.isnan(roc_auc([1, 1, 1], [0.2, 0.5, 0.9]))


def test_brier_and_log_loss_by_hand() -> None:
    y, p = [1, 0], [0.8, 0.4]
    assert brier_score(y, p) == pytest.approx((0.2**2 + 0.4**2) / 2)  # 0.1
    assert log_loss(y, p) == pytest.approx(-(math.log(0.8) + math.log(0.6)) / 2)  # 0.36698
    assert math.isfinite(log_loss([1, 0], [0.0, 1.0]))


def test_probability_report() -> None:
    report = probability_report([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])
    assert set(report) == {"auc", "brier", "log_loss", "ece", "base_rate", "n"}
    assert report["auc"] == 1.0
    assert report["base_rate"] == 0.5
    assert report["n"] == 4
    assert report["brier"] == pytest.approx((0.01 + 0.04 + 0.04 + 0.01) / 4)


@pytest.mark.parametrize(
    ("y", "p", "message"),
    [
        ([0, 2], [0.1, 0.2], "only 0 and 1"),
        ([0, 1], [0.1, 1.2], r"p must lie in \[0, 1\]"),
        ([0, 1], [0.1], "differ in length"),
    ],
)
def test_probability_input_errors(y, p, message) -> None:
    with pytest.raises(ValueError, match=message):
        probability_report(y, p)


def test_ece_rejects_unknown_strategy() -> None:
    with pytest.raises(ValueError, match="strategy must be"):
        expected_calibration_error([0, 1], [0.2, 0.8], strategy="kmeans")
