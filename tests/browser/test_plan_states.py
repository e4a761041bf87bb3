"""The plan's four states in the workspace (docs/planning.md, "The plan's approval chain"):
a planner makes a plan and verifies it; the step reserved to the head of the agency (set:
admin) is neither offered to the planner nor accepted from them; an admin validates and sets
it; only then can it be applied. Every step is taken in the real browser, by clicking."""

from __future__ import annotations

from selenium.webdriver.support.wait import WebDriverWait

from model.low_cost import LOW_COST_KINDS
from tests.browser.driving import WAIT, Browser

BUDGET = "30000000"  # IDR; the tiny world plans in a few seconds
PLAN_WAIT = 120.0  # seconds the plan job may take on a busy 2-core machine


def make_plan(browser: Browser) -> str:
    """Submit the plans page's form (its default period) and wait until the job's page has
    turned into the plan's; the plan id."""
    browser.open("/app/plans")
    budget = browser.wait_for("form#plan-form input#budget")
    budget.clear()
    budget.send_keys(BUDGET)
    browser.submit_and_wait(browser.find("form#plan-form button[type=submit]"))
    WebDriverWait(browser.driver, PLAN_WAIT).until(
        lambda _: browser.path.startswith("/app/plans/") and browser.find_all("#plan-state"),
        f"the plan job did not end on a plan page within {PLAN_WAIT:g} s ({browser.path})",
    )
    return browser.path.removeprefix("/app/plans/")


def state_of(browser: Browser) -> str:
    return browser.wait_for("section#plan-state").get_attribute("data-state")


def take_next_step(browser: Browser, expected: str) -> None:
    """Click the next step's button and land on the plan again, in state `expected`."""
    form = browser.wait_for("form#plan-next-state")
    assert form.find_element("css selector", "input[name=to]").get_attribute("value") == expected
    browser.submit_and_wait(browser.find("button#plan-next-state-submit"))
    assert state_of(browser) == expected
    assert browser.find("div.flash").text  # "The plan is now ..."


def sign_in_as(browser: Browser, role: str) -> None:
    browser.driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    browser.sign_in(role)


def history(browser: Browser) -> list[str]:
    return [li.get_attribute("data-state") for li in browser.find_all("#plan-state-history li")]


def test_a_plan_goes_from_draft_to_set_each_step_by_its_role(browser, api):
    sign_in_as(browser, "planner")
    plan_id = make_plan(browser)
    assert state_of(browser) == "draft"
    kinds = {td.get_attribute("data-kind") for td in browser.find_all("#plan-programs td.kind")}
    assert kinds & set(LOW_COST_KINDS)  # the page says each program's kind: coaching, ...
    assert not browser.find_all("form#apply-plan") and browser.find_all("#apply-plan-waits")
    take_next_step(browser, "verified")  # the unit's planner verifies
    assert history(browser) == ["draft", "verified"]

    sign_in_as(browser, "admin")  # the training agency validates
    browser.open(f"/app/plans/{plan_id}")
    take_next_step(browser, "validated")
    assert not browser.find_all("form#apply-plan")

    sign_in_as(browser, "planner")  # setting is the head of the agency's: no button
    browser.open(f"/app/plans/{plan_id}")
    assert state_of(browser) == "validated"
    assert not browser.find_all("form#plan-next-state")
    assert browser.find("#plan-next-state-waits").text
    assert not browser.find_all("form#apply-plan")
    status, refused = api.call("POST", f"/v1/plans/{plan_id}/state", {"to": "set"})
    assert (status, refused["error"]["code"]) == (403, "plan_step_forbidden")
    status, refused = api.call("POST", f"/v1/plans/{plan_id}/apply", {})
    assert (status, refused["error"]["code"]) == (409, "plan_not_set")
    assert api.get(f"/v1/plans/{plan_id}")["state"] == "validated"

    sign_in_as(browser, "admin")
    browser.open(f"/app/plans/{plan_id}")
    take_next_step(browser, "set")
    assert history(browser) == ["draft", "verified", "validated", "set"]
    assert not browser.find_all("form#plan-next-state")

    sign_in_as(browser, "planner")  # once set, the plan can be applied
    browser.open(f"/app/plans/{plan_id}")
    browser.submit_and_wait(browser.wait_for("button#apply-plan-submit"))
    assert browser.wait_for("div.flash").text
    WebDriverWait(browser.driver, WAIT).until(lambda _: state_of(browser) == "set")
    saved = api.get(f"/v1/plans/{plan_id}")
    assert [step["state"] for step in saved["state_history"]] == history(browser)
    planned = next(p for p in saved["programs"] if p["participants"])
    made = [n for n in api.get(f"/v1/programs/{planned['program_id']}/nominations")["items"]
            if n["note"] == f"from plan {plan_id}"]  # fmt: skip
    assert len(made) == 1
    assert {i["employee_id"] for i in made[0]["items"]} == {
        x["employee_id"] for x in planned["participants"]
    }
