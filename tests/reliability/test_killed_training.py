"""A training run killed half-way leaves nothing that could be promoted or served."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from model.bundles.files import CURRENT, current_version, read_bundle


def test_a_killed_run_leaves_no_half_bundle(trained, tiny_world_dirs, tmp_path):
    data_dir, _ = tiny_world_dirs
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()
    (artifacts / CURRENT).write_text("serving\n")
    env = {**os.environ, "PYTHONPATH": str(Path.cwd())}
    for delay in (1.0, 3.0, 6.0):
        child = subprocess.Popen(
            [sys.executable, "-m", "model.training", "--data-dir", str(data_dir),
             "--artifacts-dir", str(artifacts), "--truth-dir", "none"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    # A run that got to the end may have promoted its bundle (the tiny world trains in a few
    # seconds on a quiet machine); what is served is then complete all the same.
    serving = current_version(artifacts)
    if serving != "serving":
        read_bundle(artifacts / serving)
    for folder in artifacts.iterdir():
        if folder.is_dir() and not folder.name.startswith("."):
            read_bundle(folder)  # whatever was renamed into place is complete and verifies
