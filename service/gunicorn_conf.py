"""gunicorn settings for `make serve` (gunicorn -c service/gunicorn_conf.py 'service:create_app()').

No `preload_app`: LightGBM with libgomp hangs in a forked child once the parent has touched a
model, so each worker loads the bundle itself after the fork.
"""

import os
import signal
import subprocess
import sys
import tempfile

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_WORKERS", "2"))
threads = int(os.environ.get("WEB_THREADS", "4"))
worker_class = "gthread"
timeout = 60
graceful_timeout = 30
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
preload_app = False
accesslog = None  # the app writes one structured line per request, without paths or ids
# gunicorn merges this shallowly into its own defaults, whose loggers use the handlers
# "console" and "error_console": both must exist here.
_HANDLER = {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": _HANDLER, "error_console": _HANDLER},
    "root": {"level": "INFO", "handlers": ["console"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        # gunicorn's access line holds the path, and paths hold employee ids: never written
        "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
    },
}


def on_starting(_server) -> None:
    """gunicorn's refusals as JSON (service/gunicorn_errors.py). `make run` / `make serve` on
    the embedded SQLite file: create or upgrade its schema here, so the demo needs no other
    command. A server database (PostgreSQL) is upgraded by `make migrate` only; the app
    refuses to start on one that is behind.

    A short or malformed token in `TNA_API_TOKENS` stops the start here, in the master, with
    one line (gunicorn prints a RuntimeError as `Error: ...` and exits 1), not a worker's
    traceback."""
    from service.auth import TokenConfigError, checked_tokens
    from service.config import load_config
    from service.gunicorn_errors import install
    from store.database import database_url
    from store.migrate import upgrade

    try:
        checked_tokens(load_config()["TNA_API_TOKENS"])
    except TokenConfigError as error:
        raise RuntimeError(str(error)) from None
    install()  # gunicorn's own 400/414/431 answers in the contract's JSON shape; workers inherit it
    # Metrics of every worker go to one folder, summed by /metrics (prometheus_client's
    # multiprocess mode): set here, in the master before any worker starts and imports it.
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="tna-metrics-"))
    url = database_url()
    if url.startswith("sqlite"):
        upgrade(url)


# The job worker (`python -m service.jobs`, docs/jobs.md) runs beside the web workers: started
# with the master, stopped with it (Ctrl-C or SIGTERM to gunicorn stops both). JOBS_WORKER=0
# leaves it out (a worker run elsewhere, or none).
_job_worker: list[subprocess.Popen] = []


def when_ready(_server) -> None:
    """The master is serving (the store is migrated): start the job worker beside it."""
    if os.environ.get("JOBS_WORKER", "1") == "0":
        return
    _job_worker.append(subprocess.Popen([sys.executable, "-m", "service.jobs"]))


def on_exit(_server) -> None:
    """Stop the job worker after its running job (SIGTERM: huey's graceful stop)."""
    for process in _job_worker:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)  # huey: SIGINT waits for the running job
            try:
                process.wait(timeout=graceful_timeout)
            except subprocess.TimeoutExpired:
                process.kill()


def child_exit(_server, worker) -> None:
    """A worker that ends (restart, max_requests) stops counting in the live gauges."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
