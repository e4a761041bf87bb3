"""Ids with control characters and unpaired surrogates, as a fuzzer sends them: every route
that takes an employee id in its body answers as for any unknown id, never 500."""

from __future__ import annotations

# an unpaired high and low surrogate among control characters (schemathesis's kind of string)
ODD_ID = "\u00d8\u0005\ud9a8\u001a\udd50\r\x00"


def test_why_not_of_an_odd_employee_is_a_404(client, upcoming_program_id, auth):
    answer = client.post(
        f"/v1/programs/{upcoming_program_id}/why-not",
        json={"employee_id": ODD_ID},
        headers=auth(),
    )
    assert answer.status_code == 404, answer.get_json()


def test_a_nomination_of_an_odd_employee_is_refused_by_name(
    store_client, upcoming_program_id, auth
):
    answer = store_client.post(
        f"/v1/programs/{upcoming_program_id}/nominations",
        json={"employee_ids": [ODD_ID]},
        headers=auth(),
    )
    assert answer.status_code == 422, answer.get_json()
    assert list(answer.get_json()["error"]["details"]) == [ODD_ID]


def test_an_enrolment_of_an_odd_employee_is_refused(store_client, upcoming_program_id, auth):
    row = {"employee_id": ODD_ID, "program_id": upcoming_program_id,
           "enrolled_at": "2026-01-05", "status": "in_progress"}  # fmt: skip
    answer = store_client.post(
        "/v1/enrollments", json={"enrollments": [row]}, headers=auth("system")
    )
    assert answer.status_code in (404, 422), answer.get_json()
