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
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.wait import WebDriverWait

from bench.browser import Api, Workspace, chrome, missing_browser, served
from store.migrate import upgrade

WAIT = 20.0  # seconds a page may take on a busy 2-core machine


class Browser:
    """The session's Chromium, addressed by paths of the served workspace."""

    def __init__(self, driver: WebDriver, workspace: Workspace, downloads: Path) -> None:
        self.driver, self.workspace, self.downloads = driver, workspace, downloads

    def open(self, path: str) -> None:
        self.driver.get(self.workspace.base_url + path)

    def find(self, css: str) -> WebElement:
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str) -> list[WebElement]:
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def wait_for(self, css: str) -> WebElement:
        return WebDriverWait(self.driver, WAIT).until(
            ec.presence_of_element_located((By.CSS_SELECTOR, css)),
            f"no {css} on {self.path} after {WAIT:g} s",
        )

    def submit_and_wait(self, button: WebElement) -> None:
        """Click a submit button and wait until the next page has replaced this one."""
        old = self.find("html")
        button.click()
        WebDriverWait(self.driver, WAIT).until(_replaced(old))
        self.wait_for("body")

    def sign_in(self, role: str = "planner", token: str | None = None) -> None:
        """With a token: the sign-in page's folded-away token form, opened as a person does."""
        self.open("/app/login")
        self.wait_for("details#token-sign-in > summary").click()
        field = self.wait_for("input#token")
        field.send_keys(token if token is not None else self.workspace.tokens[role])
        self.submit_and_wait(self.find("details#token-sign-in button[type=submit]"))

    @property
    def path(self) -> str:
        return self.driver.current_url.removeprefix(self.workspace.base_url)


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
def hostile_program(api) -> str:
    """The upcoming program whose title holds `<script>` (tests/conftest.py)."""
    from tests.conftest import HOSTILE_TITLE

    items = api.get("/v1/programs")["items"]
    return next(i["program_id"] for i in items if HOSTILE_TITLE in i["title"])


@pytest.fixture(scope="session")
def hostile_employee(api) -> tuple[str, str]:
    """(employee id, unit id) of the employee whose name holds `<script>` (tests/conftest.py)."""
    from tests.conftest import HOSTILE_NAME

    for item in api.get("/v1/programs")["items"]:
        chosen = api.post(f"/v1/programs/{item['program_id']}/participants", {})
        for row in chosen["selected"] + chosen["waitlist"]:
            if HOSTILE_NAME in (row["name"] or ""):
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


def _replaced(old: WebElement):
    """Whether the page holding `old` has been replaced. Mid-navigation chromedriver may report
    the detached node as an inspector error instead of a stale element: both mean replaced."""

    def check(_driver) -> bool:
        try:
            old.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
        return False

    return check
