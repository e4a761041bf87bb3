"""Approvals and enrolments take effect at once in recommendations, selection and unit needs."""

from __future__ import annotations

from features import columns as col
from features.sessions import program_session_days
from tests.service.routes.test_enrollments import post as post_enrollments
from tests.service.routes.test_enrollments import row
from tests.service.routes.test_nominations import decide, nominate, some_employees


def recommended(client, employee_id, *, auth):
    response = client.get(f"/v1/employees/{employee_id}/recommendations?k=100", headers=auth())
    return [i["program_id"] for i in response.get_json()["items"]]


def course_of(engine, program_id):
    return int(engine.state.course_codes[engine.directory.program_code(program_id)])


def overlaps(engine, program_id, other_id):
    """Whether the two programs' sessions share a day (`features.sessions`; their end_date
    where given, as the engine reads it)."""
    first, last = program_session_days(engine.programs.loc[[program_id, other_id]])
    return bool(first[0] <= last[1] and first[1] <= last[0])


def test_an_approval_removes_the_course_from_recommendations(
    store_client, engine, employee_id, auth
):
    before = recommended(store_client, employee_id, auth=auth)
    program = before[0]
    nomination = nominate(store_client, program, employee_ids=[employee_id], auth=auth).get_json()
    assert program in recommended(store_client, employee_id, auth=auth)  # a draft changes nothing
    assert (
        decide(store_client, nomination["nomination_id"], employee_id, auth=auth).status_code == 200
    )
    after = recommended(store_client, employee_id, auth=auth)
    assert program not in after
    assert all(course_of(engine, p) != course_of(engine, program) for p in after)
    # the others stay, in their order, but for the sessions overlapping the approved one
    # (another session of their course may then be shown instead)
    assert not any(overlaps(engine, p, program) for p in after)
    kept = [
        p
        for p in before
        if course_of(engine, p) != course_of(engine, program) and not overlaps(engine, p, program)
    ]
    assert [p for p in after if p in kept] == kept


def test_enrolments_block_until_dropped(store_client, engine, employee_id, auth):
    """Dropped: the course is free again (why-not no longer says `holds_course`), but that
    very session is not offered again (`left_session`; docs/decision-store.md)."""
    program = recommended(store_client, employee_id, auth=auth)[0]
    post_enrollments(store_client, row(employee_id, program, "in_progress"), auth=auth)
    assert program not in recommended(store_client, employee_id, auth=auth)
    url = f"/v1/programs/{program}/why-not"
    answer = store_client.post(url, json={"employee_id": employee_id}, headers=auth())
    assert answer.get_json()["not_eligible_because"] == ["holds_course"]
    post_enrollments(store_client, row(employee_id, program, "dropped"), auth=auth)
    assert program not in recommended(store_client, employee_id, auth=auth)
    answer = store_client.post(url, json={"employee_id": employee_id}, headers=auth())
    assert answer.get_json()["not_eligible_because"] == ["left_session"]


def test_selection_leaves_out_holders_and_taken_seats(
    store_client, engine, upcoming_program_id, auth
):
    capacity = int(engine.programs.loc[upcoming_program_id, col.CAPACITY])
    url = f"/v1/programs/{upcoming_program_id}/participants"
    first = store_client.post(url, json={}, headers=auth()).get_json()
    assert first["summary"]["seats_available"] == capacity
    approved = [s["employee_id"] for s in first["selected"][:2]]
    enrolled = some_employees(engine, upcoming_program_id, 3)[-1]
    nomination = nominate(
        store_client, upcoming_program_id, employee_ids=approved, auth=auth
    ).get_json()
    decide(store_client, nomination["nomination_id"], *approved, auth=auth)
    post_enrollments(store_client, row(enrolled, upcoming_program_id, "in_progress"), auth=auth)
    taken = len(set(approved) | {enrolled})
    second = store_client.post(url, json={}, headers=auth()).get_json()
    assert second["summary"]["seats_available"] == capacity - taken
    chosen = {s["employee_id"] for s in second["selected"] + second["waitlist"]}
    assert not chosen & (set(approved) | {enrolled})
    assert second["summary"]["eligible"] == first["summary"]["eligible"] - taken


def test_unit_needs_leave_out_holders(store_client, engine, upcoming_program_id, auth):
    unit = str(engine.unit_of[0])
    members = [str(e) for e in engine.state.employee_ids[engine.directory.unit_members([unit])]]
    before = store_client.get(f"/v1/units/{unit}/needs", headers=auth()).get_json()["programs"]
    assert before, "the unit needs some program for this test"
    program = before[0]["program_id"]
    rows = [row(e, program, "completed") for e in members]
    assert post_enrollments(store_client, *rows, auth=auth).status_code == 200
    after = store_client.get(f"/v1/units/{unit}/needs", headers=auth()).get_json()["programs"]
    assert program not in {p["program_id"] for p in after}
