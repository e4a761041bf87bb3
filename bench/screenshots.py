"""`make screenshots`: a PNG of every workspace page, in Indonesian and in English.

Serves the demo bundle (`ARTIFACTS_DIR`, as `make run` makes it; without a servable one, a
5,000-employee demo world is generated and trained in a temporary folder) with gunicorn and a
temporary decision store holding a few nominations and a plan (and, for the admin's pages,
two accounts, an API key and a small generated export checked by an import job), signs in with
a real headless Chromium at 1366x768 and saves each page at its full height into
`docs/screenshots/` (`<lang>-<page>.png`). A page whose route does not exist yet is skipped
with a note.
"""

from __future__ import annotations

import argparse
import io
import logging
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bench.browser import WINDOW, Api, Workspace, chrome, missing_browser, served, sign_in
from model.bundles.management import BundleError, servable

log = logging.getLogger("screenshots")

OUT = Path("docs/screenshots")
LANGUAGES = ("id", "en")
MAX_HEIGHT = 4_000  # pixels of window: a longer page is cut there (a list of 144 programs)
STATUS = "return performance.getEntriesByType('navigation')[0].responseStatus"


@dataclass(frozen=True)
class Page:
    name: str
    path: str | None  # None: found by following the first link of `list_path`
    role: str = "planner"
    list_path: str | None = None


def pages(records: dict[str, str]) -> list[Page]:
    """The pages of CONTRACT section 4 (and the plan, evaluation and audit pages)."""
    return [
        Page("login", "/app/login", role=""),
        Page("programs", "/app/"),
        Page("program", f"/app/programs/{records['program_id']}"),
        Page("employee", f"/app/employees/{records['employee_id']}"),
        Page("unit", f"/app/units/{records['unit_id']}"),
        Page("model", "/app/model"),
        Page("plans", "/app/plans"),
        Page(
            "plan",
            f"/app/plans/{records['plan_id']}" if records.get("plan_id") else None,
            list_path="/app/plans",
        ),
        Page("evaluation", "/app/evaluation"),
        Page("course", None, list_path="/app/evaluation"),
        Page("audit", "/app/audit", role="admin"),
        # an admin's pages: everyone's jobs, an import job's check, uploads, accounts
        Page("jobs", "/app/jobs", role="admin"),
        Page(
            "job",
            f"/app/jobs/{records['import_job_id']}" if records.get("import_job_id") else None,
            role="admin",
            list_path="/app/jobs/",  # no import job: nothing below it to follow, skipped
        ),
        Page("admin-imports", "/app/admin/imports", role="admin"),
        Page("admin-accounts", "/app/admin/accounts", role="admin"),
    ]


def take_all(workspace: Workspace, records: dict[str, str], out: Path, workdir: Path) -> list:
    """Every page in both languages; the notes of the pages skipped."""
    driver = chrome(workdir / "chromium")
    skipped = []
    try:
        for lang in LANGUAGES:
            for page in pages(records):
                note = _take(driver, workspace, page, lang, out)
                if note:
                    skipped.append(f"{lang}-{page.name}: {note}")
    finally:
        driver.quit()
    return skipped


def _take(driver, workspace: Workspace, page: Page, lang: str, out: Path) -> str | None:
    _sign_in_as(driver, workspace, page.role)
    path = page.path or _first_link(driver, workspace, page.list_path or "/app/")
    if path is None:
        return f"no link to follow on {page.list_path}"
    driver.get(f"{workspace.base_url}{path}{'&' if '?' in path else '?'}lang={lang}")
    status = driver.execute_script(STATUS)
    if status != 200:
        return f"{path} answered {status}"
    height, frame = driver.execute_script(
        "return [document.documentElement.scrollHeight, outerHeight - innerHeight]"
    )
    driver.set_window_size(WINDOW[0], min(max(height + frame, WINDOW[1]), MAX_HEIGHT))
    try:
        _save(driver.get_screenshot_as_png(), out / f"{lang}-{page.name}.png")
    finally:
        driver.set_window_size(*WINDOW)
    return None


def _save(png: bytes, path: Path) -> None:
    """A 256-colour PNG: the same page to the eye at a third of the size in the repository."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        image.convert("RGB").quantize(colors=256).save(path, optimize=True)


def _first_link(driver, workspace: Workspace, list_path: str) -> str | None:
    """The first link of the list page's main content to a page below it."""
    driver.get(workspace.base_url + list_path)
    hrefs = driver.execute_script(
        "return [...document.querySelectorAll('main a[href]')].map(a => a.pathname)"
    )
    below = [h for h in hrefs if h.startswith(list_path.rstrip("/") + "/")]
    return below[0] if below else None


def _sign_in_as(driver, workspace: Workspace, role: str) -> None:
    """Signed out for the sign-in page, else signed in with `role`'s token."""
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    if role:
        sign_in(driver, workspace, role)


def demo_records(api: Api) -> dict[str, str]:
    """Decisions and a plan in the store, so that their pages show something: a classroom
    program with four nominated (two approved, one rejected), one of them, their unit, a plan."""
    items = api.get("/v1/programs")["items"]
    for item in items:  # a classroom course: a list of a few dozen, with a cost
        chosen = api.post(f"/v1/programs/{item['program_id']}/participants", {})["selected"]
        if item["method"] == "classroom" and len(chosen) >= 8:
            break
    program_id, ids = item["program_id"], [c["employee_id"] for c in chosen[:4]]
    body = {"employee_ids": ids, "note": "Usulan triwulan III"}
    nomination = api.post(f"/v1/programs/{program_id}/nominations", body)["nomination_id"]
    decisions = [
        {"employee_id": ids[0], "decision": "approved", "reason": "Sesuai kebutuhan unit"},
        {"employee_id": ids[1], "decision": "approved"},
        {"employee_id": ids[2], "decision": "rejected", "reason": "Bertugas di luar kota"},
    ]
    api.post(f"/v1/nominations/{nomination}/decisions", {"decisions": decisions})
    records = {"program_id": program_id, "employee_id": ids[0], "unit_id": chosen[0]["unit_id"]}
    start = date.fromisoformat(items[0]["start_date"])
    end = start + timedelta(days=90)
    plan = {
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "budget": 250_000_000,
        "time_limit_s": 30,
    }
    status, answer = api.call("POST", "/v1/plans", plan)
    job = _finished(api, answer["job_id"]) if status == 202 else None
    if job is not None and job["status"] == "succeeded":
        records["plan_id"] = job["result"]["plan_id"]
    else:
        log.info("no plan (POST /v1/plans answered %s, job %s)", status, job)
    return records


def admin_records(api: Api, workdir: Path, unit_id: str) -> dict[str, str]:
    """Accounts, an API client and a checked upload, so that the admin's pages show
    something: two users (one scoped to `unit_id`), a system key, and a small generated export
    (300 employees, zipped as an agency sends it) checked by an import job."""
    from features.demo import generate_world, write_world

    users = [
        {"username": "siti.rahma", "display_name": "Siti Rahmawati", "role": "planner",
         "unit_ids": [unit_id], "password": "contoh-sandi-panjang-01"},
        {"username": "agus.admin", "display_name": "Agus Santoso", "role": "admin",
         "password": "contoh-sandi-panjang-02"},
    ]  # fmt: skip
    for user in users:
        api.call("POST", "/v1/users", user, role="admin")
    api.call("POST", "/v1/api-clients", {"name": "SIMPEG sync", "role": "system"}, role="admin")
    world = generate_world(300)
    write_world(world, workdir / "export" / "data", workdir / "export" / "truth", fmt="csv")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in sorted((workdir / "export" / "data").glob("*.csv")):
            archive.write(table, table.name)
    answer = api.upload("/v1/imports", "ekspor-bkd.zip", buffer.getvalue())
    job = _finished(api, answer["job_id"], role="admin")
    log.info("import job %s: %s", job["job_id"], job["status"])
    return {"import_job_id": job["job_id"]}


def _finished(api, job_id: str, timeout: float = 300, role: str = "planner") -> dict:
    """The job once the server's job worker has finished it (or as it was at timeout)."""
    deadline = time.monotonic() + timeout
    while True:
        _, job = api.call("GET", f"/v1/jobs/{job_id}", role=role)
        if job.get("status") not in ("queued", "running") or time.monotonic() > deadline:
            return job
        time.sleep(0.5)


def demo_bundle(artifacts_dir: Path, workdir: Path) -> Path:
    """`artifacts_dir` when it serves a bundle this code can serve, else a fresh demo one."""
    try:
        log.info("serving %s from %s", servable(artifacts_dir), artifacts_dir)
        return artifacts_dir
    except BundleError as exc:
        log.info("%s: a 5,000-employee demo world is generated and trained instead", exc)
    from features.demo import generate_world, write_world
    from model.training.train import train

    world = generate_world(5000)
    write_world(world, workdir / "data", workdir / "truth", fmt="csv")
    train(workdir / "data", workdir / "artifacts", truth_dir=workdir / "truth")
    return workdir / "artifacts"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--artifacts-dir", type=Path, default=Path("artifacts"))
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    why = missing_browser()
    if why:
        print(f"error: {why}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tna-screenshots-") as tmp:
        workdir = Path(tmp)
        artifacts = demo_bundle(args.artifacts_dir, workdir)
        url = f"sqlite:///{workdir / 'tna.sqlite3'}"
        env = {"IMPORTS_DIR": str(workdir / "imports")}
        with served(artifacts, url, workdir, env=env) as workspace:
            api = Api(workspace)
            records = demo_records(api)
            records |= admin_records(api, workdir, records["unit_id"])
            skipped = take_all(workspace, records, args.out, workdir)
    for note in skipped:
        log.info("skipped %s", note)
    log.info("screenshots in %s", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
