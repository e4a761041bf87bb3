"""`python -m service.jobs`: the job worker beside the web server (`make run`, `make serve`).

Configured like the service (`DATABASE_URL`, `ARTIFACTS_DIR`, `JOBS_QUEUE_FILE`, ...);
`JOBS_WORKERS` threads (default 1). SIGINT stops it after the running job; SIGTERM at once
(the running job is then failed as interrupted when a worker starts again).
"""

from __future__ import annotations

import contextlib
import logging
import os


def main() -> None:
    from service import create_app
    from service.jobs.worker import worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    app = create_app({"RELOAD_INTERVAL": float(os.environ.get("RELOAD_INTERVAL", "5"))})
    worker(app, workers=int(os.environ.get("JOBS_WORKERS", "1"))).run()


if __name__ == "__main__":
    # stopped while starting, before the consumer handles signals: nothing to say
    with contextlib.suppress(KeyboardInterrupt):
        main()
