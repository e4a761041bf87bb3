"""The agency rule (`programs.open_to_agency`) as a hard constraint everywhere, checked against
a brute force written from the contract's words over random agencies laid on the trained tiny
world: no recommendation, participant list, plan, nomination or precomputed ranking ever holds
an employee of another agency, why-not names `other_agency`, and without the column every
answer is today's."""

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
from model.participants import choose_participants, eligible_employees
from model.planning.inputs import LiveInputs, PlanRequest, period_sessions, plan_instance
from model.precomputed import ranked_pairs
from model.why_not import nomination_refusals, why_not


@pytest.fixture(scope="module")
def bundle(trained):
    return load_serving_bundle(trained.path)


class OtherAgency:
    """The brute force: the program names an agency, and it is neither the employee's unit
    nor a unit above it (walked one parent at a time)."""

    def __init__(self, bundle) -> None:
        self.parent = bundle.units.set_index(col.UNIT_ID)[col.PARENT_UNIT_ID].dropna().to_dict()
        self.agency = bundle.programs.set_index(col.PROGRAM_ID)[col.OPEN_TO_AGENCY].to_dict()
        self.unit = bundle.needs.set_index(col.EMPLOYEE_ID)[col.UNIT_ID].to_dict()

    def __call__(self, employee_id: str, program_id: str) -> bool:
        agency = self.agency.get(program_id)
        if agency is None or pd.isna(agency):
            return False
        unit, above = self.unit[employee_id], set()
        while unit is not None and unit not in above:
            above.add(unit)
            unit = self.parent.get(unit)
        return agency not in above


def overlaid(bundle, seed: int, open_share: float) -> Engine:
    """An engine over the bundle with each program open to a random unit (top units mostly,
    a sub-unit at times) or, with `open_share`, to all."""
    rng = np.random.default_rng(seed)
    units = bundle.units
    tops = units.loc[units[col.PARENT_UNIT_ID].isna(), col.UNIT_ID].to_numpy()
    subs = units.loc[units[col.PARENT_UNIT_ID].notna(), col.UNIT_ID].to_numpy()
    programs = bundle.programs.copy()
    n = len(programs)
    agency = np.where(rng.random(n) < 0.8, rng.choice(tops, n), rng.choice(subs, n))
    programs[col.OPEN_TO_AGENCY] = pd.Series(agency, dtype="str").where(rng.random(n) >= open_share)
    return Engine(dataclasses.replace(bundle, programs=programs))


RULES = settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
WORLDS = st.tuples(st.integers(0, 2**31 - 1), st.sampled_from([0.0, 0.1, 0.5]))


@RULES
@given(world=WORLDS)
def test_no_list_ever_holds_an_employee_of_another_agency(bundle, world):
    seed, open_share = world
    engine = overlaid(bundle, seed, open_share)
    brute = OtherAgency(engine.bundle)
    rng = np.random.default_rng(seed)
    upcoming = engine.state.program_ids[engine.upcoming]
    for program_id in rng.choice(upcoming, 3, replace=False):
        chosen = choose_participants(engine, str(program_id))
        for row in chosen["selected"] + chosen["waitlist"]:
            assert not brute(row["employee_id"], str(program_id))
        ids = engine.state.employee_ids.to_numpy()
        truth = sum(brute(str(i), str(program_id)) for i in ids)
        assert chosen["summary"]["other_agency"] == truth
    ids = engine.state.employee_ids.to_numpy()
    for employee_id in rng.choice(ids, 5, replace=False):
        items = engine.recommend(str(employee_id), k=100)
        for item in items:
            assert not brute(str(employee_id), item["program_id"])


@RULES
@given(world=WORLDS)
def test_why_not_and_nominations_name_other_agency_as_the_brute_force_finds_it(bundle, world):
    seed, open_share = world
    engine = overlaid(bundle, seed, open_share)
    brute = OtherAgency(engine.bundle)
    rng = np.random.default_rng(seed + 1)
    ids = engine.state.employee_ids.to_numpy()
    upcoming = engine.state.program_ids[engine.upcoming]
    for program_id in map(str, rng.choice(upcoming, 2, replace=False)):
        named = [str(i) for i in rng.choice(ids, 40, replace=False)]
        refused = nomination_refusals(engine, program_id, named, include_outside_audience=True)
        for employee_id in named:
            truth = brute(employee_id, program_id)
            assert ("other_agency" in refused.get(employee_id, ())) == truth
        for employee_id in named[:6]:
            answer = why_not(engine, program_id, employee_id, include_outside_audience=True)
            truth = brute(employee_id, program_id)
            assert ("other_agency" in answer["not_eligible_because"]) == truth
            if truth:
                assert answer["outcome"] == "not_eligible"


@RULES
@given(world=WORLDS)
def test_the_precomputed_ranking_forms_exactly_the_pairs_the_rules_allow(bundle, world):
    """`make score-all`'s pairs are built agency by agency: the same offerable pairs as the
    whole product filtered by every rule, and their counts (`eligible`) agree."""
    seed, open_share = world
    engine = overlaid(bundle, seed, open_share)
    brute = OtherAgency(engine.bundle)
    e = np.random.default_rng(seed).choice(len(engine.state.employee_ids), 60, replace=False)
    e = np.sort(e)
    recs, _ = ranked_pairs(engine, e)
    up = engine.upcoming
    es, ps = np.repeat(e, len(up)), np.tile(up, len(e))
    offerable = engine.eligibility.offerable(es, ps)
    expected = pd.Series(offerable).groupby(es).sum()
    got = recs.groupby(col.EMPLOYEE_ID)["eligible"].first()
    codes = engine.state.employee_ids.get_indexer(got.index)
    assert dict(zip(codes, got.to_numpy(), strict=True)) == {
        k: v for k, v in expected.items() if v > 0
    }
    for employee_id, program_id in recs[[col.EMPLOYEE_ID, col.PROGRAM_ID]].to_numpy()[:300]:
        assert not brute(employee_id, program_id)


def test_a_plan_offers_no_pair_of_another_agency(bundle):
    engine = overlaid(bundle, 3, 0.1)
    brute = OtherAgency(engine.bundle)
    starts = engine.programs[col.START_DATE].iloc[engine.upcoming]
    request = PlanRequest(starts.min(), starts.max(), budget=30e6, max_programs_per_employee=2)
    instance = plan_instance(engine, request, period_sessions(engine, request), LiveInputs())
    e = instance.employee_ids[instance.pair_e]
    p = instance.program_ids[instance.pair_s]
    assert len(e) > 0
    for i in np.random.default_rng(3).choice(len(e), size=min(300, len(e)), replace=False):
        assert not brute(str(e[i]), str(p[i]))


def test_without_the_column_every_answer_is_todays(bundle):
    """The demo world has no `open_to_agency`: the bundle's column is empty, and an engine
    over programs without the column at all (a bundle from before it) answers the same."""
    assert bundle.programs[col.OPEN_TO_AGENCY].isna().all()
    engine = Engine(bundle)
    before = Engine(
        dataclasses.replace(bundle, programs=bundle.programs.drop(columns=col.OPEN_TO_AGENCY))
    )
    assert not engine.eligibility.agency.restricts
    ids = engine.state.employee_ids.to_numpy()
    for employee_id in ids[:: max(len(ids) // 8, 1)]:
        assert engine.recommend(str(employee_id), k=20) == before.recommend(str(employee_id), k=20)
    program_id = str(engine.state.program_ids[engine.upcoming[0]])
    a, b = choose_participants(engine, program_id), choose_participants(before, program_id)
    assert a["selected"] == b["selected"] and a["summary"]["other_agency"] == 0
    e = np.arange(0, len(ids), 7)
    for x, y in zip(ranked_pairs(engine, e), ranked_pairs(before, e), strict=True):
        pd.testing.assert_frame_equal(x, y)
    es, ps = engine.eligibility.candidate_pairs(e, engine.upcoming)  # the whole product
    assert np.array_equal(es, np.repeat(e, len(engine.upcoming)))
    assert np.array_equal(ps, np.tile(engine.upcoming, len(e)))
    got, _ = eligible_employees(engine, engine.upcoming[0], None, ())
    want, _ = eligible_employees(before, engine.upcoming[0], None, ())
    assert np.array_equal(got, want)
