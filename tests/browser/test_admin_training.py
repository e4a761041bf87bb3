"""An admin's whole round in the workspace, in a real browser: upload the agency's export, see
its check run as a job, train on it from the page, watch the training's progress until it
ends, and find the new bundle serving.

The server is one of its own (gunicorn and the job worker it starts, `service/gunicorn_conf.py`)
over a copy of the session's bundle: the training promotes into that copy, never into the
bundle the other browser tests are served.
"""

from __future__ import annotations

import shutil
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By

from bench.browser import Workspace, served
from model.bundles.files import current_version
from store.migrate import upgrade
from tests.browser.driving import Browser

TRAINING_S = 900  # the tiny world's training on a busy 2-core machine, with room


@pytest.fixture(scope="module")
def export_zip(tiny_world_dirs, tmp_path_factory) -> Path:
    """The tiny world's export, zipped as an agency sends it (the tables' CSV files)."""
    data_dir, _ = tiny_world_dirs
    path = tmp_path_factory.mktemp("export") / "ekspor-bkd.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in sorted(data_dir.glob("*.csv")):
            archive.write(table, table.name)
    return path


@pytest.fixture(scope="module")
def artifacts(trained, tmp_path_factory) -> Path:
    """A copy of the session's artifacts: this server's training promotes into it."""
    path = tmp_path_factory.mktemp("admin_artifacts") / "artifacts"
    shutil.copytree(trained.path.parent, path)
    return path


@pytest.fixture(scope="module")
def admin_workspace(artifacts, tmp_path_factory) -> Iterator[Workspace]:
    """gunicorn and its job worker over `artifacts`, a fresh store and an imports folder of
    their own; the web worker looks for a promoted bundle every second."""
    workdir = tmp_path_factory.mktemp("admin_server")
    url = f"sqlite:///{workdir / 'tna.sqlite3'}"
    upgrade(url)
    env = {"IMPORTS_DIR": str(workdir / "imports"), "RELOAD_INTERVAL": "1"}
    with served(artifacts, url, workdir, env=env) as running:
        yield running


@pytest.fixture
def admin(driver, admin_workspace, tmp_path) -> Browser:
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    driver.get("about:blank")
    browser = Browser(driver, admin_workspace, tmp_path)
    browser.sign_in("admin")
    return browser


def until(browser: Browser, ready, timeout: float, what: str):
    """Poll `ready(browser)` across the job page's own refreshes until it answers something;
    a read that meets the page mid-refresh is read again."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = ready(browser)
        except WebDriverException:  # the page was replaced while it was read
            found = None
        if found:
            return found
        time.sleep(0.25)
    raise AssertionError(f"{what} not seen on {browser.path} after {timeout:g} s")


def progress_of(browser: Browser) -> float:
    return float(browser.find("#job-progress").get_attribute("value"))


def test_an_admin_uploads_an_export_trains_on_it_and_the_new_bundle_serves(
    admin, artifacts, export_zip
):
    serving_before = current_version(artifacts)
    admin.open("/app/admin/imports?lang=en")
    admin.find("input#file").send_keys(str(export_zip))
    admin.submit_and_wait(admin.find("#upload-form button[type=submit]"))

    # the import job's page: it refreshes itself until the check has run
    assert admin.path.startswith("/app/jobs/")
    import_page = admin.path
    train = until(admin, lambda b: b.find_all("#train-import"), 120, "the check's result")
    assert admin.find("#job-status").text.startswith("Done")
    rows = {r.find_element(By.CSS_SELECTOR, "td").text for r in admin.find_all("main table tr")
            if r.find_elements(By.CSS_SELECTOR, "td")}  # fmt: skip
    assert {"employees", "programs", "enrollments"} <= rows

    # "Train and promote": the training job's page shows its stage and progress as it goes
    admin.submit_and_wait(train[0])
    assert admin.path.startswith("/app/jobs/") and admin.path != import_page
    seen: list[float] = []

    def finished(browser: Browser):
        seen.append(progress_of(browser))
        return browser.find_all("#training-verdict")

    verdict = until(admin, finished, TRAINING_S, "the training's verdict")[0].text
    assert seen[0] < 1.0, "the page never showed the training unfinished"
    assert seen == sorted(seen), f"the progress went backwards: {seen}"
    assert progress_of(admin) == 1.0 and admin.find("#job-status").text.startswith("Done")
    assert not admin.find_all("meta[http-equiv=refresh]"), "a finished job stops refreshing"
    new = current_version(artifacts)
    assert new != serving_before and new in verdict and "is promoted" in verdict
    assert admin.find_all("main table tbody tr"), "no metrics beside the serving bundle's"

    # the workspace serves it (the web worker reloads within a second) and lists both jobs
    until(admin, lambda b: b.open("/app/model") or new in b.find("#bundle").text, 30,
          "the new bundle on the model page")  # fmt: skip
    admin.open("/app/jobs?lang=en")
    kinds = [r.find_elements(By.CSS_SELECTOR, "td") for r in admin.find_all("main tbody tr")]
    assert [(k[0].text, k[1].text) for k in kinds[:2]] == [("Training", "Done"), ("Import", "Done")]
