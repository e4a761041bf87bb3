"""The workspace served by a real gunicorn over the session's tiny bundle, driven by a real
headless Chromium (Debian's chromium and chromium-driver through Selenium).

One server and one browser per session; each test starts signed out (cookies cleared) with an
empty download folder. A machine without the browser fails these tests, naming `.ci/run`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from bench.browser import Api, Workspace, chrome, missing_browser, served
from store.migrate import upgrade
from tests.browser.driving import Browser


@pytest.fixture(scope="session")
def workspace(trained, tmp_path_factory) -> Iterator[Workspace]:
    """gunicorn (one worker) over the session's bundle and a migrated SQLite store of its own."""
    workdir = tmp_path_factory.mktemp("browser_server")
    url = f"sqlite:///{workdir / 'tna.sqlite3'}"
    upgrade(url)
    with served(trained.path.parent, url, workdir) as running:
        yield running


@pytest.fixture(scope="session")
def driver(tmp_path_factory) -> Iterator[WebDriver]:
    why = missing_browser()
    if why:
        pytest.fail(why)
    running = chrome(tmp_path_factory.mktemp("chromium"))
    yield running
    running.quit()


@pytest.fixture
def browser(driver, workspace) -> Browser:
    """The browser signed out, on a blank page, with an empty download folder."""
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    driver.get("about:blank")
    downloads = Path(driver.capabilities["chrome"]["userDataDir"]).parent / "downloads"
    shutil.rmtree(downloads, ignore_errors=True)
    downloads.mkdir()
    return Browser(driver, workspace, downloads)


@pytest.fixture
def planner(browser) -> Browser:
    browser.sign_in("planner")
    return browser


@pytest.fixture(scope="session")
def api(workspace) -> Api:
    return Api(workspace)


@pytest.fixture(scope="session")
def hostile_program(api, hostile_title) -> str:
    """The upcoming program whose title holds `<script>` (tests/conftest.py)."""
    items = api.get("/v1/programs")["items"]
    return next(i["program_id"] for i in items if hostile_title in i["title"])


@pytest.fixture(scope="session")
def hostile_employee(api, hostile_name) -> tuple[str, str]:
    """(employee id, unit id) of the employee whose name holds `<script>` (tests/conftest.py)."""

    for item in api.get("/v1/programs")["items"]:
        chosen = api.post(f"/v1/programs/{item['program_id']}/participants", {})
        for row in chosen["selected"] + chosen["waitlist"]:
            if hostile_name in (row["name"] or ""):
                return row["employee_id"], row["unit_id"]
    raise AssertionError("the employee named with <script> is in no program's list")


@pytest.fixture(scope="session")
def busy_program(api) -> str:
    """The first upcoming program (by date) with at least 8 recommended participants."""
    for item in api.get("/v1/programs")["items"]:
        chosen = api.post(f"/v1/programs/{item['program_id']}/participants", {})
        if len(chosen["selected"]) >= 8:
            return item["program_id"]
    raise AssertionError("no upcoming program has 8 recommended participants")
