"""The bundle commands while the service runs: its reload picks the change up, no request fails."""

from __future__ import annotations

import json
import shutil
import threading
import time

from model.bundles.files import MANIFEST, current_version, promote, sha256
from model.bundles.management import main, prune
from service import create_app


def _copy_as(source, root, version):
    """A copy of a trained bundle under another version name, its manifest saying so too (the
    manifest is not itself checksummed: the files it lists are)."""
    shutil.copytree(source, root / version)
    manifest = json.loads((root / version / MANIFEST).read_text())
    (root / version / MANIFEST).write_text(json.dumps({**manifest, "version": version}))
    assert sha256(root / version / "report.html") == manifest["files"]["report.html"]["sha256"]
    return version


def _wait_for(holder, version, seconds=60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        engine = holder.engine
        if engine is not None and engine.version == version:
            return True
        time.sleep(0.02)
    return False


def test_rollback_under_requests_loses_none(trained, tmp_path, employee_id, auth, token_config):
    first = _copy_as(trained.path, tmp_path, "v1")
    second = _copy_as(trained.path, tmp_path, "v2")
    _copy_as(trained.path, tmp_path, "v0")
    promote(tmp_path, first)
    promote(tmp_path, second)
    app = create_app({"ARTIFACTS_DIR": str(tmp_path), "TNA_API_TOKENS": token_config,
                      "RELOAD_INTERVAL": 0.05})  # the holder's own watcher reloads  # fmt: skip
    holder = app.extensions["tna_holder"]
    seen, failures, stop = [], [], threading.Event()

    def call() -> None:
        client = app.test_client()
        while not stop.is_set():
            response = client.get(
                f"/v1/employees/{employee_id}/recommendations?k=3", headers=auth()
            )
            if response.status_code != 200:
                failures.append(response.status_code)
            else:
                seen.append(response.get_json()["model_version"])

    threads = [threading.Thread(target=call) for _ in range(4)]
    try:
        for thread in threads:
            thread.start()
        assert main(["--artifacts-dir", str(tmp_path), "rollback"]) == 0
        assert current_version(tmp_path) == first
        # while serving; never v1 (serving) nor v2 (served before it, rolled back from)
        assert prune(tmp_path, keep=0) == ["v0"]
        assert _wait_for(holder, first)
        time.sleep(0.3)  # requests keep flowing on the rolled-back bundle
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        holder.stop()
    assert failures == []
    assert set(seen) == {first, second} and seen[-1] == first
    assert (tmp_path / "v2").is_dir() and not (tmp_path / "v0").exists()
