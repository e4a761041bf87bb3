"""The employee page beside today's gaps shows the next position's, and a control that turns
its weight in the recommendations off; the reason in both languages."""

from __future__ import annotations

import pytest

from tests.service.web.test_people_pages import rows_of


@pytest.fixture(scope="module")
def member(engine) -> str:
    for e in range(len(engine.needs)):
        if engine.next_positions.has_next(e):
            employee_id = str(engine.state.employee_ids[e])
            if any(i["next_position"] for i in engine.recommend(employee_id, k=10)):
                return employee_id
    pytest.fail("nobody in the talent pool is recommended a program for the next position")


def test_the_page_shows_the_next_positions_gaps_and_its_weight(planner, client, member, auth):
    gaps = client.get(f"/v1/employees/{member}/gaps", headers=auth()).get_json()
    page = planner.get(f"/app/employees/{member}?lang=en")
    assert page.status_code == 200
    text = page.data.decode()
    nxt = gaps["next_position"]
    assert rows_of(page.data, "next-gaps") == [c["competency_id"] for c in nxt["competencies"]]
    assert 'id="next_position_weight"' in text and nxt["role_title"] in text
    assert "prepares for the next position" in text


def test_the_control_turns_the_next_position_off(planner, client, member, auth):
    url = f"/v1/employees/{member}/recommendations?k=10&next_position_weight=0"
    api = client.get(url, headers=auth()).get_json()
    page = planner.get(f"/app/employees/{member}?lang=en&next_position_weight=0")
    assert rows_of(page.data, "recommendations") == [i["program_id"] for i in api["items"]]
    text = page.data.decode()
    assert "prepares for the next position" not in text and 'value="0.0"' in text


def test_the_reason_and_the_labels_are_in_indonesian(planner, member):
    text = planner.get(f"/app/employees/{member}").data.decode()
    assert "Kesenjangan untuk jabatan berikutnya" in text
    assert "menyiapkan jabatan berikutnya" in text
