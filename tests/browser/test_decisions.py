"""Nominating from the program page, approving with a reason, and a refused approval."""

from __future__ import annotations

import pytest

from tests.browser.driving import Browser

PICKED = 2


def nomination_ids(api, program_id: str) -> set[str]:
    items = api.get(f"/v1/programs/{program_id}/nominations")["items"]
    return {n["nomination_id"] for n in items}


def decide_on_page(browser: Browser, nomination_id: str, employee_id: str, decision: str) -> None:
    row = browser.find(
        f"section#nominations article.nomination[data-nomination-id='{nomination_id}'] "
        f"tr[data-employee-id='{employee_id}']"
    )
    row.find_element("css selector", "form.decide input[name=reason]").send_keys(
        "Sesuai kebutuhan unit"
    )
    button = row.find_element(
        "css selector", f"form.decide button[name=decision][value={decision}]"
    )
    browser.submit_and_wait(button)
    browser.wait_for("section#nominations")


def test_nominate_then_approve(planner, api, busy_program):
    planner.open(f"/app/programs/{busy_program}")
    planner.wait_for("form#nominate")
    before = nomination_ids(api, busy_program)
    boxes = planner.find_all("form#nominate table#participants input[name=employee_ids]")
    rows = planner.find_all("table#participants tbody tr[data-employee-id]")
    assert [b.get_attribute("value") for b in boxes] == [
        r.get_attribute("data-employee-id") for r in rows
    ]
    picked = [b.get_attribute("value") for b in boxes[:PICKED]]
    for box in planner.find_all("form#nominate input[name=employee_ids]"):
        if box.is_selected() != (box.get_attribute("value") in picked):
            box.click()  # only the first two ticked
    planner.find("textarea#nomination-note").send_keys("Usulan triwulan III")
    planner.submit_and_wait(planner.find("button#nominate-submit"))
    planner.wait_for("section#nominations")
    (made,) = nomination_ids(api, busy_program) - before
    nomination = api.get(f"/v1/nominations/{made}")
    assert [i["employee_id"] for i in nomination["items"]] == picked
    assert nomination["note"] == "Usulan triwulan III"
    article = planner.find(f"article.nomination[data-nomination-id='{made}']")
    for employee_id in picked:
        assert article.find_elements("css selector", f"tr[data-employee-id='{employee_id}']")

    decide_on_page(planner, made, picked[0], "approved")
    items = {i["employee_id"]: i for i in api.get(f"/v1/nominations/{made}")["items"]}
    assert items[picked[0]]["decision"] == "approved"
    assert items[picked[0]]["reason"] == "Sesuai kebutuhan unit"
    assert items[picked[1]]["decision"] is None
    cell = planner.find(
        f"article.nomination[data-nomination-id='{made}'] "
        f"tr[data-employee-id='{picked[0]}'] td.decision"
    )
    assert cell.text.strip()
    decide_on_page(planner, made, picked[1], "rejected")
    items = {i["employee_id"]: i for i in api.get(f"/v1/nominations/{made}")["items"]}
    assert items[picked[1]]["decision"] == "rejected"


@pytest.fixture(scope="module")
def full_program(api, busy_program) -> tuple[str, str, str]:
    """(program, nomination, employee): every seat of a small program approved through the
    API (one by one: someone approved elsewhere for an overlapping session is refused and
    skipped), and one more employee nominated and waiting for a decision."""
    smallest = sorted(
        (i for i in api.get("/v1/programs")["items"] if i["program_id"] != busy_program),
        key=lambda i: (i["free_seats"], i["start_date"]),
    )
    body = {"waitlist_size": 20, "include_outside_audience": True, "fill_without_gain": True}
    for item in smallest:
        answer = api.post(f"/v1/programs/{item['program_id']}/participants", body)
        if item["free_seats"] > 0 and len(answer["selected"]) + len(answer["waitlist"]) > (
            item["free_seats"] + 5
        ):
            break
    else:
        raise AssertionError("no program can be filled with someone left to nominate")
    program_id, seats = item["program_id"], item["free_seats"]
    pool = [i["employee_id"] for i in answer["selected"] + answer["waitlist"]]
    # the pool was chosen with include_outside_audience: nominated so on purpose, too
    body = {"employee_ids": pool, "include_outside_audience": True}
    made = api.post(f"/v1/programs/{program_id}/nominations", body)
    nomination, approved = made["nomination_id"], []
    for employee_id in pool:
        if len(approved) == seats:
            break
        decision = {"decisions": [{"employee_id": employee_id, "decision": "approved"}]}
        status, _ = api.call("POST", f"/v1/nominations/{nomination}/decisions", decision)
        if status == 200:
            approved.append(employee_id)
    assert len(approved) == seats, "the program could not be filled"
    return program_id, nomination, pool[pool.index(approved[-1]) + 1]


def test_an_approval_beyond_the_seats_is_refused(planner, api, full_program):
    program_id, nomination, extra = full_program
    planner.open(f"/app/programs/{program_id}")
    planner.wait_for("section#nominations")
    decide_on_page(planner, nomination, extra, "approved")
    error = planner.wait_for("#decision-error")
    assert error.get_attribute("role") == "alert"
    assert extra in error.text
    assert "tidak ada kursi kosong" in error.text  # why, in the page's language
    items = {i["employee_id"]: i for i in api.get(f"/v1/nominations/{nomination}")["items"]}
    assert items[extra]["decision"] is None  # nothing recorded
