"""How good the models are on the test period: calibration, NDCG@k, score distributions."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from model.training.plots import colour, label, new_figure

GRADE_COLOURS = {
    "not taken": "#bbbbbb",
    "taken, not completed": "#cc4125",
    "completed": "#6fa8dc",
    "completed with gain": "#1f4e9c",
    "not completed": "#cc4125",
}


def calibration_figure(calibration: dict[str, dict[str, list]]) -> Figure:
    """Reliability diagram: observed rate against mean predicted risk per bin, per candidate."""
    figure = new_figure(6.4, 5.2)
    axes = figure.add_subplot()
    highest = max(max(c["predicted"] + c["observed"]) for c in calibration.values())
    top = min(1.0, highest * 1.15 + 0.02)
    axes.plot([0, top], [0, top], color="black", linestyle=":", linewidth=1, label="perfect")
    for name, bins in calibration.items():
        size = 20 + 180 * np.asarray(bins["count"]) / max(bins["count"])
        axes.plot(bins["predicted"], bins["observed"], color=colour(name), linewidth=1)
        axes.scatter(bins["predicted"], bins["observed"], s=size, color=colour(name),
                     label=label(name), alpha=0.85, edgecolors="white")  # fmt: skip
    axes.set(xlim=(0, top), ylim=(0, top), xlabel="mean predicted P(not completed) in the bin",
             ylabel="observed share not completed in the bin")  # fmt: skip
    axes.set_title("Calibration of completion risk (test enrolments, 10 quantile bins)")
    axes.legend(title="marker area = enrolments in the bin", loc="upper left", fontsize=8)
    axes.grid(alpha=0.3)
    return figure


def ndcg_figure(curves: dict[str, dict[str, list[float]]]) -> Figure:
    """NDCG@k for k = 1..10, model against every baseline, on both test rankings."""
    titles = {
        "taken": "Programs taken: which went best",
        "observed": "All open programs: which were taken, and how it went",
    }
    figure = new_figure(11.0, 4.6)
    panels = figure.subplots(1, len(curves), sharey=False, squeeze=False)[0]
    for axes, (name, lines) in zip(panels, curves.items(), strict=True):
        for candidate, values in lines.items():
            ks = np.arange(1, len(values) + 1)
            model = candidate == "model"  # drawn thick and on top: parts of it may coincide
            axes.plot(ks, values, marker="o", markersize=3, linewidth=3.0 if model else 1.3,
                      color=colour(candidate), label=label(candidate), zorder=3 if model else 2,
                      linestyle="-" if model else "--")  # fmt: skip
        axes.set(xlabel="k (length of the list)", ylabel="NDCG@k (1 = ideal order)")
        axes.set_title(titles.get(name, name), fontsize=10)
        axes.set_xticks(range(1, 11))
        axes.grid(alpha=0.3)
    panels[-1].legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    figure.suptitle("Ranking quality on the test period: NDCG@k of the model and the baselines")
    return figure


def scores_figure(scores: dict[str, dict[str, Any]]) -> Figure:
    """Distributions of the recommendation score by outcome, and of the risk by outcome."""
    figure = new_figure(11.0, 4.4)
    left, right = figure.subplots(1, 2)
    _histograms(left, scores["score_by_grade"])
    left.set(xlabel="recommendation score (log expected gain + blend × ranker)",
             ylabel="share of the rows of each outcome")  # fmt: skip
    left.set_title(
        "Score of test pairs that cover a gap, by what happened\n(pairs covering"
        " no gap sit at the score's floor and are left out)",
        fontsize=10,
    )
    _histograms(right, scores["risk_by_outcome"])
    right.set(xlabel="predicted P(not completed)", ylabel="share of the enrolments of each outcome")
    right.set_title("Completion risk of test enrolments, by outcome", fontsize=10)
    figure.suptitle("Score distributions on the test period")
    return figure


def _histograms(axes: Axes, histogram: dict[str, Any]) -> None:
    edges = np.asarray(histogram["edges"])
    hidden = histogram.get("no_gain_share", {})
    for name, counts in histogram["counts"].items():
        counts = np.asarray(counts, dtype=float)
        shares = counts / counts.sum() if counts.sum() else counts
        text = f"{name} (n={int(counts.sum()):,}"
        text += f"; {hidden[name]:.0%} of all at the floor)" if name in hidden else ")"
        axes.stairs(shares, edges, label=text, color=GRADE_COLOURS.get(name), linewidth=1.6)
    axes.legend(fontsize=8)
    axes.grid(alpha=0.3)
