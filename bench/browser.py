"""A real headless Chromium (Debian's `chromium` and `chromium-driver`, through Selenium) and
the workspace served by gunicorn with planner and admin tokens: what the browser tests
(tests/browser), `make screenshots` and the page benchmarks drive.

Nothing here touches the network beyond the loopback server: Selenium is given the driver's
path (no Selenium Manager download) and Chromium runs with its background traffic off.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.child import ROOT
from bench.server import HOST, _stop, _wait_ready, free_port

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WINDOW = (1366, 768)
CHROME_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    f"--window-size={WINDOW[0]},{WINDOW[1]}",
)
TOKENS = {  # at least 32 characters, as the service requires
    "planner": "browser-planner-token-0001-a4c9e2f7",
    "admin": "browser-admin-token-0002-b5d0f3a8c6",
}


def missing_browser(paths: tuple[str, ...] = (CHROMIUM, CHROMEDRIVER)) -> str | None:
    """Why no browser can be driven here (the packages `.ci/run` installs), or None."""
    absent = [path for path in paths if not os.access(path, os.X_OK)]
    if not absent:
        return None
    return (
        f"{' and '.join(absent)} missing: the browser tests need Debian's chromium and "
        "chromium-driver (apt-get install -y chromium chromium-driver; .ci/run installs them)"
    )


def chrome(workdir: Path, downloads: Path | None = None):
    """A headless Chromium of its own profile in `workdir`; downloads land in `downloads`."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    why = missing_browser()
    if why:
        raise RuntimeError(why)
    downloads = downloads or workdir / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    options = Options()
    options.binary_location = CHROMIUM
    for arg in CHROME_ARGS:
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={workdir / 'profile'}")
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "safebrowsing.enabled": False,
        },
    )
    service = Service(CHROMEDRIVER, log_output=str(workdir / "chromedriver.log"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    return driver


def sign_in(driver, workspace: Workspace, role: str) -> None:
    """Sign `driver` in with `role`'s token, as a person does, and wait for the next page."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.wait import WebDriverWait

    driver.get(workspace.base_url + "/app/login")
    driver.find_element(By.CSS_SELECTOR, "details#token-sign-in > summary").click()
    driver.find_element(By.ID, "token").send_keys(workspace.tokens[role])
    button = driver.find_element(By.CSS_SELECTOR, "details#token-sign-in button[type=submit]")
    button.click()
    WebDriverWait(driver, 60).until(ec.staleness_of(button))


@dataclass(frozen=True)
class Workspace:
    """The served workspace: its address and the tokens it accepts."""

    base_url: str
    tokens: dict[str, str]
    log: Path


@contextmanager
def served(
    artifacts_dir: Path, database_url: str, workdir: Path, env: Mapping[str, str] | None = None
) -> Iterator[Workspace]:
    """`gunicorn -c service/gunicorn_conf.py 'service:create_app()'` with one worker on a free
    loopback port, over the bundle CURRENT names in `artifacts_dir` and the store at
    `database_url` (a SQLite file is migrated by the config's `on_starting`); stopped after.
    `env` adds to or overrides the server's environment (e.g. `IMPORTS_DIR`)."""
    port = free_port()
    metrics = Path(tempfile.mkdtemp(prefix="tna-metrics-", dir=workdir))
    env = (
        os.environ
        | {
            "ARTIFACTS_DIR": str(artifacts_dir),
            "DATABASE_URL": database_url,
            "TNA_API_TOKENS": ",".join(f"{token}:{role}" for role, token in TOKENS.items()),
            "SECRET_KEY_FILE": str(workdir / "secret_key"),
            "PROMETHEUS_MULTIPROC_DIR": str(metrics),
            "RELOAD_INTERVAL": "0",
            "HOST": HOST,
            "PORT": str(port),
            "WEB_WORKERS": "1",
            "WEB_THREADS": "4",
        }
        | dict(env or {})
    )
    gunicorn_bin = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn_bin), "-c", "service/gunicorn_conf.py", "service:create_app()"]
    log = workdir / "gunicorn.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=sink)
        try:
            _wait_ready(proc, port)
            yield Workspace(f"http://{HOST}:{port}", dict(TOKENS), log)
        finally:
            _stop(proc)


class Api:
    """JSON calls to the served `/v1` API with a role's bearer token (never through a proxy)."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def call(
        self, method: str, path: str, body: Any = None, role: str = "planner"
    ) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.workspace.base_url + path,
            data=data,
            method=method,
            headers={
                "Authorization": f"Bearer {self.workspace.tokens[role]}",
                "Content-Type": "application/json",
            },
        )
        try:
            with self._opener.open(request, timeout=120) as answer:
                return answer.status, json.load(answer)
        except urllib.error.HTTPError as refused:
            with refused:
                return refused.code, json.load(refused)

    def upload(self, path: str, filename: str, data: bytes, role: str = "admin") -> Any:
        """POST `data` as the multipart form field `file` (an HR export to `/v1/imports`)."""
        boundary = uuid.uuid4().hex
        body = b"".join([
            f"--{boundary}\r\n".encode(),
            f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'.encode(),
            b"Content-Type: application/octet-stream\r\n\r\n", data,
            f"\r\n--{boundary}--\r\n".encode(),
        ])  # fmt: skip
        request = urllib.request.Request(
            self.workspace.base_url + path,
            data=body,
            method="POST",
            headers={
                "Authorization": f"Bearer {self.workspace.tokens[role]}",
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            },
        )
        with self._opener.open(request, timeout=120) as answer:
            return json.load(answer)

    def get(self, path: str, role: str = "planner") -> Any:
        status, body = self.call("GET", path, role=role)
        assert status == 200, body
        return body

    def post(self, path: str, body: Any, role: str = "planner") -> Any:
        status, answer = self.call("POST", path, body, role=role)
        assert status in (200, 201), answer
        return answer
