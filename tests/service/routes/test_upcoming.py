"""GET /v1/programs: the upcoming programs with their seats and nominations."""

from __future__ import annotations


def test_lists_every_upcoming_program_in_date_order(client, engine, auth):
    answer = client.get("/v1/programs", headers=auth())
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["model_version"] == engine.version
    ids = [item["program_id"] for item in body["items"]]
    assert sorted(ids) == sorted(engine.state.program_ids[engine.upcoming])
    dates = [item["start_date"] for item in body["items"]]
    assert dates == sorted(dates)
    assert all(0 <= i["free_seats"] <= i["capacity"] for i in body["items"])


def test_filters_by_month_and_method_and_sorts(client, auth):
    everything = client.get("/v1/programs", headers=auth()).get_json()["items"]
    first = everything[0]
    month = first["start_date"][:7]
    answer = client.get(
        f"/v1/programs?month={month}&method={first['method']}&sort=cost&order=desc",
        headers=auth(),
    ).get_json()["items"]
    expected = [i for i in everything
                if i["start_date"][:7] == month and i["method"] == first["method"]]  # fmt: skip
    assert {i["program_id"] for i in answer} == {i["program_id"] for i in expected}
    assert [i["cost"] for i in answer] == sorted((i["cost"] for i in answer), reverse=True)


def test_nominations_are_counted_per_distinct_employee(client, upcoming_program_id, auth):
    made = client.post(  # a selection: an explicit list may name someone the program refuses
        f"/v1/programs/{upcoming_program_id}/nominations",
        json={"selection": {"seats": 2, "fill_without_gain": True}},
        headers=auth(),
    )
    assert made.status_code == 201
    found = client.get(f"/v1/programs/{upcoming_program_id}/nominations", headers=auth())
    nominated = {it["employee_id"] for n in found.get_json()["items"] for it in n["items"]}
    assert _row(client, upcoming_program_id, auth=auth)["nominated"] == len(nominated) >= 1


def test_a_unit_keeps_programs_for_its_people(client, engine, auth):
    unit = str(engine.directory.unit_of[0])
    answer = client.get(f"/v1/programs?unit_id={unit}", headers=auth())
    assert answer.status_code == 200
    everything = client.get("/v1/programs", headers=auth()).get_json()["items"]
    assert len(answer.get_json()["items"]) <= len(everything)


def test_bad_filters_and_unknown_units_are_refused(client, auth):
    assert client.get("/v1/programs?month=2026-13", headers=auth()).status_code == 422
    assert client.get("/v1/programs?method=radio", headers=auth()).status_code == 422
    assert client.get("/v1/programs?unit_id=nope", headers=auth()).status_code == 404
    assert client.get("/v1/programs").status_code == 401
    assert client.get("/v1/programs", headers=auth("system")).status_code == 403


def _row(client, program_id: str, *, auth) -> dict:
    items = client.get("/v1/programs", headers=auth()).get_json()["items"]
    return next(i for i in items if i["program_id"] == program_id)


def test_the_start_dates_alone_are_those_of_the_list(client, engine, auth):
    from model.upcoming import upcoming_starts

    items = client.get("/v1/programs", headers=auth()).get_json()["items"]
    assert [d.isoformat() for d in upcoming_starts(engine)] == sorted(
        i["start_date"] for i in items
    )
