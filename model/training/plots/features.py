"""What the boosters use, and how the features moved since the previous bundle."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from model.training.plots import new_figure
from model.training.report_drift import PSI_MAJOR, PSI_MODERATE

TOP_FEATURES = 12
BOOSTER_TITLES = {"ranker": "ranker (LambdaRank)", "risk": "completion risk", "gain": "efficacy"}


def importance_figure(importance: dict[str, dict[str, float]]) -> Figure:
    """The top features of each booster by their share of its total split gain."""
    figure = new_figure(4.0 * len(importance) + 1.0, 5.0)
    panels = figure.subplots(1, len(importance), squeeze=False)[0]
    for axes, (booster, shares) in zip(panels, importance.items(), strict=True):
        top = sorted(shares.items(), key=lambda item: -item[1])[:TOP_FEATURES][::-1]
        names, values = [n for n, _ in top], [v for _, v in top]
        axes.barh(names, values, color="#1f4e9c")
        axes.set_title(BOOSTER_TITLES.get(booster, booster), fontsize=10)
        axes.set_xlabel("share of total gain")
        axes.tick_params(axis="y", labelsize=8)
        axes.grid(axis="x", alpha=0.3)
    figure.suptitle(f"Feature importance (gain), top {TOP_FEATURES} of each booster")
    return figure


def psi_figure(psi: dict[str, float], previous: str) -> Figure:
    """Population stability index of every feature against the previous bundle's test period."""
    items = sorted(((n, v) for n, v in psi.items() if np.isfinite(v)), key=lambda item: item[1])
    names, values = [n for n, _ in items], np.asarray([v for _, v in items])
    figure = new_figure(8.0, 0.22 * len(names) + 1.6)
    axes = figure.add_subplot()
    colours = np.where(values > PSI_MAJOR, "#cc0000",
                       np.where(values > PSI_MODERATE, "#e69138", "#6aa84f"))  # fmt: skip
    axes.barh(names, values, color=colours)
    for y, value in enumerate(values):
        axes.annotate(f"{value:.3f}", (value, y), xytext=(3, -3), textcoords="offset points",
                      fontsize=7)  # fmt: skip
    for level, text, style in ((PSI_MODERATE, "0.1: moderate shift", ":"),
                               (PSI_MAJOR, "0.25: major shift", "--")):  # fmt: skip
        axes.axvline(level, color="black", linestyle=style, linewidth=1, label=text)
    # linear up to 0.1, logarithmic beyond: one feature far off must not flatten the rest
    axes.set_xscale("symlog", linthresh=PSI_MODERATE, linscale=1.0)
    axes.set_xlim(0, max(PSI_MAJOR * 2, float(values.max(initial=0.0)) * 2.0))
    axes.legend(loc="lower right", fontsize=8)
    axes.set_xlabel("population stability index (0 = same distribution; log scale past 0.1)")
    axes.tick_params(axis="y", labelsize=8)
    axes.set_title(f"Feature drift: this test period against bundle {previous}'s", fontsize=10)
    axes.grid(axis="x", alpha=0.3)
    return figure
