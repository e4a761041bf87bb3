"""The list of upcoming programs (`/app/`): filters change the list as the API says."""

from __future__ import annotations

from collections import Counter

from selenium.webdriver.support.select import Select


def listed(browser) -> list[str]:
    """Program ids of the list's rows, in order (each title links to its program page)."""
    links = browser.find_all("table.list tbody tr a[href*='/app/programs/']")
    return [link.get_attribute("href").rsplit("/", 1)[1] for link in links]


def api_ids(api, query: str = "") -> list[str]:
    return [i["program_id"] for i in api.get(f"/v1/programs{query}")["items"]]


def test_the_method_filter_changes_the_list(planner, api):
    everything = api_ids(api)
    assert listed(planner) == everything
    methods = Counter(i["method"] for i in api.get("/v1/programs")["items"])
    method = min(methods, key=methods.get)  # the rarest: the list surely changes
    Select(planner.find("form.filters select#method")).select_by_value(method)
    planner.submit_and_wait(planner.find("form.filters button[type=submit]"))
    expected = api_ids(api, f"?method={method}")
    assert listed(planner) == expected
    assert expected and expected != everything
    assert f"method={method}" in planner.path


def test_the_unit_filter_keeps_the_method(planner, api):
    method = api.get("/v1/programs")["items"][0]["method"]
    unit = Select(planner.find("select#unit_id"))
    unit_id = unit.options[1].get_attribute("value")
    unit.select_by_value(unit_id)
    Select(planner.find("select#method")).select_by_value(method)
    planner.submit_and_wait(planner.find("form.filters button[type=submit]"))
    assert listed(planner) == api_ids(api, f"?method={method}&unit_id={unit_id}")
    assert Select(planner.find("select#unit_id")).first_selected_option.get_attribute("value") == (
        unit_id
    )
    assert Select(planner.find("select#method")).first_selected_option.get_attribute("value") == (
        method
    )
