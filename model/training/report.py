"""The metrics table printed at the end of `make train`."""

from __future__ import annotations

from typing import Any

from model.training.evaluation_truth import evaluation_truth_lines
from model.training.split import describe_periods

RANKING_COLUMNS = ("ndcg@5", "ndcg@10", "recall@10", "map@10")
RISK_COLUMNS = ("auc", "brier", "log_loss", "ece", "base_rate", "n")
REFIT_COLUMNS = ("taken ndcg", "auc", "brier", "ece", "blend")
FAIRNESS_COLUMNS = (
    "enrolments", "observed", "predicted", "auc", "eligible", "selected", "rate", "sel/exp",
    "gain",
)  # fmt: skip


def metrics_table(metrics: dict[str, Any]) -> str:
    """Model and baselines side by side: observed outcomes first, then the truth if known."""
    lines = [
        *_period_lines(metrics["periods"]),
        *([f"positions: {metrics['data']['note']}"] if "data" in metrics else []),
        "",
        _table("ranking vs observed outcomes", RANKING_COLUMNS, metrics["ranking"]),
        "",
        _table("programs taken, by how they went", RANKING_COLUMNS, metrics["ranking_taken"]),
        "",
        _table("completion risk (P not completed)", RISK_COLUMNS, metrics["risk"]),
    ]
    for attribute, audit in metrics.get("fairness", {}).items():
        if audit.get("available"):
            lines += ["", *_fairness_lines(attribute, audit)]
    lines += refit_lines(metrics.get("refit"))
    truth = metrics.get("truth")
    if truth:
        recs = truth["recommendations"]
        lines += ["", f"against the demo world's truth ({recs['employees']} employees):"]
        lines += [f"  {k:<34} {v:.4f}" for k, v in recs.items() if k.startswith("ndcg")]
        lines += [f"  {k:<34} {v:.4f}" for k, v in truth["risk"].items() if k != "enrolments"]
    lines += evaluation_truth_lines(metrics.get("program_evaluation_truth"))
    return "\n".join(lines)


def _period_lines(periods: dict[str, Any]) -> list[str]:
    """The cut dates, then each period's decisions and outcomes."""
    lines = [
        f"periods by {periods.get('method', 'decisions')}: train before"
        f" {periods['train_until']}, validation before {periods['validation_until']}, test"
        f" from {periods['validation_until']}"
    ]
    counts = periods.get("counts", {})
    if counts:
        lines.append(describe_periods(counts, periods.get("unassigned_decisions", 0)))
    return lines


def refit_lines(refit: dict[str, Any] | None) -> list[str]:
    """Which model serves and why; the train-only fit beside the refit one period back on
    test; the served model's out-of-fold reliability; the rounds of each fit."""
    if not refit:
        return []
    serving = (
        f"the refit on every outcome known by {refit['learned_until']}"
        if refit["serves"] == "refit"
        else f"the train-only fit (outcomes known by {refit['learned_until']})"
    )
    names = {"evaluation": "train only (evaluation fit)", "protocol": "refit one period back"}
    rows = {
        names[name]: {
            "taken ndcg": m["taken NDCG@10"],
            "auc": m["risk"]["auc"],
            "brier": m["risk"]["brier"],
            "ece": m["risk"]["ece"],
            "blend": m["blend"],
        }
        for name, m in refit["test"].items()
    }
    oof = refit["out_of_fold"]
    served = {
        f"served, out of fold ({' + '.join(oof['periods'])})": {
            **{k: oof["risk"].get(k) for k in ("auc", "brier", "ece", "base_rate")},
            "n": oof["risk"].get("n"),
        }
    }
    rounds = "; ".join(
        f"{name} " + "/".join(str(r[m]) for m in ("ranker", "risk", "efficacy"))
        for name, r in refit["rounds"].items()
    )
    return [
        "",
        f"serving: {serving}",
        f"  {refit['why']}",
        _table("test period: the protocol one period back", REFIT_COLUMNS, rows),
        _table(f"calibration ({oof['calibrator']})", RISK_COLUMNS, served),
        f"  boosting rounds ranker/risk/efficacy: {rounds}",
    ]


def _fairness_lines(attribute: str, fairness: dict[str, Any]) -> list[str]:
    """Risk accuracy and selection rate per group, then the disparate-impact ratio."""
    selection = fairness["selection"]
    rows = {
        name: {
            "enrolments": fairness["risk"].get(name, {}).get("n"),
            "observed": fairness["risk"].get(name, {}).get("base_rate"),
            "predicted": fairness["risk"].get(name, {}).get("mean_predicted"),
            "auc": fairness["risk"].get(name, {}).get("auc"),
            "eligible": sel["eligible"],
            "selected": sel["selected"],
            "rate": sel["selection_rate"],
            "sel/exp": sel["selected_vs_expected"],
            "gain": sel["mean_expected_gain"],
        }
        for name, sel in selection["groups"].items()
    }
    title = f"fairness by {attribute.replace('_', ' ')}"
    ratio = selection["disparate_impact_ratio"]
    verdict = "-" if ratio is None else f"{ratio:.3f} (four-fifths rule met: {ratio >= 0.8})"
    return [
        _table(title, FAIRNESS_COLUMNS, rows),
        f"  selected vs expected within each program, lowest / highest group, over"
        f" {selection['programs']} upcoming programs: {verdict}",
        *_floor_lines(selection),
    ]


FLOOR_COLUMNS = ("sel/exp", "floor s/e", "gain sel", "floor gain")


def _floor_lines(selection: dict[str, Any]) -> list[str]:
    """Today's selection beside the one under a fairness floor: ratio and gain per group."""
    floor = selection.get("floor")
    if floor is None:
        return []
    rows = {
        name: {
            "sel/exp": sel["selected_vs_expected"],
            "floor s/e": sel.get("floor_selected_vs_expected"),
            "gain sel": sel.get("selected_gain"),
            "floor gain": sel.get("floor_selected_gain"),
        }
        for name, sel in selection["groups"].items()
    }
    today = sum(sel.get("selected_gain") or 0.0 for sel in selection["groups"].values())
    fair = sum(sel.get("floor_selected_gain") or 0.0 for sel in selection["groups"].values())
    cost = (1 - fair / today) if today else 0.0
    return [
        _table(f"  with a floor of {floor['min_ratio']} per group", FLOOR_COLUMNS, rows),
        f"  expected gain selected: {today:.2f} today, {fair:.2f} with the floor"
        f" ({cost:.1%} less); {floor['programs_unmet']} programs too small for the floor",
    ]


def _table(title: str, columns: tuple[str, ...], rows: dict[str, dict[str, float]]) -> str:
    head = f"{title:<36}" + "".join(f"{c:>11}" for c in columns)
    body = [
        f"  {name:<34}" + "".join(_cell(values.get(c)) for c in columns)
        for name, values in rows.items()
    ]
    return "\n".join([head, *body])


def _cell(value: float | int | None) -> str:
    if value is None:
        return f"{'-':>11}"
    if isinstance(value, int):
        return f"{value:>11d}"
    return f"{value:>11.4f}"
