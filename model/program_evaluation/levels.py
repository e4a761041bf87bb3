"""Per group of enrolments: completion (and why not), level 1 reaction, level 2 learning gain,
level 3 behaviour change, and costs. Every function takes the group keys and returns one row
per group, indexed by them, so a course, a (course, method) or a provider is summarised alike.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col
from model.program_evaluation.behaviour import CONTROL_ID, DID
from model.program_evaluation.changes import CHANGE
from model.program_evaluation.intervals import mean_intervals

FINISHED = (col.COMPLETED, *col.NOT_COMPLETED)


def completion(facts: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """n_enrolled, completion_n (enrolments with an outcome), completion_rate, n_completed and
    the count of each reason for not completing (dropped, failed, no_show)."""
    status = facts[col.STATUS]
    counts = pd.crosstab([facts[k] for k in keys], status).reindex(
        columns=[*FINISHED, col.IN_PROGRESS], fill_value=0
    )
    finished = counts[list(FINISHED)].sum(axis=1)
    out = pd.DataFrame(
        {
            "n_enrolled": counts.sum(axis=1),
            "completion_n": finished,
            "completion_rate": (counts[col.COMPLETED] / finished.where(finished > 0)),
            "n_completed": counts[col.COMPLETED],
        }
    )
    for reason in col.NOT_COMPLETED:
        out[reason] = counts[reason]
    return out


def reaction(facts: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Level 1: mean and spread of reaction scores, their number, and the response rate among
    those who attended to the end or left it (a no-show has no opinion of the course)."""
    attended = facts[facts[col.STATUS].isin([col.COMPLETED, "dropped", "failed"])]
    stats = mean_intervals(attended[col.REACTION_SCORE], attended[keys])
    asked = attended.groupby(keys, sort=True).size()
    return pd.DataFrame(
        {
            "reaction_mean": stats["mean"],
            "reaction_sd": stats["sd"],
            "reaction_n": stats["n"],
            "reaction_response_rate": stats["n"] / asked.reindex(stats.index),
        }
    )


def learning_gain(facts: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Level 2: normalised gain (post - pre) / (100 - pre) of completers with both tests
    (a pre-test of 100 leaves nothing to gain and is left out), with its 95% interval."""
    pre, post = facts[col.PRE_SCORE], facts[col.POST_SCORE]
    usable = (facts[col.STATUS] == col.COMPLETED) & pre.notna() & post.notna() & (pre < 100)
    gain = ((post - pre) / (100.0 - pre)).where(usable)
    stats = mean_intervals(gain, facts[keys])
    return _prefixed(stats, "gain", ("mean", "ci_low", "ci_high", "n"))


def behaviour(participants: pd.DataFrame, matches: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Level 3: the difference-in-differences effect with its interval, how many participants
    were matched and to how many distinct colleagues; the naive before/after beside it."""
    did = mean_intervals(participants[DID], participants[keys])
    naive = mean_intervals(participants[CHANGE], participants[keys])
    rows = participants[keys].iloc[matches["row"].to_numpy()].reset_index(drop=True)
    comparison = matches[[CONTROL_ID]].join(rows).groupby(keys, sort=True)[CONTROL_ID].nunique()
    out = pd.DataFrame(
        {
            "effect": did["mean"],
            "effect_ci_low": did["ci_low"],
            "effect_ci_high": did["ci_high"],
            "n_participants": did["n"],
            "n_comparison": comparison.reindex(did.index, fill_value=0).astype("int64"),
            "n_measured": naive["n"],
        }
    )
    return out.join(_prefixed(naive, "naive", ("mean", "ci_low", "ci_high")))


def costs(facts: pd.DataFrame, keys: list[str], effect: pd.DataFrame) -> pd.DataFrame:
    """Mean cost per participant (IDR, per enrolment), per unit of level 3 effect (only for a
    positive effect), and the effect per Rp 1 million with its interval."""
    per_participant = facts.groupby(keys, sort=True)[col.COST].mean()
    out = pd.DataFrame({"cost_per_participant": per_participant})
    out = out.join(effect[["effect", "effect_ci_low", "effect_ci_high"]], how="left")
    cost = out["cost_per_participant"].where(out["cost_per_participant"] > 0)
    out["cost_per_effect"] = out["cost_per_participant"] / out["effect"].where(out["effect"] > 0)
    for name, source in (
        ("", "effect"),
        ("_ci_low", "effect_ci_low"),
        ("_ci_high", "effect_ci_high"),
    ):
        out[f"effect_per_million{name}"] = out[source] / cost * 1e6
    return out.drop(columns=["effect", "effect_ci_low", "effect_ci_high"])


def _prefixed(stats: pd.DataFrame, prefix: str, names: tuple[str, ...]) -> pd.DataFrame:
    renamed = {n: f"{prefix}_{n}" for n in names}
    return stats[list(names)].rename(columns=renamed)


def nan_to_none(value: object) -> object:
    """A float NaN as None, numpy scalars as Python ones: JSON-ready."""
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return None if not np.isfinite(value) else float(value)
    return None if value is pd.NA else value
