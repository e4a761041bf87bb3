"""gunicorn on a free loopback port, serving a bench artifacts folder; always terminated."""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.child import ROOT

HOST = "127.0.0.1"
READY_TIMEOUT = 180.0  # seconds for the workers to load the bundle
STOP_TIMEOUT = 30.0


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    token: str
    workers: int
    threads: int


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@contextmanager
def gunicorn(artifacts_dir: Path, log: Path, database_url: str | None = None) -> Iterator[Server]:
    """Start `gunicorn -c service/gunicorn_conf.py 'service:create_app()'`, wait for /readyz.
    The decision store is `database_url` (migrated), else a SQLite file beside the log."""
    token = secrets.token_urlsafe(24)
    port = free_port()
    env = os.environ | {
        "ARTIFACTS_DIR": str(artifacts_dir),
        "DATABASE_URL": database_url or f"sqlite:///{log.parent / 'tna.sqlite3'}",
        "TNA_API_TOKENS": f"{token}:admin",
        "HOST": HOST,
        "PORT": str(port),
    }
    gunicorn_bin = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn_bin), "-c", "service/gunicorn_conf.py", "service:create_app()"]
    with log.open("wb") as sink:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=sink)
        try:
            _wait_ready(proc, port)
            workers, threads = int(env.get("WEB_WORKERS", 2)), int(env.get("WEB_THREADS", 4))
            yield Server(HOST, port, token, workers, threads)
        finally:
            _stop(proc)


def worker_memory() -> dict[str, float]:
    """The resident memory (MiB) of this process's busiest gunicorn worker: all of it, its
    file-backed share (a mapped bundle snapshot, the libraries: shared between workers and
    given back by the kernel when memory is short) and the rest, the worker's own."""
    import psutil  # dask's dependency; the bench's only use of it

    workers = [
        p for p in psutil.Process().children(recursive=True)
        if "gunicorn" in " ".join(p.cmdline()) and p.parent().pid != os.getpid()
    ]  # fmt: skip
    info = max((p.memory_info() for p in workers), key=lambda m: m.rss)
    return {
        "rss_mib": info.rss / 2**20,
        "file_mib": info.shared / 2**20,
        "anonymous_mib": (info.rss - info.shared) / 2**20,
    }


def _wait_ready(proc: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode} before it was ready")
        if _ready(port):
            return
        time.sleep(0.25)
    raise RuntimeError(f"gunicorn not ready after {READY_TIMEOUT:g} s")


def _ready(port: int) -> bool:
    conn = http.client.HTTPConnection(HOST, port, timeout=2)
    try:
        conn.request("GET", "/readyz")
        response = conn.getresponse()
        response.read()
        return response.status == 200
    except OSError:
        return False
    finally:
        conn.close()


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM (gunicorn stops its workers), then SIGKILL if it does not exit in time."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=STOP_TIMEOUT)
