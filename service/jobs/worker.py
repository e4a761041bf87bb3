"""The worker: the app's engine and store, a consumer of its queue, the kinds of jobs.

On start it fails the jobs found running (their worker is gone: a restart); the queued ones
are still on the queue and run.
"""

from __future__ import annotations

import logging
from functools import partial

from flask import Flask
from huey.consumer import Consumer

from service.jobs.plan_job import run_plan
from service.jobs.queue import consumer, queue_file
from service.jobs.runner import Kind, run_job
from store import jobs as store_jobs

log = logging.getLogger(__name__)


def job_kinds() -> dict[str, Kind]:
    """Each job kind's function (`service.actions.jobs.KINDS`)."""
    from service.jobs.import_job import run_import
    from service.jobs.training_job import run_training

    return {"plan": run_plan, "import": run_import, "training": run_training}


def worker(app: Flask, workers: int = 1, embedded: bool = False) -> Consumer:
    """A consumer of `app`'s queue, after failing the jobs a previous worker left running."""
    interrupted = store_jobs.fail_interrupted(app.extensions["tna_store"])
    if interrupted:
        log.warning("%d job(s) were running when the worker stopped: failed", len(interrupted))
    runner = partial(run_job, app, kinds=job_kinds())
    return consumer(queue_file(app.config), runner, workers=workers, embedded=embedded)
