"""Idempotency keys: the request itself is the fingerprint, the key is looked up first, and
keys belong to one client (token) each."""

from __future__ import annotations

from tests.service.routes.test_nominations import decide, nominate, some_employees


def test_a_retry_after_approvals_gets_the_first_answer(store_client, upcoming_program_id, auth):
    """The selection the engine would make now differs (an approval took a seat and an
    employee), yet the retried request is the same: the same answer, nothing new."""
    key = {"Idempotency-Key": "selection-retry"}
    selection = {"seats": 3, "budget": 1e12}
    first = nominate(store_client, upcoming_program_id, headers=key, selection=selection, auth=auth)
    assert first.status_code == 201, first.get_json()
    other = nominate(
        store_client, upcoming_program_id, selection={"seats": 1, "budget": 1e12}, auth=auth
    )
    chosen = other.get_json()["items"][0]["employee_id"]
    assert (
        decide(store_client, other.get_json()["nomination_id"], chosen, auth=auth).status_code
        == 200
    )
    retry = nominate(store_client, upcoming_program_id, headers=key, selection=selection, auth=auth)
    assert retry.status_code == 201, retry.get_json()
    assert retry.get_json() == first.get_json()
    listed = store_client.get(f"/v1/programs/{upcoming_program_id}/nominations", headers=auth())
    assert len(listed.get_json()["items"]) == 2  # the first and the other, no third
    changed = nominate(
        store_client, upcoming_program_id, headers=key, selection={"seats": 2}, auth=auth
    )
    assert changed.status_code == 409  # the same key for another request


def test_a_retry_is_answered_before_anything_is_checked(
    store_client, engine, upcoming_program_id, auth
):
    """The key is read first: a retry is answered even where the request, sent anew, would now
    be refused (here an employee approved since for the same program)."""
    ids = some_employees(engine, upcoming_program_id, 2)
    key = {"Idempotency-Key": "list-retry"}
    first = nominate(store_client, upcoming_program_id, headers=key, employee_ids=ids, auth=auth)
    assert (
        decide(store_client, first.get_json()["nomination_id"], *ids, auth=auth).status_code == 200
    )
    retry = nominate(store_client, upcoming_program_id, headers=key, employee_ids=ids, auth=auth)
    assert retry.status_code == 201 and retry.get_json() == first.get_json()
    assert retry.get_json()["items"][0]["decision"] is None  # the answer as first given


def test_keys_belong_to_one_client(store_client, engine, upcoming_program_id, actor_of, auth):
    """Two unnamed tokens of one role are two clients: the same key names two requests, and
    the audit log tells them apart."""
    ids = some_employees(engine, upcoming_program_id, 2)
    key = {"Idempotency-Key": "shared-key"}
    one = nominate(
        store_client, upcoming_program_id, "planner", key, employee_ids=ids[:1], auth=auth
    )
    two = nominate(
        store_client, upcoming_program_id, "other_planner", key, employee_ids=ids[1:], auth=auth
    )
    assert one.status_code == two.status_code == 201, (one.get_json(), two.get_json())
    assert one.get_json()["nomination_id"] != two.get_json()["nomination_id"]
    makers = [one.get_json()["created_by"], two.get_json()["created_by"]]
    assert makers == [actor_of("planner"), actor_of("other_planner")]
    assert len(set(makers)) == 2 and "planner" not in makers
    audit = store_client.get("/v1/audit", headers=auth("admin")).get_json()["items"]
    assert {i["actor"] for i in audit} == set(makers)
