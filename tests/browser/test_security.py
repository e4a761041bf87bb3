"""Hostile text stays text, and the browser enforces the Content-Security-Policy."""

from __future__ import annotations

import pytest
from selenium.common.exceptions import NoAlertPresentException

CSP_OF_PAGE = """
const done = arguments[arguments.length - 1];
fetch(location.href, {credentials: "same-origin"})
  .then(r => done(r.headers.get("Content-Security-Policy")));
"""


def assert_inert(browser) -> None:
    """No dialog opened and no script element carries the hostile code."""
    with pytest.raises(NoAlertPresentException):
        browser.driver.switch_to.alert  # noqa: B018 (the property raises when there is none)
    scripts = browser.driver.execute_script(
        "return [...document.scripts].map(s => s.textContent + ' ' + s.src)"
    )
    assert not [s for s in scripts if "alert(" in s]


def test_a_script_title_shows_as_text_in_the_list(planner, hostile_program, hostile_title):
    link = planner.find(f"table.list a[href$='/app/programs/{hostile_program}']")
    assert hostile_title in link.text
    assert_inert(planner)


def test_a_script_title_and_name_show_as_text_on_the_program_page(
    planner, api, hostile_program, hostile_employee, hostile_name, hostile_title
):
    employee_id, unit_id = hostile_employee
    chosen = api.post(f"/v1/programs/{hostile_program}/participants", {"unit_ids": [unit_id]})
    assert employee_id in [i["employee_id"] for i in chosen["selected"]]
    planner.open(f"/app/programs/{hostile_program}?unit_ids={unit_id}")
    planner.wait_for("table#participants")
    assert hostile_title in planner.find("h1").text
    assert hostile_title in planner.driver.title
    row = planner.find(f"table#participants tr[data-employee-id='{employee_id}']")
    assert hostile_name in row.text
    assert_inert(planner)


def test_the_csp_is_sent_and_enforced(planner):
    policy = planner.driver.execute_async_script(CSP_OF_PAGE)
    assert policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    # an inline script added to the page is refused by the browser itself
    planner.driver.execute_script(
        "const s = document.createElement('script');"
        "s.textContent = 'window.inlineRan = true';"
        "document.body.appendChild(s);"
    )
    assert planner.driver.execute_script("return window.inlineRan === true") is False
