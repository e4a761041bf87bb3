"""A small national world (three agencies, Parquet partitioned by agency) and a real Dask
cluster started with the command-line tools."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from features.demo.national import write_national

ROOT = Path(__file__).resolve().parents[2]
DASK = Path(sys.executable).with_name("dask")
START_TIMEOUT_S = 30


@pytest.fixture(scope="session")
def national_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("national")
    write_national(root / "data", root / "truth", 240, 3, seed=5)
    return root / "data"


def free_port() -> int:
    """A port the OS says is free now (bound to port 0, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def dask_scheduler(tmp_path_factory) -> Iterator[str]:
    """`dask scheduler` and two `dask worker` processes on this machine; the scheduler's
    address. The workers import this checkout's code (PYTHONPATH). Every process started is
    stopped at the end, also when a test fails."""
    from distributed import Client

    folder = tmp_path_factory.mktemp("dask")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    address = f"tcp://127.0.0.1:{free_port()}"
    started: list[subprocess.Popen] = []
    try:
        started.append(_start([str(DASK), "scheduler", "--host", "127.0.0.1", "--port",
                               address.rsplit(":", 1)[1], "--no-dashboard"],
                              folder / "scheduler.log", env))  # fmt: skip
        for name in ("w1", "w2"):
            command = [str(DASK), "worker", address, "--name", name, "--nthreads", "1",
                       "--nworkers", "1", "--no-dashboard", "--local-directory",
                       str(folder / name), "--host", "127.0.0.1"]  # fmt: skip
            started.append(_start(command, folder / f"{name}.log", env))
        with Client(address, timeout=START_TIMEOUT_S) as client:
            client.wait_for_workers(2, timeout=START_TIMEOUT_S)
        yield address
    finally:
        _stop(started)


def _start(command: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen:
    with open(log, "wb") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)


def _stop(processes: list[subprocess.Popen]) -> None:
    """Workers first, then the scheduler: SIGTERM, and SIGKILL after a grace period."""
    for process in reversed(processes):
        process.terminate()
    deadline = time.monotonic() + 10
    for process in reversed(processes):
        try:
            process.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
