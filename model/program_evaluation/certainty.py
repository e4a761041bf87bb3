"""How sure a ranking by effect per rupiah is: ranges of ranks and pairwise chances.

The ranked groups' effects are drawn together from the normal distribution the regression
gives them (their estimates and clustered covariance, so two courses measured on the same
people move together), each draw is ranked by effect per Rp 1 million, and every group gets
the 95% range of the ranks it took and the chance that it truly lies ahead of the next
ranked group. The draws are seeded: the same bundle always states the same certainty.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from model import messages as said

DRAWS = 4000
SEED = 20261206


def rank_certainty(
    table: pd.DataFrame, covariance: pd.DataFrame | None, keys: list[str]
) -> pd.DataFrame:
    """`rank_ci_low`, `rank_ci_high` and `p_ahead_of_next` for the ranked rows of `table`
    (sorted best first, with `rank`, `effect` and `cost_per_participant`; NaN elsewhere).
    `covariance` is indexed by the groups of `keys`; None (an older bundle): all NaN."""
    out = pd.DataFrame(
        np.nan, index=table.index, columns=["rank_ci_low", "rank_ci_high", "p_ahead_of_next"]
    )
    ranked = table.index[table["rank"].notna().to_numpy()]
    if covariance is None or ranked.size == 0:
        return out.astype({"rank_ci_low": "Int64", "rank_ci_high": "Int64"})
    labels = _labels(table.loc[ranked], keys)
    sigma = covariance.loc[labels, labels].to_numpy(dtype="float64")
    effect = table.loc[ranked, "effect"].to_numpy(dtype="float64")
    if not (np.isfinite(sigma).all() and np.isfinite(effect).all()):
        return out.astype({"rank_ci_low": "Int64", "rank_ci_high": "Int64"})
    rng = np.random.default_rng(SEED)
    draws = rng.multivariate_normal(effect, sigma, DRAWS, method="eigh", check_valid="ignore")
    cost = table.loc[ranked, "cost_per_participant"].to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(cost > 0, draws / cost * 1e6, np.sign(draws) * np.inf)
    ranks = (-value).argsort(axis=1).argsort(axis=1) + 1  # 1 = best in that draw
    out.loc[ranked, "rank_ci_low"] = np.percentile(ranks, 2.5, axis=0, method="lower")
    out.loc[ranked, "rank_ci_high"] = np.percentile(ranks, 97.5, axis=0, method="higher")
    ahead = (value[:, :-1] > value[:, 1:]).mean(axis=0)
    out.loc[ranked[:-1], "p_ahead_of_next"] = ahead
    return out.astype({"rank_ci_low": "Int64", "rank_ci_high": "Int64"})


def certainty_sentence(items: list[dict[str, Any]]) -> said.Message:
    """The ranking's certainty in one sentence (from the items' rank ranges)."""
    ranked = [i for i in items if i.get("rank") is not None]
    if not ranked:
        return said.Message(said.NONE_RANKED)
    if len(ranked) == 1:
        return said.Message(said.ONE_RANKED)
    if ranked[0].get("p_ahead_of_next") is None:
        return said.Message(said.ORDER_UNKNOWN, n=len(ranked))
    first = sum(1 for i in ranked if i.get("rank_ci_low") == 1)
    p = float(ranked[0]["p_ahead_of_next"])
    return said.Message(said.ORDER_CERTAINTY, n=len(ranked), first=first, p=p)


def _labels(rows: pd.DataFrame, keys: list[str]) -> list:
    if len(keys) == 1:
        return rows[keys[0]].tolist()
    return list(rows[keys].itertuples(index=False, name=None))
