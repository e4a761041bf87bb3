"""`python -m service.jobs`: the job worker beside the web server (`make run`, `make serve`).

Configured like the service (`DATABASE_URL`, `ARTIFACTS_DIR`, `JOBS_QUEUE_FILE`, ...);
`JOBS_WORKERS` threads (default 1). SIGINT or SIGTERM stops it after the running job.
"""

from __future__ import annotations

import logging
import os

from service import create_app
from service.jobs.worker import worker


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # the worker serves no HTTP: a missing token list is not its concern
    app = create_app({"RELOAD_INTERVAL": float(os.environ.get("RELOAD_INTERVAL", "5"))})
    worker(app, workers=int(os.environ.get("JOBS_WORKERS", "1"))).run()


if __name__ == "__main__":
    main()
