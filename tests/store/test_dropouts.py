"""An approved participant who leaves the program (enrolment `dropped`, `failed`, `no_show`)
gives back the seat, the course, the calendar and the nomination's money; a program that has
started takes no approval, so a seat freed after the start stays empty (docs/decision-store.md).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from store import ConflictError, create_nomination, decide, live_state, upsert_enrollments


def nominate(db, program_id: str, *employee_ids: str, items, **kwargs) -> str:
    created = create_nomination(db, program_id, items(*employee_ids), "ani", "v1", **kwargs)
    return created["nomination_id"]


def leaves(db, employee_id: str, program_id: str, status: str) -> None:
    row = {"employee_id": employee_id, "program_id": program_id,
           "enrolled_at": "2027-02-01", "status": status}  # fmt: skip
    upsert_enrollments(db, [row], "lms")


def refusal(db, nomination_id: str, decisions: list[dict], *, programs, **kwargs) -> dict:
    with pytest.raises(ConflictError) as caught:
        decide(db, nomination_id, decisions, "budi", programs, **kwargs)
    return caught.value.details


@pytest.mark.parametrize("status", ["dropped", "failed", "no_show"])
def test_a_leaver_frees_the_seat_for_a_replacement_of_the_same_draft(
    db, status, approve, items, programs
):
    """P3 has one seat: E1 holds it, E2 waits in the same draft; E1 leaves, E2 is approved."""
    draft = nominate(db, "P3", "E1", "E2", items=items)
    decide(db, draft, approve("E1"), "budi", programs)
    assert refusal(db, draft, approve("E2"), programs=programs)["E2"] == [
        "no free seat: 1 of 1 taken, 0 free for 1 approvals"
    ]
    leaves(db, "E1", "P3", status)
    assert live_state(db).taken_seats.get("P3", 0) == 0
    decided = decide(db, draft, approve("E2"), "budi", programs)
    assert [i["decision"] for i in decided["items"]] == ["approved", "approved"]
    state = live_state(db)
    assert state.taken_seats["P3"] == 1
    assert set(map(tuple, state.approved.to_numpy())) == {("E2", "P3")}


def test_a_leaver_frees_the_seat_for_another_nomination(db, approve, items, programs):
    decide(db, nominate(db, "P3", "E1", items=items), approve("E1"), "budi", programs)
    replacement = nominate(db, "P3", "E9", items=items)
    assert "E9" in refusal(db, replacement, approve("E9"), programs=programs)
    leaves(db, "E1", "P3", "dropped")
    decide(db, replacement, approve("E9"), "budi", programs)


def test_a_leaver_cannot_be_approved_again_for_that_program(db, approve, items, programs):
    """The enrolment cannot go back to in_progress, so a second approval would hold no seat."""
    decide(db, nominate(db, "P3", "E1", items=items), approve("E1"), "budi", programs)
    leaves(db, "E1", "P3", "no_show")
    again = nominate(db, "P3", "E1", items=items)
    assert refusal(db, again, approve("E1"), programs=programs) == {
        "E1": ["left this program: no_show"]
    }


def test_a_leaver_frees_the_course_and_the_calendar(db, approve, items, programs):
    """P1 and P1B are sessions of one course, P2 overlaps P1: after leaving P1, both can be
    approved (the course counts as not taken)."""
    decide(db, nominate(db, "P1", "E1", items=items), approve("E1"), "budi", programs)
    other_session, overlapping = (
        nominate(db, "P1B", "E1", items=items),
        nominate(db, "P2", "E1", items=items),
    )
    assert "same course" in refusal(db, other_session, approve("E1"), programs=programs)["E1"][0]
    assert "overlapping" in refusal(db, overlapping, approve("E1"), programs=programs)["E1"][0]
    leaves(db, "E1", "P1", "dropped")
    decide(db, other_session, approve("E1"), "budi", programs)
    decide(db, overlapping, approve("E1"), "budi", programs)


def test_a_leaver_frees_the_nominations_money(db, approve, items, programs):
    draft = nominate(db, "P1", "E1", "E2", budget=1_000_000, items=items)
    decide(db, draft, approve("E1"), "budi", programs)
    assert (
        "over the nomination's budget"
        in refusal(db, draft, approve("E2"), programs=programs)["E2"][0]
    )
    leaves(db, "E1", "P1", "dropped")
    decide(db, draft, approve("E2"), "budi", programs)


def test_no_seat_is_filled_once_the_program_has_started(db, approve, items, programs):
    """After the start a leaver's seat stays empty, but the course still counts as not taken:
    the leaver may be approved for a later session of it."""
    start = programs["P1"].start_date
    draft = nominate(db, "P1", "E1", "E2", items=items)
    decide(db, draft, approve("E1"), "budi", programs, as_of=start - timedelta(days=1))
    leaves(db, "E1", "P1", "no_show")
    assert live_state(db).taken_seats.get("P1", 0) == 0
    assert refusal(db, draft, approve("E2"), as_of=start, programs=programs) == {
        "E2": ["the program started on 2027-03-01: no seat is filled after"]
    }
    later = nominate(db, "P1B", "E1", items=items)
    decide(db, later, approve("E1"), "budi", programs, as_of=start)
