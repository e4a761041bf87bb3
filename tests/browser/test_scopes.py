"""Two planners scoped to two dinas, in the browser (issue 21): each signs in as a person and
sees only their dinas's staff; the other dinas's employee and unit pages are 404; an admin
sees both. The users are made through `POST /v1/users` as an admin does it."""

from __future__ import annotations

import pandas as pd
import pytest
from selenium.webdriver.support.select import Select

from tests.browser.test_program import ROWS, shown

PASSWORD = "correct horse battery staple"
DINAS = {"dinkes": "DINKES", "disdik": "DISDIK"}  # two dinas of the generated province
STATUS_OF_PAGE = """
const done = arguments[arguments.length - 1];
fetch(location.href, {credentials: "same-origin"}).then(r => done(r.status));
"""


@pytest.fixture(scope="module")
def shared_program(api) -> str:
    """The first upcoming program recommending people of both dinas (the admin's selection)."""
    for item in api.get("/v1/programs", role="admin")["items"]:
        url = f"/v1/programs/{item['program_id']}/participants"
        if all(api.post(url, {"unit_ids": [u]}, role="admin")["selected"] for u in DINAS.values()):
            return item["program_id"]
    raise AssertionError(f"no upcoming program recommends people of both {DINAS}")


@pytest.fixture(scope="module")
def scoped(api, shared_program, tiny_world_dirs) -> dict[str, dict]:
    """Per dinas: its user, its units (sub-units in) and the program's candidates there (the
    admin's selection for that dinas), each planner made through the API."""
    units = pd.read_csv(tiny_world_dirs[0] / "units.csv", dtype=str)
    found = {}
    for name, unit_id in DINAS.items():
        family = {unit_id, *units.loc[units["parent_unit_id"] == unit_id, "unit_id"]}
        body = {"username": f"browser-{name}", "role": "planner", "unit_ids": [unit_id],
                "password": PASSWORD}  # fmt: skip
        assert api.post("/v1/users", body, role="admin")
        chosen = api.post(f"/v1/programs/{shared_program}/participants",
                          {"unit_ids": [unit_id]}, role="admin")  # fmt: skip
        staff = [i["employee_id"] for i in chosen["selected"] + chosen["waitlist"]]
        assert chosen["selected"] and {i["unit_id"] for i in chosen["selected"]} <= family
        found[name] = {"user": body["username"], "unit": unit_id, "family": family,
                       "selected": [i["employee_id"] for i in chosen["selected"]],
                       "staff": staff}  # fmt: skip
    assert not set(found["dinkes"]["staff"]) & set(found["disdik"]["staff"])
    return found


def sign_in_as(browser, username: str) -> None:
    """Username and password on the sign-in page, as a person types them."""
    browser.open("/app/login")
    browser.wait_for("input#username").send_keys(username)
    browser.find("input#password").send_keys(PASSWORD)
    browser.submit_and_wait(browser.find("form:not([action]) button[type=submit]"))
    assert browser.path == "/app/", browser.path


def status(browser, path: str) -> int:
    """The HTTP status of the page at `path`, opened in the browser (its title says it too)."""
    browser.open(path)
    browser.wait_for("body")
    code = browser.driver.execute_async_script(STATUS_OF_PAGE)
    if code == 404:
        assert browser.driver.title.startswith("404"), browser.driver.title
    return code


@pytest.mark.parametrize(("me", "other"), [("dinkes", "disdik"), ("disdik", "dinkes")])
def test_a_scoped_planner_sees_only_their_dinas(browser, scoped, shared_program, me, other):
    mine, theirs = scoped[me], scoped[other]
    sign_in_as(browser, mine["user"])
    # the programs list: its unit filter offers only the planner's own units
    offered = {o.get_attribute("value") for o in Select(browser.find("select#unit_id")).options}
    assert offered - {""} == mine["family"]
    assert browser.find_all("table.list tbody tr a[href*='/app/programs/']")
    # a program page: the candidates are the admin's selection for this dinas, nobody else's
    browser.open(f"/app/programs/{shared_program}")
    browser.wait_for(ROWS)
    assert shown(browser) == mine["selected"]
    offered = {o.get_attribute("value") for o in Select(browser.find("select#unit_ids")).options}
    assert offered == mine["family"]
    assert not set(shown(browser)) & set(theirs["staff"])
    # the other dinas's employee and unit pages do not exist for them; their own do
    assert status(browser, f"/app/employees/{mine['staff'][0]}") == 200
    assert status(browser, f"/app/employees/{theirs['staff'][0]}") == 404
    assert status(browser, f"/app/units/{mine['unit']}") == 200
    assert status(browser, f"/app/units/{theirs['unit']}") == 404


def test_an_admin_sees_both_dinas(browser, scoped, shared_program):
    browser.sign_in("admin")
    offered = {o.get_attribute("value") for o in Select(browser.find("select#unit_id")).options}
    assert scoped["dinkes"]["family"] | scoped["disdik"]["family"] <= offered
    for dinas in scoped.values():
        browser.open(f"/app/programs/{shared_program}?unit_ids={dinas['unit']}")
        browser.wait_for(ROWS)
        assert shown(browser) == dinas["selected"]
        assert status(browser, f"/app/employees/{dinas['staff'][0]}") == 200
        assert status(browser, f"/app/units/{dinas['unit']}") == 200
