"""Decisions: every approval rule refused with its details, all or nothing, and no overbooking
when planners race for the last seat."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from store import (
    ConflictError,
    InvalidRowsError,
    RecordNotFoundError,
    audit_page,
    create_nomination,
    decide,
    get_nomination,
    live_state,
    upsert_enrollments,
)
from store.rules import ProgramFacts


def nominate(db, program_id: str, *employee_ids: str, items, **kwargs) -> str:
    created = create_nomination(db, program_id, items(*employee_ids), "ani", "v1", **kwargs)
    return created["nomination_id"]


def refusal(db, nomination_id: str, decisions: list[dict], *, programs) -> dict[str, list[str]]:
    with pytest.raises(ConflictError) as caught:
        decide(db, nomination_id, decisions, "budi", programs)
    return caught.value.details


def test_approve_and_reject(db, approve, items, programs):
    nomination_id = nominate(db, "P1", "E1", "E2", items=items)
    decided = decide(db, nomination_id, approve("E1"), "budi", programs)
    assert decided["status"] == "in_review"
    assert decided["items"][0]["decision"] == "approved"
    assert decided["items"][0]["decided_by"] == "budi"
    rejection = [{"employee_id": "E2", "decision": "rejected", "reason": "beban kerja"}]
    decided = decide(db, nomination_id, rejection, "budi", programs)
    assert decided["status"] == "decided"
    assert (decided["items"][1]["decision"], decided["items"][1]["reason"]) == (
        "rejected",
        "beban kerja",
    )
    actions = [e["action"] for e in audit_page(db)["items"]]
    assert actions == ["decision.rejected", "decision.approved", "nomination.created"]
    first_decision = audit_page(db)["items"][1]
    assert first_decision["before"]["decision"] is None
    assert first_decision["after"]["decision"] == "approved"


def test_the_same_decision_twice_changes_nothing(db, approve, items, programs):
    nomination_id = nominate(db, "P1", "E1", items=items)
    once = decide(db, nomination_id, approve("E1"), "budi", programs)
    assert decide(db, nomination_id, approve("E1"), "budi", programs) == once
    assert len(audit_page(db)["items"]) == 2


def test_seats_refused_whole_naming_each_employee(db, approve, items, programs):
    nomination_id = nominate(db, "P1", "E1", "E2", "E3", "E4", items=items)
    decide(db, nomination_id, approve("E1"), "budi", programs)
    details = refusal(db, nomination_id, approve("E2", "E3", "E4"), programs=programs)
    assert set(details) == {"E2", "E3", "E4"}
    assert details["E2"] == ["no free seat: 1 of 3 taken, 2 free for 3 approvals"]
    after = get_nomination(db, nomination_id)
    assert [i["decision"] for i in after["items"]] == ["approved", None, None, None]


def test_seats_count_other_nominations_and_live_enrolments(db, approve, items, programs):
    decide(db, nominate(db, "P1", "E1", items=items), approve("E1"), "budi", programs)
    rows = [
        {
            "employee_id": "E2",
            "program_id": "P1",
            "enrolled_at": "2027-02-01",
            "status": "in_progress",
        },
        {"employee_id": "E3", "program_id": "P1", "enrolled_at": "2027-02-01", "status": "dropped"},
    ]
    upsert_enrollments(db, rows, "lms")
    nomination_id = nominate(db, "P1", "E4", "E5", items=items)
    details = refusal(db, nomination_id, approve("E4", "E5"), programs=programs)
    assert details["E4"] == ["no free seat: 2 of 3 taken, 1 free for 2 approvals"]
    decide(db, nomination_id, approve("E4"), "budi", programs)
    assert live_state(db).taken_seats["P1"] == 3


def test_rejecting_an_approval_frees_its_seat(db, approve, items, programs):
    nomination_id = nominate(db, "P3", "E1", "E2", items=items)
    decide(db, nomination_id, approve("E1"), "budi", programs)
    assert "E2" in refusal(db, nomination_id, approve("E2"), programs=programs)
    swap = [{"employee_id": "E1", "decision": "rejected"}, *approve("E2")]
    decided = decide(db, nomination_id, swap, "budi", programs)
    assert [i["decision"] for i in decided["items"]] == ["rejected", "approved"]


def test_budget_of_the_nomination(db, approve, items, programs):
    nomination_id = nominate(db, "P1", "E1", "E2", budget=1_500_000, items=items)
    decide(db, nomination_id, approve("E1"), "budi", programs)
    details = refusal(db, nomination_id, approve("E2"), programs=programs)
    assert details == {
        "E2": ["over the nomination's budget: 2 approvals cost 2,000,000 > 1,500,000"]
    }


def test_overlapping_sessions(db, approve, items, programs):
    decide(db, nominate(db, "P1", "E1", items=items), approve("E1"), "budi", programs)
    details = refusal(
        db,
        nominate(db, "P2", "E1", "E2", items=items),
        approve("E1", "E2"),
        programs=programs,
    )
    assert details == {
        "E1": ["already approved for an overlapping session: program P1, 2027-03-01 to 2027-03-03"]
    }


def test_a_session_with_a_given_end_overlaps_until_that_day(db, approve, items, programs):
    """A nine-month e-learning session (40 JP: one week by the estimate) given its last day:
    an approval for a session in its fourth month is refused, one after its end is not."""
    long = ProgramFacts(capacity=50, cost=0.0, start_date=date(2027, 3, 1), duration_jp=40,
                        course="elearning", end_date=date(2027, 11, 28))  # fmt: skip
    catalogue = {**programs, "LONG": long,
                 "JULY": ProgramFacts(5, 0.0, date(2027, 7, 5), 16, "july"),
                 "DEC": ProgramFacts(5, 0.0, date(2027, 12, 6), 16, "dec")}  # fmt: skip
    decide(db, nominate(db, "LONG", "E1", items=items), approve("E1"), "budi", catalogue)
    details = refusal(
        db, nominate(db, "JULY", "E1", items=items), approve("E1"), programs=catalogue
    )
    # 28 November 2027 is a Sunday: the session's last working day is the Friday before
    overlap = "already approved for an overlapping session: program LONG, 2027-03-01 to 2027-11-26"
    assert details == {"E1": [overlap]}
    decided = decide(db, nominate(db, "DEC", "E1", items=items), approve("E1"), "budi",
                     catalogue)  # fmt: skip
    assert decided["items"][0]["decision"] == "approved"


def test_overlap_with_an_enrolment_in_progress(db, approve, items, programs):
    row = {
        "employee_id": "E1",
        "program_id": "P2",
        "enrolled_at": "2027-02-01",
        "status": "in_progress",
    }
    upsert_enrollments(db, [row], "lms")
    details = refusal(db, nominate(db, "P1", "E1", items=items), approve("E1"), programs=programs)
    assert details["E1"][0].startswith("already enrolled in an overlapping session: program P2")


def test_second_session_of_the_same_course(db, approve, items, programs):
    row = {
        "employee_id": "E2",
        "program_id": "P1",
        "enrolled_at": "2027-02-01",
        "status": "completed",
    }
    upsert_enrollments(db, [row], "lms")
    decide(db, nominate(db, "P1", "E1", items=items), approve("E1"), "budi", programs)
    details = refusal(
        db,
        nominate(db, "P1B", "E1", "E2", "E3", items=items),
        approve("E1", "E2", "E3"),
        programs=programs,
    )
    assert details == {
        "E1": ["already approved for another session of the same course: program P1"],
        "E2": ["has completed another session of the same course: program P1"],
    }


def test_the_same_program_in_another_nomination(db, approve, items, programs):
    decide(db, nominate(db, "P1", "E1", items=items), approve("E1"), "budi", programs)
    details = refusal(db, nominate(db, "P1", "E1", items=items), approve("E1"), programs=programs)
    assert details == {"E1": ["already approved for this program"]}


def test_bad_decisions(db, approve, items, programs):
    nomination_id = nominate(db, "P1", "E1", items=items)
    with pytest.raises(InvalidRowsError) as caught:
        decide(db, nomination_id, approve("E9"), "budi", programs)
    assert (caught.value.column, caught.value.rows) == ("employee_id", [1])
    with pytest.raises(InvalidRowsError):
        decide(db, nomination_id, [{"employee_id": "E1", "decision": "maybe"}], "budi", programs)
    with pytest.raises(RecordNotFoundError):
        decide(db, "nope", approve("E1"), "budi", programs)
    with pytest.raises(RecordNotFoundError):
        decide(db, nominate(db, "P404", "E1", items=items), approve("E1"), "budi", programs)


def test_last_seat_race_has_one_winner(db, approve, items, programs):
    """Eight planners, each on its own connection, approve a different employee for the last
    free seat at the same moment: exactly one approval is recorded."""
    decide(
        db,
        nominate(db, "P1", "E0", "E00", items=items),
        approve("E0", "E00"),
        "budi",
        programs,
    )
    nominations = [nominate(db, "P1", f"E{i}", items=items) for i in range(1, 9)]
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def approve_one(i: int) -> None:
        barrier.wait()
        try:
            decide(db, nominations[i], approve(f"E{i + 1}"), f"planner{i}", programs)
            outcomes.append("approved")
        except ConflictError as error:
            outcomes.append(error.details[f"E{i + 1}"][0])

    threads = [threading.Thread(target=approve_one, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("approved") == 1
    assert outcomes.count("no free seat: 3 of 3 taken, 0 free for 1 approvals") == 7
    state = live_state(db)
    assert len(state.approved) == 3 and state.taken_seats["P1"] == 3
    approvals = [
        e for e in audit_page(db, limit=100)["items"] if e["action"] == "decision.approved"
    ]
    assert len(approvals) == 3
