"""Usable by keyboard alone, and every input has a label."""

from __future__ import annotations

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

UNLABELLED = """
return [...document.querySelectorAll("input, select, textarea")]
  .filter(e => e.type !== "hidden" && e.labels.length === 0)
  .map(e => e.outerHTML.slice(0, 120));
"""
FOCUSED = "const e = document.activeElement; return e.id || e.name || e.tagName.toLowerCase();"


def tab_order(browser, presses: int) -> list[str]:
    """What has the focus after each Tab from the top of the page."""
    browser.driver.execute_script("document.activeElement && document.activeElement.blur()")
    seen = []
    for _ in range(presses):
        ActionChains(browser.driver).send_keys(Keys.TAB).perform()
        seen.append(browser.driver.execute_script(FOCUSED))
    return seen


def test_signing_in_by_keyboard(browser):
    browser.open("/app/login")
    browser.wait_for("input#username")
    assert browser.driver.execute_script(UNLABELLED) == []
    order = tab_order(browser, 10)
    assert {"username", "password", "summary"} <= set(order), order
    # Tab on to the folded-away token form (wherever the focus is now), open it with Enter,
    # Tab into it, type the token, press Enter
    for _ in range(20):
        if browser.driver.execute_script(FOCUSED) == "summary":
            break
        ActionChains(browser.driver).send_keys(Keys.TAB).perform()
    keys = ActionChains(browser.driver)
    keys.send_keys(Keys.ENTER, Keys.TAB, browser.workspace.tokens["planner"], Keys.ENTER)
    keys.perform()
    browser.wait_for("table.list")
    assert browser.path == "/app/"


def test_the_filters_by_keyboard(planner, api):
    assert planner.driver.execute_script(UNLABELLED) == []
    order = tab_order(planner, 40)
    for control in ("month", "method", "unit_id"):
        assert control in order, f"Tab never reaches #{control}: {order}"
    # choose the second method with the arrow key, then Tab to the button and press Enter
    planner.find("select#method").send_keys(Keys.ARROW_DOWN)
    method = planner.find("select#method").get_attribute("value")
    assert method
    planner.driver.execute_script("document.querySelector('select#method').focus()")
    old = planner.find("html")
    for _ in range(5):
        ActionChains(planner.driver).send_keys(Keys.TAB).perform()
        if planner.driver.execute_script("return document.activeElement.type") == "submit":
            break
    ActionChains(planner.driver).send_keys(Keys.ENTER).perform()
    planner.wait_for("table.list")
    assert old.id != planner.find("html").id
    assert f"method={method}" in planner.path


def test_every_input_of_the_program_page_has_a_label(planner, busy_program):
    planner.open(f"/app/programs/{busy_program}")
    planner.wait_for("table#participants")
    assert planner.driver.execute_script(UNLABELLED) == []
    order = tab_order(planner, 30)
    assert "min_completion_probability" in order, order
