"""A program's page: the constraint form changes the list as the API says; "why not"."""

from __future__ import annotations

import math

from selenium.webdriver.support.select import Select

ROWS = "table#participants tbody tr[data-employee-id]"


def shown(browser) -> list[str]:
    return [row.get_attribute("data-employee-id") for row in browser.find_all(ROWS)]


def selected(api, program_id: str, **constraints) -> list[str]:
    answer = api.post(f"/v1/programs/{program_id}/participants", constraints)
    return [i["employee_id"] for i in answer["selected"]]


def apply(browser) -> None:
    browser.submit_and_wait(browser.find("form#constraints button#apply-constraints"))
    browser.wait_for("table#participants")


def test_a_probability_floor_changes_the_list(planner, api, busy_program):
    planner.open(f"/app/programs/{busy_program}")
    planner.wait_for("table#participants")
    before = selected(api, busy_program)
    assert shown(planner) == before
    answer = api.post(f"/v1/programs/{busy_program}/participants", {})["selected"]
    probabilities = sorted(i["completion_probability"] for i in answer)
    # the field steps by 0.05 (the browser refuses other values): the step above the median
    floor = math.ceil(probabilities[len(probabilities) // 2] * 20) / 20
    field = planner.find("form#constraints input[name=min_completion_probability]")
    field.clear()
    field.send_keys(str(floor))
    apply(planner)
    after = selected(api, busy_program, min_completion_probability=floor)
    assert shown(planner) == after
    assert after != before
    assert "min_completion_probability=" in planner.path
    assert planner.find("#left-out").text.strip()  # the left-out summary is there


def test_a_unit_changes_the_list(planner, api, busy_program):
    planner.open(f"/app/programs/{busy_program}")
    planner.wait_for("table#participants")
    counts = api.post(f"/v1/programs/{busy_program}/participants", {})["summary"]["count_by_unit"]
    unit_id = min(counts, key=counts.get)  # with its sub-units, surely not the whole list
    Select(planner.find("form#constraints select[name=unit_ids]")).select_by_value(unit_id)
    apply(planner)
    expected = selected(api, busy_program, unit_ids=[unit_id])
    assert shown(planner) == expected
    assert expected and expected != selected(api, busy_program)


def test_why_not_this_employee(planner, api, busy_program):
    answer = api.post(f"/v1/programs/{busy_program}/participants", {"waitlist_size": 5})
    assert answer["waitlist"], "nobody waits: no one to ask about"
    waiting = answer["waitlist"][0]["employee_id"]
    planner.open(f"/app/programs/{busy_program}")
    field = planner.wait_for("form#why-not input#why-not-nip")
    field.send_keys(waiting)
    planner.submit_and_wait(planner.find("form#why-not button#why-not-submit"))
    result = planner.wait_for("#why-not-result").text
    why = api.post(f"/v1/programs/{busy_program}/why-not", {"employee_id": waiting})
    assert why["outcome"] == "waitlisted"
    assert why["employee"]["name"] in result  # named, with where they rank
    assert f"{why['rank_among_eligible']:,}".replace(",", ".") in result
    assert f"{why['eligible_count']:,}".replace(",", ".") in result
    assert planner.find("input#why-not-nip").get_attribute("value") == waiting
    # an unknown NIP gets a message on the same page, in its language
    planner.find("input#why-not-nip").clear()
    planner.find("input#why-not-nip").send_keys("000000000000000000")
    planner.submit_and_wait(planner.find("button#why-not-submit"))
    assert planner.find("html").get_attribute("lang") == "id"
    assert "000000000000000000" in planner.wait_for("#why-not-result").text
