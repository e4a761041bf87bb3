"""Low-cost non-classical learning as options (docs/rules.md): on the demo world, coaching,
mentoring and self-study are recommended with a job-related reason naming why, never a
personal attribute; a plan under a tight budget seats people in them; the plan's answer and
workbook say their kind."""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from features import columns as col
from model.bundles.serving import load_serving_bundle
from model.engine import Engine
from model.low_cost import LOW_COST_KINDS, LOW_COST_MAX, LOW_COST_REASON, low_cost_reason
from model.planning.inputs import PlanRequest
from model.planning.plan import make_plan
from model.planning.regulation import HEADER, regulation_rows
from service.exports.plan import plan_workbook

# What a reason must never rest on (docs/fairness.md): age, gender, employment type, tenure.
PROTECTED = re.compile(
    r"\b(age|aged|umur|usia|gender|male|female|laki|perempuan|pppk|pns|contract|tenure|"
    r"years of service|employment|birth|lahir|old|young)\b",
    re.IGNORECASE,
)
JOB_RELATED_VALUES = {"kind", "cost", "jp", "target", "competency", "remaining"}
TIGHT_BUDGET = 5e6  # IDR: about one classroom seat in a thousand employees' plan


@pytest.fixture(scope="module")
def engine(trained) -> Engine:
    return Engine(load_serving_bundle(trained.path))


@pytest.fixture(scope="module")
def recommended(engine) -> list[dict]:
    """Every tenth employee's recommendations (k=10)."""
    ids = engine.state.employee_ids[::10]
    return [item for e in ids for item in engine.recommend(str(e), k=10)]


def _cheap(item: dict) -> bool:
    return item["kind"] in LOW_COST_KINDS and item["cost"] <= LOW_COST_MAX


def test_low_cost_programs_are_recommended_with_the_reason(recommended):
    cheap = [item for item in recommended if _cheap(item)]
    assert {item["kind"] for item in cheap} >= {"coaching", "mentoring", "self_study"}
    for item in cheap:
        assert item["path"] == "non_classical"
        coded = [r for r in item["reasons"] if r.code == LOW_COST_REASON]
        assert len(coded) == 1, item["reasons"]
        said = str(coded[0])
        assert f"{item['duration_jp']} JP toward the yearly 20 JP" in said
        assert f"IDR {item['cost']:,.0f}" in said
        assert item["kind"].replace("_", "-") in said
        if item["covered_gaps"]:  # the gap it covers, the largest
            assert item["covered_gaps"][0]["name"] in said
    others = [item for item in recommended if not _cheap(item)]
    assert others and not any(r.code == LOW_COST_REASON for i in others for r in i["reasons"])


def test_the_reason_never_names_a_protected_attribute(recommended):
    reasons = [r for item in recommended for r in item["reasons"] if r.code == LOW_COST_REASON]
    assert reasons
    for reason in reasons:
        assert set(reason.values) <= JOB_RELATED_VALUES
        assert not PROTECTED.search(reason.template), reason.template
        words = " ".join(str(v) for k, v in reason.values.items() if k != "competency")
        assert not PROTECTED.search(words), reason


@pytest.mark.parametrize(
    ("kind", "cost", "expected"),
    [("coaching", 0.0, True), ("self_study", LOW_COST_MAX, True),
     ("mentoring", LOW_COST_MAX + 1, False), ("technical", 0.0, False), (None, 0.0, False)],
)  # fmt: skip
def test_only_cheap_sessions_of_the_low_cost_kinds_get_the_reason(kind, cost, expected):
    row = pd.Series({col.KIND: kind, col.COST: cost, col.DURATION_JP: 10})
    gaps = [{"name": "Orientasi pada Hasil", "gap_closed": 0.4}]
    reason = low_cost_reason(row, gaps, jp_remaining=6.0)
    assert (reason is not None) == expected
    if expected:
        assert str(reason).endswith("covers the gap in Orientasi pada Hasil and adds 10 JP "
                                    "toward the yearly 20 JP (6 JP still due)")  # fmt: skip
        assert low_cost_reason(row, [], jp_remaining=0.0) == (
            f"low-cost {kind.replace('_', '-')} (IDR {cost:,.0f}): adds 10 JP toward the "
            "yearly 20 JP"
        )


@pytest.fixture(scope="module")
def tight_plan(engine) -> dict:
    starts = engine.programs[col.START_DATE].iloc[engine.upcoming]
    request = PlanRequest(starts.min(), starts.max(), budget=TIGHT_BUDGET)
    return make_plan(engine, request, time_limit_s=60)


def test_a_tight_plan_seats_people_in_cheap_non_classical_programs(engine, tight_plan):
    assert tight_plan["status"] in ("optimal", "feasible")
    used = [p for p in tight_plan["programs"] if p["participants"]]
    cheap = [p for p in used if p["kind"] in LOW_COST_KINDS]
    assert len({p["kind"] for p in cheap}) >= 2
    seats = sum(len(p["participants"]) for p in cheap)
    assert seats >= 50
    assert all(p["path"] == "non_classical" for p in cheap)
    jp = sum(p["duration_jp"] * len(p["participants"]) for p in cheap)
    cost = sum(x["cost"] for p in cheap for x in p["participants"])
    assert cost <= tight_plan["budget_used"] <= TIGHT_BUDGET
    assert jp / max(cost, 1.0) > 1e-5  # more than one JP per IDR 100,000 spent on them


def test_the_plan_and_its_workbook_show_the_kind(engine, tight_plan):
    rows = regulation_rows(engine, tight_plan)
    kind_at, path_at = HEADER.index("Jenis pengembangan"), HEADER.index("Jalur pengembangan")
    kinds = {row[kind_at] for row in rows}
    assert kinds & {"Coaching", "Mentoring", "Belajar mandiri"}
    assert "Nonklasikal" in {row[path_at] for row in rows}
    book = load_workbook(io.BytesIO(plan_workbook(tight_plan, rows)), read_only=True)
    cheap = next(p for p in tight_plan["programs"]
                 if p["participants"] and p["kind"] in LOW_COST_KINDS)  # fmt: skip
    first = next(
        row for name in book.sheetnames[2:] for row in book[name].iter_rows(values_only=True)
        if row[1] == cheap["program_id"]
    )  # fmt: skip
    assert first[4:8] == ("kind", cheap["kind"], "path", "non_classical")
    assert np.isfinite(tight_plan["objective"])
