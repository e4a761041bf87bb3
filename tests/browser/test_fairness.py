"""The program page's four-fifths check and its one fairness switch, in both languages."""

from __future__ import annotations

import pytest

from tests.browser.test_program import apply, selected, shown

FLOOR = {"attribute": "age_group", "min_ratio": 0.8}
HEADING = {"id": "Pemeriksaan empat perlima", "en": "Four-fifths check"}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_switch_applies_the_floor_and_the_check_shows_it(planner, api, busy_program, lang):
    planner.open(f"/app/programs/{busy_program}?lang={lang}")
    planner.wait_for("table#participants")
    assert planner.find("html").get_attribute("lang") == lang
    assert planner.find("#fairness-heading").text == HEADING[lang]
    assert shown(planner) == selected(api, busy_program)
    switch = planner.find("form#constraints input#fair")
    assert not switch.is_selected()
    switch.click()
    apply(planner)
    floored = api.post(f"/v1/programs/{busy_program}/participants", {"fairness": FLOOR})
    assert shown(planner) == [s["employee_id"] for s in floored["selected"]]
    assert planner.find("form#constraints input#fair").is_selected()
    table = planner.find("table#fairness-age-group")
    for group in floored["summary"]["fairness"]["groups"]:
        if group["ratio"] is not None:
            assert group["ratio"] >= 0.8 - 1e-9
    assert table.get_attribute("data-met") in {"yes", "none"}
    gains = planner.find("#fairness-floor").text
    assert any(ch.isdigit() for ch in gains)  # the gain with and without the floor
    planner.find("form#constraints input#fair").click()  # off again: the plain list
    apply(planner)
    assert shown(planner) == selected(api, busy_program)
