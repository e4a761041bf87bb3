"""Signing in and out as a person does: typing the token, pressing the button."""

from __future__ import annotations

from selenium.webdriver.common.by import By


def test_a_planner_signs_in_and_out(browser):
    browser.open("/app/")
    assert browser.path.startswith("/app/login")  # sent to sign in first
    browser.sign_in("planner")
    assert browser.path == "/app/"
    assert browser.find("table.list tbody tr")
    assert browser.find_all("header nav a")  # the menu of a signed-in planner
    browser.submit_and_wait(browser.find('header form[action$="/app/logout"] button'))
    browser.open("/app/")
    assert browser.path.startswith("/app/login")


def test_a_wrong_token_is_refused(browser):
    browser.sign_in(token="not-a-token-of-this-server")
    assert browser.path.startswith("/app/login")
    assert browser.find_all(".error[role=alert]"), "no message says why"
    assert not browser.find_all("header nav a")
    browser.open("/app/")
    assert browser.path.startswith("/app/login")
    assert browser.driver.find_element(By.ID, "token").get_attribute("value") == ""


def test_a_machine_without_the_browser_is_told_what_installs_it():
    from bench.browser import CHROMEDRIVER, missing_browser

    why = missing_browser(("/nonexistent/chromium", CHROMEDRIVER))
    assert "/nonexistent/chromium" in why and ".ci/run" in why
