"""Indonesian by default; English after clicking EN, remembered on the next pages."""

from __future__ import annotations


def lang(browser) -> str:
    return browser.find("html").get_attribute("lang")


def test_the_language_switch_is_remembered(planner, busy_program):
    assert lang(planner) == "id"
    indonesian = planner.find("h1").text
    planner.submit_and_wait(planner.find("header a[hreflang=en]"))
    assert lang(planner) == "en"
    assert planner.find("h1").text == "Upcoming programs" != indonesian
    planner.open(f"/app/programs/{busy_program}")  # no ?lang: the session remembers
    planner.wait_for("table#participants")
    assert lang(planner) == "en"
    planner.open("/app/")
    assert lang(planner) == "en" and planner.find("h1").text == "Upcoming programs"
    planner.submit_and_wait(planner.find("header a[hreflang=id]"))
    assert lang(planner) == "id" and planner.find("h1").text == indonesian
    planner.open("/app/")
    assert lang(planner) == "id"


def test_the_sign_in_page_switches_too(browser):
    browser.open("/app/login")
    assert lang(browser) == "id"
    button = browser.find("form button[type=submit]").text
    browser.submit_and_wait(browser.find("a[hreflang=en]"))
    assert lang(browser) == "en"
    assert browser.find("form button[type=submit]").text == "Sign in" != button
