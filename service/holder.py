"""The serving bundle of one worker process, and its hot reload.

Each request takes the current Engine once and uses it to the end, so a reload never mixes
two versions within a request. A new version is loaded beside the old one (the old keeps
serving meanwhile) and swapped in by one reference assignment; a bundle that fails to load
(altered file, wrong format) is refused and logged, and the old one keeps serving.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import threading
from pathlib import Path

import pyarrow as pa

from model.bundles.files import BundleError, current_version
from model.bundles.serving import load_serving_bundle
from model.engine import Engine
from service import metrics

log = logging.getLogger(__name__)


class BundleHolder:
    def __init__(self, artifacts_dir: str | Path, interval: float = 5.0) -> None:
        self.artifacts_dir = Path(artifacts_dir)
        self.interval = interval
        self._engine: Engine | None = None
        self._refused: str | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def engine(self) -> Engine | None:
        return self._engine

    def reload(self) -> bool:
        """Load the version CURRENT names if it is new; True when a new bundle was swapped in."""
        with self._lock:
            version = current_version(self.artifacts_dir)
            serving = self._engine.version if self._engine else None
            if version is None or version in (serving, self._refused):
                return False
            try:
                engine = Engine(load_serving_bundle(self.artifacts_dir / version))
            except (BundleError, OSError, ValueError) as exc:
                self._refused = version
                metrics.RELOADS.labels("refused").inc()
                log.error("bundle %s refused, still serving %s: %s", version, serving, exc)
                return False
            self._engine = engine
            _give_back_freed_memory()
            self._refused = None
            metrics.RELOADS.labels("loaded").inc()
            metrics.serving(version, serving)
            log.info("serving bundle %s (was %s)", version, serving)
            return True

    def start(self) -> None:
        """Load what is there now, then check CURRENT every `interval` seconds in the background."""
        self.reload()
        if self.interval > 0 and self._thread is None:
            self._thread = threading.Thread(target=self._watch, name="bundle-reload", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.reload()
            except Exception:  # the watcher must outlive any one bad check
                log.exception("bundle check failed")


def _give_back_freed_memory() -> None:
    """Return to the system the memory freed by a load (the unpickling's buffers, the
    engine replaced, the lookups' temporaries): glibc's heap and Arrow's pool (the text
    columns) keep it for the process otherwise, about 70 MiB per 65,000 employees
    (docs/national.md, "A serving worker's memory"). glibc's part is skipped where the C
    library has no `malloc_trim`."""
    pa.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
