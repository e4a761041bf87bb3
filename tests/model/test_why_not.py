"""'Why not this employee?' (model/why_not.py) against the selection it explains."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from features import columns as col
from model.bundles.serving import load_serving_bundle
from model.engine import Engine
from model.errors import NotFoundError
from model.live import live_codes
from model.participants import choose_participants
from model.selection import BELOW_PROBABILITY_FLOOR, SEAT_LIMIT, UNIT_CAP
from model.why_not import why_not


@pytest.fixture(scope="module")
def engine(trained) -> Engine:
    return Engine(load_serving_bundle(trained.path))


@pytest.fixture(scope="module")
def program(engine) -> str:
    """The upcoming program with the most eligible employees."""
    sizes = [choose_participants(engine, str(engine.state.program_ids[p]))["summary"]["eligible"]
             for p in engine.upcoming]  # fmt: skip
    return str(engine.state.program_ids[engine.upcoming[int(np.argmax(sizes))]])


@pytest.fixture(scope="module")
def leadership_case(engine) -> tuple[str, str]:
    """(an upcoming program for some positions only, an employee outside them)."""
    declared = engine.programs[col.AUDIENCE].to_numpy(dtype=object)[engine.upcoming]
    program = int(engine.upcoming[next(i for i, a in enumerate(declared) if isinstance(a, str))])
    audience = set(engine.programs[col.AUDIENCE].iloc[program].split(col.SET_SEPARATOR))
    outside = [t for t, name in enumerate(col.TIERS) if name not in audience]
    e = int(np.flatnonzero(np.isin(engine.state.employees["tier"].to_numpy(), outside))[0])
    return str(engine.state.employee_ids[e]), str(engine.state.program_ids[program])


def test_selected_and_waitlisted_are_where_the_list_shows_them(engine, program):
    chosen = choose_participants(engine, program, seats=3, waitlist_size=5)
    for outcome, items in [("selected", chosen["selected"]), ("waitlisted", chosen["waitlist"])]:
        for position, item in enumerate(items, start=1):
            answer = why_not(engine, program, item["employee_id"], seats=3, waitlist_size=5)
            assert answer["eligible"] and answer["not_eligible_because"] == []
            assert (answer["outcome"], answer["position"]) == (outcome, position)
            assert answer["employee"]["expected_gain"] == pytest.approx(item["expected_gain"])
            assert answer["employee"]["reasons"] == item["reasons"]
            assert answer["eligible_count"] == chosen["summary"]["eligible"]
    first = why_not(engine, program, chosen["selected"][0]["employee_id"], seats=3)
    assert first["rank_among_eligible"] == 1 and first["left_out_because"] is None
    waiting = why_not(engine, program, chosen["waitlist"][0]["employee_id"], seats=3)
    assert waiting["left_out_because"] == SEAT_LIMIT and waiting["rank_among_eligible"] == 4


def test_each_selection_rule_is_named(engine, program):
    chosen = choose_participants(engine, program, seats=1000, waitlist_size=0)
    best = chosen["selected"][0]
    floor = best["completion_probability"] + 1e-9
    answer = why_not(engine, program, best["employee_id"], min_completion_probability=floor)
    assert (answer["outcome"], answer["left_out_because"]) == ("left_out", BELOW_PROBABILITY_FLOOR)
    same_unit = [i for i in chosen["selected"] if i["unit_id"] == best["unit_id"]]
    assert len(same_unit) > 1, "the tiny world has a unit with two selected"
    answer = why_not(engine, program, same_unit[1]["employee_id"], max_per_unit=1)
    assert answer["left_out_because"] == UNIT_CAP
    last = chosen["selected"][-1]  # everyone has some gain in the tiny world: no_gain is
    answer = why_not(engine, program, last["employee_id"], seats=2, waitlist_size=0)
    assert (answer["outcome"], answer["left_out_because"]) == ("left_out", SEAT_LIMIT)
    assert answer["rank_among_eligible"] == len(chosen["selected"])  # (test_selection's)


def test_left_out_counts_add_up(engine, program):
    summary = choose_participants(engine, program, seats=2, max_per_unit=1,
                                  min_completion_probability=0.5)["summary"]  # fmt: skip
    assert sum(summary["left_out"].values()) + summary["seats_filled"] == summary["eligible"]
    assert summary["left_out"][SEAT_LIMIT] >= 0 and "already_taken" in summary


def test_not_eligible_names_every_rule(engine, program):
    chosen = choose_participants(engine, program, seats=2)
    someone = chosen["selected"][0]
    answer = why_not(engine, program, someone["employee_id"],
                     exclude_employee_ids=[someone["employee_id"]])  # fmt: skip
    assert answer["not_eligible_because"] == ["excluded"] and answer["outcome"] == "not_eligible"
    assert answer["employee"]["employee_id"] == someone["employee_id"]
    assert answer["rank_among_eligible"] is None
    other_unit = next(  # a unit that does not hold theirs among its sub-units
        u for u in sorted(engine.directory.units)
        if someone["unit_id"] not in engine.directory.unit_family(u)
    )  # fmt: skip
    answer = why_not(engine, program, someone["employee_id"], unit_ids=[other_unit])
    assert answer["not_eligible_because"] == ["not_in_units"]
    frames = (
        pd.DataFrame(
            [(someone["employee_id"], program)], columns=[col.EMPLOYEE_ID, col.PROGRAM_ID]
        ),
        pd.DataFrame(columns=[col.EMPLOYEE_ID, col.PROGRAM_ID, col.STATUS], dtype="str"),
        pd.Series({program: 1}, dtype="int64"),
    )
    live = live_codes(engine.state, *frames)
    answer = why_not(engine, program, someone["employee_id"], live=live)
    assert answer["not_eligible_because"] == ["holds_course"]


def test_outside_audience_and_started_program(engine, leadership_case):
    employee, program = leadership_case
    answer = why_not(engine, program, employee)
    assert "outside_audience" in answer["not_eligible_because"]
    included = why_not(engine, program, employee, include_outside_audience=True)
    assert "outside_audience" not in included["not_eligible_because"]
    started = str(engine.state.program_ids[int(np.flatnonzero(engine.eligibility.has_started(
        np.arange(len(engine.state.program_ids))))[0])])  # fmt: skip
    answer = why_not(engine, started, employee)
    assert answer["not_eligible_because"][0] == "program_started" and answer["employee"] is None


def test_unknown_ids(engine, program):
    with pytest.raises(NotFoundError):
        why_not(engine, program, "NOPE")
    with pytest.raises(NotFoundError):
        why_not(engine, "NOPE", str(engine.state.employee_ids[0]))
