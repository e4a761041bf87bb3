"""The evaluation page's forest plot: each course's level 3 effect and its 95% interval."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from service.web.charts import new_figure, svg_data_uri

SUFFICIENT_COLOUR, INSUFFICIENT_COLOUR = "#0b5cad", "#8a94a3"


def forest_plot(items: list[dict[str, Any]]) -> str | None:
    """One row per course with an estimate, in the ranking's order (ranked first): a filled
    point and solid line with enough evidence, a hollow grey point and dashed line without.
    None when no course has an estimate."""
    shown = [i for i in items if i["effect"] is not None]
    if not shown:
        return None
    figure = new_figure(8.0, 1.1 + 0.3 * len(shown))
    ax = figure.subplots()
    rows = range(len(shown) - 1, -1, -1)  # the first at the top
    for y, item in zip(rows, shown, strict=True):
        enough = item["evidence"] == "sufficient"
        colour = SUFFICIENT_COLOUR if enough else INSUFFICIENT_COLOUR
        low, high = item["effect_ci_low"], item["effect_ci_high"]
        if low is not None and high is not None:
            ax.plot([low, high], [y, y], color=colour, linestyle="-" if enough else "--")
        ax.plot([item["effect"]], [y], marker="o", markersize=6, color=colour,
                markerfacecolor=colour if enough else "white")  # fmt: skip
    ax.axvline(0.0, color="#5a6675", linewidth=0.8)
    ax.set_yticks(list(rows), labels=[_label(i) for i in shown])
    ax.set_xlabel(_("Level 3 effect (change in competency level), 95% CI"))
    ax.grid(axis="x", alpha=0.3)
    ax.plot([], [], marker="o", color=SUFFICIENT_COLOUR, label=_("enough evidence"))
    ax.plot([], [], marker="o", color=INSUFFICIENT_COLOUR, markerfacecolor="white",
            linestyle="--", label=_("not enough evidence (not ranked)"))  # fmt: skip
    ax.legend(loc="lower right", fontsize=8)
    return svg_data_uri(figure)


def _label(item: dict[str, Any]) -> str:
    rank = f"{item['rank']}. " if item["rank"] is not None else "– "
    return (rank + str(item["course"])).replace("$", r"\$")  # `$...$` is not mathematics here
