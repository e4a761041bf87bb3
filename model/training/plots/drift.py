"""How the headline metrics changed since the previous bundle."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

from model.training.plots import new_figure


def metric_change_figure(changes: list[dict[str, Any]], previous: str) -> Figure:
    """Each headline metric's change (this bundle − previous), green when for the better."""
    figure = new_figure(8.0, 0.45 * len(changes) + 1.6)
    axes = figure.add_subplot()
    names = [row["metric"] + ("" if row["higher_is_better"] else ", lower is better")
             for row in changes][::-1]  # fmt: skip
    values = np.asarray([row["change"] for row in changes][::-1])
    colours = ["#6aa84f" if row["better"] else "#cc0000" for row in changes][::-1]
    axes.barh(names, values, color=colours)
    for y, row in enumerate(changes[::-1]):
        axes.annotate(f"{row['previous']:.4f} → {row['current']:.4f}", (1.0, y), fontsize=8,
                      xycoords=("axes fraction", "data"), xytext=(-4, -3),
                      textcoords="offset points", ha="right")  # fmt: skip
    axes.axvline(0.0, color="black", linewidth=1)
    span = float(np.abs(values).max(initial=0.0)) or 0.01
    axes.set_xlim(-span * 1.2, span * 2.4)  # room for the values on the right
    axes.set_xlabel("change (this bundle − previous); green = better, red = worse")
    axes.set_title(f"Headline metrics against bundle {previous}", fontsize=10)
    axes.grid(axis="x", alpha=0.3)
    return figure
