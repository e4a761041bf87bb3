"""Who looked at whom: employee pages and exports are audit entries; the audit log filters by
employee; an admin exports everything held about one employee."""

from __future__ import annotations

from service.access_audit import AUDITED


def test_every_audited_endpoint_exists(app):
    """A renamed page or export would silently stop being recorded: it fails here instead."""
    assert set(AUDITED) <= set(app.view_functions)


def _about(client, employee_id: str, *, auth) -> list[dict]:
    answer = client.get(f"/v1/audit?employee_id={employee_id}", headers=auth("admin"))
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["items"]


def test_opening_an_employee_page_and_exporting_a_list_are_recorded(
    store_client, employee_id, upcoming_program_id, actor_of, auth, sign_in
):
    assert _about(store_client, employee_id, auth=auth) == []
    sign_in(store_client, "planner")
    assert store_client.get(f"/app/employees/{employee_id}").status_code == 200
    [viewed] = _about(store_client, employee_id, auth=auth)
    assert viewed["action"] == "employee.viewed" and viewed["actor"] == actor_of("planner")
    exported = store_client.get(f"/app/programs/{upcoming_program_id}/participants.csv")
    assert exported.status_code == 200
    log = store_client.get("/v1/audit", headers=auth("admin")).get_json()["items"]
    assert log[0]["action"] == "list.exported" and log[0]["entity_id"] == upcoming_program_id
    assert log[0]["after"] == {"format": "participants.csv"}
    assert store_client.get("/app/employees/unknown-id").status_code == 404
    assert (
        len(_about(store_client, "unknown-id", auth=auth)) == 0
    )  # a refused page is not an access


def test_an_admin_exports_everything_held_about_one_employee(
    store_client, upcoming_program_id, auth
):
    nominated = store_client.post(
        f"/v1/programs/{upcoming_program_id}/nominations",
        json={"selection": {"seats": 1, "fill_without_gain": True}},
        headers=auth("planner"),
    ).get_json()
    who = nominated["items"][0]["employee_id"]
    url = f"/v1/employees/{who}/personal-data"
    assert store_client.get(url, headers=auth("planner")).status_code == 403
    answer = store_client.get(url, headers=auth("admin"))
    assert answer.status_code == 200, answer.get_json()
    held = answer.get_json()
    assert held["profile"]["employee_id"] == who and held["profile"]["gaps"]["competencies"]
    assert [n["program_id"] for n in held["nominations"]] == [upcoming_program_id]
    assert "items" in held["history"]
    again = store_client.get(url, headers=auth("admin")).get_json()
    assert [a["action"] for a in again["audit"]] == ["list.exported"]  # the first export
    assert store_client.get("/v1/employees/nobody/personal-data",
                            headers=auth("admin")).status_code == 404  # fmt: skip
