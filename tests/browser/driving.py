"""The session's Chromium addressed by paths of the served workspace (tests/browser/conftest.py
hands it to each test as the `browser` fixture)."""

from __future__ import annotations

from pathlib import Path

from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.wait import WebDriverWait

from bench.browser import Workspace

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
