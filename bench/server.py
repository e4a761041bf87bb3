"""gunicorn on a free loopback port, serving a bench artifacts folder; always terminated."""

from __future__ import annotations

import http.client
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

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
def gunicorn(
    artifacts_dir: Path,
    log: Path,
    database_url: str | None = None,
    ready_seconds: float = READY_TIMEOUT,
) -> Iterator[Server]:
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
            _wait_ready(proc, port, ready_seconds)
            workers, threads = int(env.get("WEB_WORKERS", 2)), int(env.get("WEB_THREADS", 4))
            yield Server(HOST, port, token, workers, threads)
        finally:
            _stop(proc)


def one_worker_recommendations(
    artifacts_dir: Path, log: Path, ids: Sequence[str], seed: int, requests: int,
    warm_up: int = 20, ready_seconds: float = READY_TIMEOUT,
) -> dict[str, Any]:  # fmt: skip
    """One gunicorn worker with one thread over the bundle: `requests` sequential
    recommendations of random employees of `ids` after `warm_up` untimed ones (the first
    answers build the worker's caches); the latencies, and the worker's memory after them
    (`worker_memory`)."""
    rng = random.Random(seed)
    env = {"WEB_WORKERS": "1", "WEB_THREADS": "1"}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    started = time.perf_counter()
    try:
        with gunicorn(artifacts_dir, log, ready_seconds=ready_seconds) as srv:
            ready = time.perf_counter() - started
            conn = http.client.HTTPConnection(srv.host, srv.port, timeout=120)
            headers = {"Authorization": f"Bearer {srv.token}"}
            ms, errors = [], 0
            for i in range(requests + warm_up):
                path = f"/v1/employees/{rng.choice(ids)}/recommendations?k=10"
                t = time.perf_counter()
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if i >= warm_up:
                    ms.append((time.perf_counter() - t) * 1000)
                    errors += response.status != 200
            conn.close()
            memory = worker_memory()
    finally:
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    return {
        "ready_seconds": ready,
        "requests": len(ms),
        "errors": errors,
        "p50_ms": float(np.percentile(ms, 50)),
        "p95_ms": float(np.percentile(ms, 95)),
        **memory,
    }


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


def _wait_ready(proc: subprocess.Popen, port: int, ready_seconds: float = READY_TIMEOUT) -> None:
    deadline = time.monotonic() + ready_seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode} before it was ready")
        if _ready(port):
            return
        time.sleep(0.25)
    raise RuntimeError(f"gunicorn not ready after {ready_seconds:g} s")


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
