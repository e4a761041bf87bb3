"""The session's rules (minimum rank, no running sanction) as hard constraints everywhere,
checked against a brute force written from the contract's words, over random rule worlds laid
on the trained tiny world: no recommendation, participant list (fairness floor included),
plan or nomination ever holds someone the rules exclude, and why-not names the rule."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from features import columns as col
from model.bundles.serving import load_serving_bundle
from model.engine import Engine
from model.fairness_floor import FairnessFloor
from model.participants import choose_participants
from model.planning.inputs import LiveInputs, PlanRequest, period_sessions, plan_instance
from model.why_not import nomination_refusals, why_not

SESSION_RULES = {"below_min_grade", "under_sanction"}
PNS = [f"{g}/{r}" for g in ("I", "II", "III") for r in "abcd"] + [f"IV/{r}" for r in "abcde"]
PPPK = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
        "XV", "XVI", "XVII"]  # fmt: skip


@pytest.fixture(scope="module")
def bundle(trained):
    return load_serving_bundle(trained.path)


def _step(grade) -> int | None:
    """The brute force's rank: the position on the PNS ladder, or on the PPPK one."""
    if grade is None or (isinstance(grade, float) and np.isnan(grade)) or grade is pd.NA:
        return None
    text = str(grade).strip()
    for ladder in (PNS, PPPK):
        for i, name in enumerate(ladder):
            if text.lower() == name.lower():
                return i
    return None


def excluded(bundle, employee_id: str, program_id: str) -> set[str]:
    """The rules that exclude the pair, from the tables, one row at a time."""
    program = bundle.programs.set_index(col.PROGRAM_ID).loc[program_id]
    start = program[col.START_DATE]
    out = set()
    minimum = program.get(col.MIN_GRADE)
    if isinstance(minimum, str) and minimum:
        people = bundle.people.set_index(col.EMPLOYEE_ID)
        have = _step(people[col.GRADE].get(employee_id))
        if have is None or have < _step(minimum):
            out.add("below_min_grade")
    for _, row in bundle.sanctions[bundle.sanctions[col.EMPLOYEE_ID] == employee_id].iterrows():
        ends = row[col.END_DATE]
        if row[col.START_DATE] <= start and (pd.isna(ends) or start <= ends):
            out.add("under_sanction")
    return out


@st.composite
def rule_worlds(draw):
    """A seed and the shares of programs with a minimum, people without a grade or PPPK, and
    people under a sanction."""
    return {
        "seed": draw(st.integers(0, 2**31 - 1)),
        "min_share": draw(st.sampled_from([0.3, 0.7, 1.0])),
        "no_grade": draw(st.sampled_from([0.0, 0.05, 0.3])),
        "pppk": draw(st.sampled_from([0.0, 0.2])),
        "sanctioned": draw(st.sampled_from([0.02, 0.1, 0.3])),
    }


def overlaid(bundle, world) -> Engine:
    """An engine over the bundle with random grades, minimum ranks and sanctions."""
    rng = np.random.default_rng(world["seed"])
    programs = bundle.programs.copy()
    n_p = len(programs)
    minimum = pd.Series(rng.choice([g.lower() for g in PNS], n_p), dtype="str")
    programs[col.MIN_GRADE] = minimum.where(rng.random(n_p) < world["min_share"]).to_numpy()
    people = bundle.people.copy()
    n_e = len(people)
    grades = pd.Series(rng.choice(PNS, n_e), dtype=object)
    grades = grades.where(rng.random(n_e) >= world["pppk"], rng.choice(PPPK, n_e))
    grades = grades.where(rng.random(n_e) >= world["no_grade"], None)
    people[col.GRADE] = grades.to_numpy()
    starts = programs[col.START_DATE].dropna()
    sanctioned = people[col.EMPLOYEE_ID].to_numpy()[rng.random(n_e) < world["sanctioned"]]
    begin = starts.min() - pd.Timedelta(days=200)
    span = (starts.max() - begin).days + 1
    start = begin + pd.to_timedelta(rng.integers(0, span, len(sanctioned)), unit="D")
    end = start + pd.to_timedelta(rng.integers(0, 200, len(sanctioned)), unit="D")
    end = pd.Series(end).where(rng.random(len(sanctioned)) >= 0.2)
    sanctions = pd.DataFrame(
        {col.EMPLOYEE_ID: sanctioned, col.START_DATE: start, col.END_DATE: end.to_numpy()}
    )
    return Engine(dataclasses.replace(bundle, programs=programs, people=people,
                                      sanctions=sanctions))  # fmt: skip


def _programs(engine: Engine, rng: np.random.Generator, n: int) -> list[str]:
    upcoming = engine.state.program_ids[engine.upcoming]
    return list(rng.choice(upcoming, size=min(n, len(upcoming)), replace=False))


RULES = settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@RULES
@given(world=rule_worlds())
def test_no_list_ever_holds_someone_the_rules_exclude(bundle, world):
    engine = overlaid(bundle, world)
    rng = np.random.default_rng(world["seed"])
    for program_id in _programs(engine, rng, 3):
        for fairness in (None, FairnessFloor("gender", 0.8)):
            try:
                chosen = choose_participants(engine, program_id, fairness=fairness)
            except Exception as error:  # an infeasible floor is refused by design
                assert fairness is not None, error
                continue
            for row in chosen["selected"] + chosen["waitlist"]:
                assert not excluded(engine.bundle, row["employee_id"], program_id)
    ids = engine.state.employee_ids.to_numpy()
    for employee_id in rng.choice(ids, 5, replace=False):
        for item in engine.recommend(str(employee_id), k=20):
            assert not excluded(engine.bundle, str(employee_id), item["program_id"])


@RULES
@given(world=rule_worlds())
def test_why_not_and_nominations_name_the_rule_as_the_brute_force_finds_it(bundle, world):
    engine = overlaid(bundle, world)
    rng = np.random.default_rng(world["seed"] + 1)
    ids = engine.state.employee_ids.to_numpy()
    for program_id in _programs(engine, rng, 2):
        named = [str(i) for i in rng.choice(ids, 40, replace=False)]
        refused = nomination_refusals(engine, program_id, named, include_outside_audience=True)
        for employee_id in named:
            truth = excluded(engine.bundle, employee_id, program_id)
            assert set(refused.get(employee_id, ())) & SESSION_RULES == truth
        for employee_id in named[:8]:
            answer = why_not(engine, program_id, employee_id, include_outside_audience=True)
            truth = excluded(engine.bundle, employee_id, program_id)
            assert set(answer["not_eligible_because"]) & SESSION_RULES == truth
            if truth:
                assert answer["outcome"] == "not_eligible"


@settings(max_examples=3, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(world=rule_worlds())
def test_a_plan_offers_no_pair_the_rules_exclude(bundle, world):
    engine = overlaid(bundle, world)
    starts = engine.programs[col.START_DATE].iloc[engine.upcoming]
    request = PlanRequest(starts.min(), starts.max(), budget=30e6, max_programs_per_employee=2)
    sessions = period_sessions(engine, request)
    instance = plan_instance(engine, request, sessions, LiveInputs())
    e = instance.employee_ids[instance.pair_e]
    p = instance.program_ids[instance.pair_s]
    rng = np.random.default_rng(world["seed"])
    sample = rng.choice(len(e), size=min(300, len(e)), replace=False)
    for i in sample:
        assert not excluded(engine.bundle, str(e[i]), str(p[i])), (e[i], p[i])
    codes = engine.directory.pair_codes(list(e), list(p))
    rules = engine.eligibility
    assert rules.meets_session_rules(*codes).all()


def test_the_demo_world_states_rules_that_bind(bundle):
    """The tiny world's own rules exclude someone, and its talent pool prepares someone."""
    engine = Engine(bundle)
    rules, up = engine.eligibility, engine.upcoming
    e = np.repeat(np.arange(len(engine.state.employee_ids)), len(up))
    p = np.tile(up, len(engine.state.employee_ids))
    assert rules.below_min_grade(e, p).any()
    assert rules.under_sanction(e, p).any()
