"""Benchmark 7: the workspace's program page (issue 11, "Measured").

7a. Server time of `GET /app/programs/<id>` over the large world, as a ratio to the
    participants API call behind it (`POST /v1/programs/<id>/participants` with the page's
    default constraints), both through Flask's test client in one child process, interleaved
    call by call. Without BENCH_FULL the large world's snapshot is served with the small
    bundle's predictor, as in benchmark 5c.
7b. The browser's time to DOMContentLoaded of the program page on the small world: gunicorn
    (one worker) and a real headless Chromium, read from the Navigation Timing API; baseline
    the sign-in page (HTTP, gunicorn, Flask, Jinja and the browser with no engine work).
The program is the upcoming one with most seats (the longest list), as in 5c.
"""

from __future__ import annotations

import logging
import re
import statistics
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from bench.measure import Target, Timing, figure, timing_figure
from bench.settings import LARGE
from features import columns as col

if TYPE_CHECKING:
    from bench.suite import Runner

log = logging.getLogger(__name__)

SERVER_TARGET = Target("<=", 1.3, on="ratio")
TOKEN = "bench-planner-token-0001-f7c2a9e4b1d6"  # at least 32 characters
BROWSER_RUNS = 5
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
NAVIGATION = """
const n = performance.getEntriesByType("navigation")[0];
return {dcl: n.domContentLoadedEventEnd, response: n.responseEnd - n.requestStart,
        status: n.responseStatus};
"""


def records(runner: Runner, small: dict[str, Any], large_bundle: str | None) -> list[dict]:
    """Both figures of benchmark 7 (the hook `bench.suite.run_all` calls)."""
    s = runner.settings
    if large_bundle is not None:
        kind, params = "trained on the large world", {"bundle": large_bundle, "data_dir": None}
    else:
        kind = "the small world's model over the large world's snapshot (no BENCH_FULL)"
        params = {"bundle": small["bundle"], "data_dir": runner.world(s.large)["data_dir"]}
    found = runner.child("program_page", f"program-page-{s.large}", **params)
    out = server_records(found, kind, s.large)
    log.info("program page in a browser ...")
    workdir = runner.root / "browser"
    return out + browser_records(Path(small["artifacts_dir"]), workdir, s.small, BROWSER_RUNS)


def longest_program(engine) -> str:
    capacity = engine.programs[col.CAPACITY].to_numpy()[engine.upcoming]
    return str(engine.state.program_ids[int(engine.upcoming[np.argmax(capacity)])])


def run(bundle: str, data_dir: str | None, max_runs: int) -> dict[str, Any]:
    """Child side (7a): page and API timed in turn over one app."""
    from service import create_app
    from store.migrate import upgrade

    with tempfile.TemporaryDirectory(prefix="tna-page-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'tna.sqlite3'}"
        upgrade(url)
        app = create_app(
            {
                "ARTIFACTS_DIR": str(Path(bundle).parent),
                "DATABASE_URL": url,
                "TNA_API_TOKENS": f"{TOKEN}:planner",
                "RELOAD_INTERVAL": 0,
                "SECRET_KEY": "bench-only",
            }
        )
        if data_dir is not None:
            _serve_widened(app, bundle, data_dir)
        engine = app.extensions["tna_holder"].engine
        program_id = longest_program(engine)
        client = app.test_client()
        _sign_in(client)
        page = f"/app/programs/{program_id}"
        api = f"/v1/programs/{program_id}/participants"
        headers = {"Authorization": f"Bearer {TOKEN}"}
        calls = {
            "page": lambda: _ok(client.get(page)),
            "api": lambda: _ok(client.post(api, json={}, headers=headers)),
        }
        times = _interleaved(calls, max(max_runs, 5))
        chosen = client.post(api, json={}, headers=headers).get_json()
        app.extensions["tna_store"].dispose()
    return {
        "time": times["page"],
        "baseline": times["api"],
        "program_id": program_id,
        "rows": len(chosen["selected"]),
        "eligible": chosen["summary"].get("eligible"),
        "employees": len(engine.state.employee_ids),
    }


def _serve_widened(app, bundle: str, data_dir: str) -> None:
    """Serve the large world's snapshot with the small bundle's predictor (as 5c does)."""
    from bench.selection import widened
    from model.bundles.serving import load_serving_bundle
    from model.engine import Engine

    holder = app.extensions["tna_holder"]
    holder._engine = Engine(widened(load_serving_bundle(bundle), data_dir))  # bench only


def _sign_in(client) -> None:
    form = client.get("/app/login").get_data(as_text=True)
    token = CSRF.search(form).group(1)
    answer = client.post("/app/login", data={"token": TOKEN, "csrf_token": token})
    assert answer.status_code == 302, answer.status_code


def _ok(response) -> None:
    assert response.status_code == 200, (response.status_code, response.get_data()[:300])


def _interleaved(calls: dict[str, Any], runs: int) -> dict[str, list[float]]:
    """Seconds per call, each call once per round (after one warm-up round)."""
    for call in calls.values():
        call()
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(runs):
        for name, call in calls.items():
            start = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - start)
    return times


def server_records(result: dict[str, Any], bundle_kind: str, world: int) -> list[dict[str, Any]]:
    """Parent side (7a): the target holds for a 65,000-employee world."""
    page, api = Timing(tuple(result["time"])), Timing(tuple(result["baseline"]))
    target = SERVER_TARGET if world == LARGE else None
    figures = {"time": timing_figure(page, api, "POST /v1/programs/<id>/participants", target)}
    parameters = {
        "world_employees": world,
        "employees_in_bundle": result["employees"],
        "bundle": bundle_kind,
        "program_id": result["program_id"],
        "rows": result["rows"],
        "eligible": result["eligible"],
        "client": "Flask test client, in-process",
    }
    return [{"name": "program page (server)", "parameters": parameters, "figures": figures}]


def browser_records(
    artifacts_dir: Path, workdir: Path, world: int, runs: int
) -> list[dict[str, Any]]:
    """Parent side (7b): gunicorn and headless Chromium over the small bundle."""
    from bench.browser import chrome, missing_browser, served, sign_in
    from store.migrate import upgrade

    why = missing_browser()
    if why:
        log.warning("program page (browser) skipped: %s", why)
        return []
    workdir.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{workdir / 'tna.sqlite3'}"
    upgrade(url)
    with served(artifacts_dir, url, workdir) as workspace:
        program_id = _program_of(artifacts_dir)
        driver = chrome(workdir / "chromium")
        try:
            login = _navigations(driver, workspace.base_url + "/app/login", runs)
            sign_in(driver, workspace, "planner")
            page = _navigations(driver, f"{workspace.base_url}/app/programs/{program_id}", runs)
        finally:
            driver.quit()
    figures = {
        "dom_content_loaded": figure(
            _ms(page["dcl"]), "ms", _ms(login["dcl"]), "the sign-in page, same browser"
        ),
        "server_response": figure(
            _ms(page["response"]), "ms", _ms(login["response"]), "the sign-in page"
        ),
    }
    parameters = {
        "world_employees": world,
        "program_id": program_id,
        "workers": 1,
        "browser": "Debian chromium, headless, 1366x768",
        "navigations": runs,
    }
    return [{"name": "program page (browser)", "parameters": parameters, "figures": figures}]


def _program_of(artifacts_dir: Path) -> str:
    from model.bundles.management import servable
    from model.bundles.serving import load_serving_bundle
    from model.engine import Engine

    version = servable(artifacts_dir)
    return longest_program(Engine(load_serving_bundle(artifacts_dir / version)))


def _navigations(driver, url: str, runs: int) -> dict[str, list[float]]:
    """Navigation Timing of `runs` loads of `url` after one warm-up (milliseconds)."""
    driver.get(url)
    out: dict[str, list[float]] = {"dcl": [], "response": []}
    for _ in range(runs):
        driver.get(url)
        timing = driver.execute_script(NAVIGATION)
        assert timing["status"] == 200, (url, timing)
        out["dcl"].append(timing["dcl"])
        out["response"].append(timing["response"])
    return out


def _ms(values: list[float]) -> dict[str, float | int]:
    return {
        "value": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "runs": len(values),
    }
