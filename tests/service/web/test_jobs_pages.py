"""Job pages and the admins' upload page: progress that refreshes itself, cancel, the
check's result or its one error, hostile uploads refused in the page's language."""

from __future__ import annotations

import html
import re
import zipfile
from io import BytesIO
from pathlib import Path

import pytest


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def imports_dir(app, tmp_path) -> Path:
    kept = app.config["IMPORTS_DIR"], app.config["JOBS_QUEUE_FILE"]
    app.config["IMPORTS_DIR"] = str(tmp_path / "imports")
    app.config["JOBS_QUEUE_FILE"] = str(tmp_path / "queue.sqlite3")  # no worker: jobs wait
    yield Path(app.config["IMPORTS_DIR"])
    app.config["IMPORTS_DIR"], app.config["JOBS_QUEUE_FILE"] = kept


def send(admin, data: bytes, lang: str = "en", *, csrf_of):
    page = admin.get(f"/app/admin/imports?lang={lang}")
    sent = {"csrf_token": csrf_of(page.data), "file": (BytesIO(data), "export.zip")}
    return admin.post("/app/admin/imports", data=sent, content_type="multipart/form-data")


def status_of(page: bytes) -> str:
    return html.unescape(re.search(r'id="job-status"[^>]*>(.*?)</p>', page.decode()).group(1))


@pytest.mark.parametrize("lang, heading", [("id", "Impor data"), ("en", "Imports")])
def test_the_upload_page_is_for_admins_in_both_languages(admin, lang, heading):
    page = admin.get(f"/app/admin/imports?lang={lang}")
    assert page.status_code == 200 and f"<h1>{heading}</h1>" in page.data.decode()
    assert b'enctype="multipart/form-data"' in page.data and b'id="train-data-dir"' in page.data


def test_planners_may_not_open_the_upload_page(planner):
    assert planner.get("/app/admin/imports").status_code == 403


@pytest.mark.parametrize(
    "lang, told", [("en", "leaves its folder"), ("id", "keluar dari foldernya")]
)
def test_a_hostile_upload_is_refused_on_the_page(admin, imports_dir, lang, told, csrf_of):
    answer = send(admin, zipped({"../../x.csv": b"a"}), lang, csrf_of=csrf_of)
    assert answer.status_code == 422
    assert told in html.unescape(answer.data.decode())
    assert not imports_dir.exists() or not any(imports_dir.iterdir())


def test_a_queued_job_page_refreshes_and_can_be_cancelled(admin, imports_dir, csrf_of):
    answer = send(admin, zipped({"units.csv": b"unit_id,name\nU1,x\n"}), "id", csrf_of=csrf_of)
    assert answer.status_code == 303 and answer.headers["Location"].startswith("/app/jobs/")
    page = admin.get(answer.headers["Location"])
    body = page.data.decode()
    assert 'http-equiv="refresh"' in body and 'id="job-progress"' in body
    assert status_of(page.data) == "Dalam antrean"
    cancelled = admin.post(answer.headers["Location"] + "/cancel",
                           data={"csrf_token": csrf_of(page.data)})  # fmt: skip
    page = admin.get(cancelled.headers["Location"] + "?lang=en")
    assert status_of(page.data) == "Cancelled" and b'http-equiv="refresh"' not in page.data
    listed = admin.get("/app/jobs").data.decode()
    assert answer.headers["Location"] in listed


def test_someone_elses_job_page_is_404(planner, app, imports_dir):
    from service.actions.jobs import submit
    from service.jobs.queue import queue_file

    job = submit(app.extensions["tna_store"], queue_file(app.config), "someone", "plan", {})
    assert planner.get(f"/app/jobs/{job['job_id']}").status_code == 404


def test_the_upload_pages_list_names_its_jobs_in_the_pages_language(admin, imports_dir, csrf_of):
    """The recent imports and trainings read as the page's language, not as the store's codes
    (the screenshot showed "import · succeeded" on the Indonesian page)."""
    send(admin, zipped({"units.csv": b"unit_id,name\nU1,x\n"}), "id", csrf_of=csrf_of)
    listed = html.unescape(admin.get("/app/admin/imports?lang=id").data.decode())
    assert "Impor · Dalam antrean" in listed and "import · queued" not in listed
    listed = html.unescape(admin.get("/app/admin/imports?lang=en").data.decode())
    assert "Import · Queued" in listed


def test_a_bundle_the_gate_held_back_is_promoted_from_its_trainings_page(
    app, admin, sign_in, trained, tmp_path, csrf_of
):
    """A training whose bundle the gate did not promote: its page offers the admin one click
    to serve it (verified as `make promote` does); a missing bundle is refused, 409."""
    import json
    import shutil

    from model.bundles.files import MANIFEST, current_version
    from store import jobs as store_jobs

    artifacts = tmp_path / "artifacts"
    shutil.copytree(trained.path.parent, artifacts)
    held = "20990101T000000000000Z"  # a real bundle (the session's, under another version)
    shutil.copytree(artifacts / trained.version, artifacts / held)
    manifest = json.loads((artifacts / held / MANIFEST).read_text())
    (artifacts / held / MANIFEST).write_text(json.dumps({**manifest, "version": held}))
    store = app.extensions["tna_store"]
    job = store_jobs.create_job(store, "training", "someone", {"data_dir": "x"})
    assert store_jobs.start_job(store, job["job_id"])
    gate = f"on the test period: ndcg_taken 0.5 vs serving {trained.version} 0.6: worse"
    result = {"bundle": held, "promoted": False, "gate": gate, "metrics": None,
              "serving_before": None, "import_id": None}  # fmt: skip
    assert store_jobs.finish_job(store, job["job_id"], result)
    kept = app.config["ARTIFACTS_DIR"]
    app.config["ARTIFACTS_DIR"] = str(artifacts)
    try:
        page = admin.get(f"/app/jobs/{job['job_id']}?lang=id")
        assert b'id="promote-bundle"' in page.data
        assert "Promosikan bundel ini" in html.unescape(page.data.decode())
        token = {"csrf_token": csrf_of(page.data)}
        planner = sign_in(app.test_client(), "planner")
        theirs = {"csrf_token": csrf_of(planner.get("/app/plans").data)}
        assert planner.post(f"/app/admin/bundles/{held}/promote", data=theirs).status_code == 403
        assert current_version(artifacts) == trained.version
        answer = admin.post(f"/app/admin/bundles/{held}/promote", data=token)
        assert answer.status_code == 303 and answer.headers["Location"].endswith("/app/model")
        assert current_version(artifacts) == held
        refused = admin.post("/app/admin/bundles/no-such-bundle/promote", data=token)
        assert refused.status_code == 409 and current_version(artifacts) == held
        assert "tidak dapat dipakai" in html.unescape(refused.data.decode())
    finally:
        app.config["ARTIFACTS_DIR"] = kept
