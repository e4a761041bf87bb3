"""The charts of the employee and unit pages: a gap profile and a unit's needs heat map.

Each function takes what the API answers (lists of records) and returns an SVG data URI; the
numbers are the engine's, only their picture is drawn here.
"""

from __future__ import annotations

from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from flask_babel import gettext as _

from service.web.charts import new_figure, svg_data_uri

MAX_COMPETENCIES = 30  # rows of a chart readable on a 1366x768 screen
MAX_POSITIONS = 20


def gap_profile_chart(competencies: list[dict[str, Any]]) -> str | None:
    """Required level (a mark) against the current level (a bar, with its uncertainty as an
    error bar) of each competency, biggest weighted gap on top; None without competencies."""
    shown = competencies[:MAX_COMPETENCIES]
    if not shown:
        return None
    rows = pd.DataFrame(shown).iloc[::-1]  # matplotlib draws the first row at the bottom
    y = np.arange(len(rows))
    figure = new_figure(8.0, 1.6 + 0.3 * len(rows))
    axes = figure.add_subplot()
    axes.barh(y, rows["current_level"], height=0.6, color="#7fa7cf", label=_("Current level"))
    uncertainty = rows.get("level_uncertainty", pd.Series(0.0, index=rows.index)).to_numpy()
    axes.errorbar(rows["current_level"], y, xerr=uncertainty, fmt="none", ecolor="#1d2733",
                  capsize=3, label=_("Uncertainty of the current level"))  # fmt: skip
    axes.scatter(rows["required_level"], y, marker="D", color="#a4161a", zorder=3,
                 label=_("Required level"))  # fmt: skip
    axes.set_yticks(y, _short(rows.set_index("competency_id")["name"], 44))
    axes.set_xlim(0, 5.5)
    axes.set_xlabel(_("Level (1-5)"))
    figure.legend(loc="outside upper center", ncol=3, fontsize=8, frameon=False)
    axes.grid(axis="x", alpha=0.3)
    return svg_data_uri(figure)


def needs_heat_map(cells: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Mean weighted gap by competency (rows) and position (columns), the competencies with
    the largest total gap and the most held positions first; None without cells.

    Returns the image and how many competencies and positions it shows of how many."""
    if not cells:
        return None
    frame = pd.DataFrame(cells)
    frame["total"] = frame["mean_weighted_gap"] * frame["employees"]
    competencies = frame.groupby("competency_id")["total"].sum().sort_values(ascending=False)
    held = frame.groupby("role_id")["employees"].max().sort_values(ascending=False)
    rows, columns = competencies.index[:MAX_COMPETENCIES], held.index[:MAX_POSITIONS]
    grid = frame.pivot_table("mean_weighted_gap", "competency_id", "role_id")
    grid = grid.reindex(index=rows, columns=columns)
    names = frame.drop_duplicates("competency_id").set_index("competency_id")["competency_name"]
    titles = frame.drop_duplicates("role_id").set_index("role_id")["role_title"]
    # room for the labels (long names, the column titles turned) whatever the cells' count
    figure = new_figure(4.5 + 0.45 * len(columns), 2.6 + 0.28 * len(rows))
    axes = figure.add_subplot()
    colours = matplotlib.colormaps["Oranges"].with_extremes(bad="#d9dde3")  # grey: not required
    image = axes.imshow(np.ma.masked_invalid(grid.to_numpy(dtype=float)), cmap=colours,
                        aspect="auto", vmin=0)  # fmt: skip
    axes.set_yticks(np.arange(len(rows)), _short(names.reindex(rows)))
    axes.set_xticks(np.arange(len(columns)), _short(titles.reindex(columns), 28), rotation=60,
                    ha="right")  # fmt: skip
    figure.colorbar(image, ax=axes, label=_("Mean weighted gap"), shrink=0.8)
    return {
        "uri": svg_data_uri(figure),
        "competencies": (len(rows), len(competencies)),
        "positions": (len(columns), len(held)),
    }


def _short(labels: pd.Series, width: int = 38) -> list[str]:
    """Labels cut to `width` characters; the id where no name is known."""
    text = labels.where(labels.notna(), labels.index.to_series()).astype(str)
    return [t if len(t) <= width else t[: width - 1] + "…" for t in text]
