"""The task queue: huey on an SQLite file (no server to run), carrying job ids only."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from huey import SqliteHuey
from huey.consumer import Consumer
from sqlalchemy.engine import make_url

RUN_JOB = "tna.run_job"
QUEUE_FILE_NAME = "jobs-queue.sqlite3"
_lock = threading.Lock()
_queues: dict[str, tuple[SqliteHuey, Any]] = {}
# the worker's runner of each queue file (set by `serve`); a web process has none
_runners: dict[str, Callable[[str], None]] = {}


def queue_file(config: Mapping[str, Any]) -> str:
    """`JOBS_QUEUE_FILE`, else a file next to an SQLite decision store, else under `var/`."""
    if config.get("JOBS_QUEUE_FILE"):
        return str(config["JOBS_QUEUE_FILE"])
    url = make_url(config["DATABASE_URL"])
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return str(Path(url.database).with_name(QUEUE_FILE_NAME))
    return str(Path("var") / QUEUE_FILE_NAME)


def current_queue_file() -> str:
    """The queue file of the app handling this request (or whose context is pushed)."""
    from flask import current_app

    return queue_file(current_app.config)


def job_queue(path: str) -> SqliteHuey:
    """The huey of the queue file `path`, made once per process, with its one task."""
    return _queue(path)[0]


def enqueue(path: str, job_id: str) -> None:
    """Put `job_id` on the queue for the worker: kept in the file until a worker takes it."""
    _queue(path)[1](job_id)


def _queue(path: str) -> tuple[SqliteHuey, Any]:
    with _lock:
        found = _queues.get(path)
        if found is None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            # results=False: a job's result lives in the decision store, not in the queue
            huey = SqliteHuey(name="tna-jobs", filename=path, results=False)

            def run_job(job_id: str) -> None:
                _runners[path](job_id)

            found = _queues[path] = (huey, huey.task(name=RUN_JOB, retries=0)(run_job))
        return found


class EmbeddedConsumer(Consumer):
    """A consumer that leaves the process's signal handlers alone: started from a thread that
    is not the main one (a test), or beside a server that handles signals itself."""

    def _set_signal_handlers(self) -> None:
        pass


def consumer(path: str, runner: Callable[[str], None], workers: int = 1,
             embedded: bool = False) -> Consumer:  # fmt: skip
    """A consumer of the queue at `path` whose jobs run through `runner(job_id)`."""
    huey = job_queue(path)
    _runners[path] = runner
    kind = EmbeddedConsumer if embedded else Consumer
    # periodic=False: no periodic tasks; a short delay: a queued job starts within 0.5 s
    return kind(huey, workers=workers, periodic=False, max_delay=0.5, worker_type="thread")
