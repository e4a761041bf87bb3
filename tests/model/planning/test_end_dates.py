"""A session given its last day (`programs.end_date`) lasts until then in the annual plan and in
the approvals' catalogue: nobody is seated in it and in another session during it."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from features import columns as col
from model.bundles.serving import load_serving_bundle
from model.engine import Engine
from model.planning.inputs import LiveInputs, PlanRequest, period_sessions, plan_instance
from model.planning.plan import make_plan
from service.decision_store import _catalogue_facts

SEATED_TWICE = 2


@pytest.fixture(scope="module")
def bundle(trained):
    return load_serving_bundle(trained.path)


@pytest.fixture(scope="module")
def request_all(bundle) -> PlanRequest:
    engine = Engine(bundle)
    starts = engine.programs[col.START_DATE].iloc[engine.upcoming]
    return PlanRequest(starts.min(), starts.max(), budget=30e6, max_programs_per_employee=2)


def _seats(answer: dict) -> pd.DataFrame:
    return pd.DataFrame(
        [(p["employee_id"], program["program_id"])
         for program in answer["programs"] for p in program["participants"]],
        columns=[col.EMPLOYEE_ID, col.PROGRAM_ID],
    )  # fmt: skip


def test_a_long_session_is_never_planned_beside_one_within_its_months(bundle, request_all):
    """Today's plan seats someone in an earlier session A and a later one B (other courses,
    days apart). Given A's last day after B's start, as a nine-month programme's, the plan
    seats nobody in A and in any session that starts before A ends."""
    engine = Engine(bundle)
    seats = _seats(make_plan(engine, request_all, time_limit_s=20))
    starts = engine.programs[col.START_DATE]
    seats = seats.assign(start=seats[col.PROGRAM_ID].map(starts))
    twice = seats.groupby(col.EMPLOYEE_ID).filter(lambda g: len(g) == SEATED_TWICE)
    twice = twice.sort_values([col.EMPLOYEE_ID, "start"])
    pairs = twice.groupby(col.EMPLOYEE_ID)["start"].agg(["first", "last"])
    apart = pairs[pairs["last"] > pairs["first"]]
    assert len(apart), "the tiny world's plan seats nobody in two sessions: no case to test"
    employee = apart.index[0]
    a, b = twice.loc[twice[col.EMPLOYEE_ID] == employee, col.PROGRAM_ID].iloc[:2]
    end = pd.Timestamp(apart.loc[employee, "first"]) + pd.Timedelta(days=270)
    programs = bundle.programs.copy()
    # the generated world gives every session its last day: A's alone is moved
    programs.loc[programs[col.PROGRAM_ID] == a, col.END_DATE] = end
    longer = Engine(dataclasses.replace(bundle, programs=programs))

    instance = plan_instance(
        longer, request_all, period_sessions(longer, request_all), LiveInputs()
    )
    s = int(np.flatnonzero(instance.program_ids == a)[0])
    rolled = np.busday_offset(end.to_datetime64().astype("datetime64[D]"), 0, roll="backward")
    assert instance.last_day[s] == rolled
    within = set(
        instance.program_ids[
            (instance.first_day <= rolled) & (instance.last_day >= instance.first_day[s])
        ]
    ) - {a}
    assert b in within  # the case: today's plan seats `employee` in both
    planned = _seats(make_plan(longer, request_all, time_limit_s=20))
    in_a = set(planned.loc[planned[col.PROGRAM_ID] == a, col.EMPLOYEE_ID])
    clashing = planned[planned[col.PROGRAM_ID].isin(within) & planned[col.EMPLOYEE_ID].isin(in_a)]
    assert clashing.empty, clashing
    # the approvals' catalogue carries the given end too (the store's overlap rule)
    assert _catalogue_facts(longer)[a].end_date == end.date()
    generated = bundle.programs.set_index(col.PROGRAM_ID)[col.END_DATE][a].date()
    assert _catalogue_facts(engine)[a].end_date == generated < end.date()
