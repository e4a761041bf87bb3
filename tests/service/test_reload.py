"""Hot reload: a new bundle is picked up without a failed request; a bad one is refused."""

from __future__ import annotations

import json
import shutil
import threading

from model.bundles.files import CURRENT, MANIFEST, promote
from service import create_app


def _copy_as(source, root, version):
    """A copy of a trained bundle under another version name (its manifest says so too)."""
    shutil.copytree(source, root / version)
    manifest = json.loads((root / version / MANIFEST).read_text())
    (root / version / MANIFEST).write_text(json.dumps({**manifest, "version": version}))
    return version


def _app(root, *, token_config):
    return create_app({"ARTIFACTS_DIR": str(root), "TNA_API_TOKENS": token_config,
                       "RELOAD_INTERVAL": 0})  # fmt: skip


def test_reload_under_concurrent_calls_drops_no_request(
    trained, tmp_path, employee_id, auth, token_config
):
    first = _copy_as(trained.path, tmp_path, "v1")
    second = _copy_as(trained.path, tmp_path, "v2")
    promote(tmp_path, first)
    app = _app(tmp_path, token_config=token_config)
    holder = app.extensions["tna_holder"]
    seen, failures, stop = set(), [], threading.Event()

    def call() -> None:
        client = app.test_client()
        while not stop.is_set():
            response = client.get(
                f"/v1/employees/{employee_id}/recommendations?k=3", headers=auth()
            )
            if response.status_code != 200:
                failures.append(response.status_code)
            seen.add(response.get_json()["model_version"])

    threads = [threading.Thread(target=call) for _ in range(8)]
    for thread in threads:
        thread.start()
    promote(tmp_path, second)
    assert holder.reload()
    for _ in range(3):
        threading.Event().wait(0.2)
    stop.set()
    for thread in threads:
        thread.join()
    assert failures == []
    assert seen <= {first, second} and second in seen
    assert holder.engine.version == second


def test_an_altered_bundle_is_refused_and_the_old_one_keeps_serving(
    trained, tmp_path, token_config
):
    good = _copy_as(trained.path, tmp_path, "good")
    bad = _copy_as(trained.path, tmp_path, "bad")
    promote(tmp_path, good)
    app = _app(tmp_path, token_config=token_config)
    with open(tmp_path / bad / "calibrator.joblib", "ab") as handle:
        handle.write(b"x")
    promote(tmp_path, bad)
    assert not app.extensions["tna_holder"].reload()
    response = app.test_client().get("/readyz")
    assert response.status_code == 200 and response.get_json()["version"] == good


def test_a_service_started_without_a_bundle_becomes_ready_when_one_appears(
    trained, tmp_path, auth, token_config
):
    app = _app(tmp_path, token_config=token_config)
    client = app.test_client()
    assert client.get("/readyz").status_code == 503
    pair = {"employee_id": "a", "program_id": "b"}
    response = client.post("/v1/score", json={"pairs": [pair]}, headers=auth("system"))
    assert response.status_code == 503
    _copy_as(trained.path, tmp_path, "late")
    (tmp_path / CURRENT).write_text("late\n")
    assert app.extensions["tna_holder"].reload()
    assert client.get("/readyz").status_code == 200


def test_an_altered_bundle_is_refused_at_start(trained, tmp_path, token_config):
    version = _copy_as(trained.path, tmp_path, "altered")
    with open(tmp_path / version / "ranker.txt", "a") as handle:
        handle.write("\n")
    promote(tmp_path, version)
    client = _app(tmp_path, token_config=token_config).test_client()
    assert client.get("/readyz").status_code == 503
    assert client.get("/healthz").status_code == 200
