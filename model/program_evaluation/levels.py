"""Per group of enrolments: completion (and why not), level 1 reaction, level 2 learning gain,
level 3 behaviour change, and costs. Every function takes the group keys and returns one row
per group, indexed by them, so a course, a (course, method) or a provider is summarised alike.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col
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
    """Level 2: the course-level normalised gain <g> = (<post> - <pre>) / (100 - <pre>) of
    completers with both tests (Hake 1998: from the averages, so a pre-test near 100 cannot
    blow it up as a per-person ratio does), with a 95% interval by the delta method: <g> is
    a ratio of means, whose error is that of the mean of (post - pre) - <g> (100 - pre),
    divided by 100 - <pre> (t quantile, n - 1 degrees of freedom). Also the mean pre- and
    post-test scores (`gain_pre_mean`, `gain_post_mean`)."""
    pre, post = facts[col.PRE_SCORE], facts[col.POST_SCORE]
    usable = (facts[col.STATUS] == col.COMPLETED) & pre.notna() & post.notna()
    pre, post = pre.where(usable), post.where(usable)
    group = [facts[k] for k in keys]
    pre_mean = pre.groupby(group, sort=True, dropna=False).transform("mean")
    room = 100.0 - pre_mean
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (post.groupby(group, sort=True, dropna=False).transform("mean") - pre_mean) / room
        linear = ((post - pre) - ratio * (100.0 - pre)) / room  # mean 0 within each group
    spread = mean_intervals(linear.where(room > 0), facts[keys])
    means = mean_intervals(pre, facts[keys])[["mean"]].rename(columns={"mean": "gain_pre_mean"})
    means["gain_post_mean"] = mean_intervals(post, facts[keys])["mean"]
    gain = ratio.where(room > 0).groupby(group, sort=True, dropna=False).first()
    out = pd.DataFrame({"gain_mean": gain.reindex(spread.index)})
    half = spread["ci_high"] - spread["mean"]
    out["gain_ci_low"] = out["gain_mean"] - half
    out["gain_ci_high"] = out["gain_mean"] + half
    out["gain_n"] = mean_intervals(pre, facts[keys])["n"]
    return out.join(means)


def behaviour(participants: pd.DataFrame, effects: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Level 3: the regression's effect with its interval and counts (`effects`, from
    `effects.behaviour_effects`), with the naive before/after of the participants beside it
    and how many were rated before and after (`n_measured`)."""
    naive = mean_intervals(participants[CHANGE], participants[keys])
    out = pd.DataFrame({"n_measured": naive["n"]})
    out = out.join(_prefixed(naive, "naive", ("mean", "ci_low", "ci_high")))
    return effects.join(out, how="outer")


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
