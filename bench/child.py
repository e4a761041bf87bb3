"""Running one heavy step in a fresh interpreter, to measure that process's own peak memory.

The child is `python -m bench.worker TASK PARAMS OUT`; its result comes back as JSON in OUT,
its peak resident set size from `os.wait4` (the rusage of exactly that process, which
`RUSAGE_CHILDREN` would mix with every earlier child).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHILD_TIMEOUT = 3 * 3600  # seconds: a child that hangs is killed, so the run always ends
LOG_TAIL = 40


class ChildError(RuntimeError):
    """A benchmark step failed in its child process."""


def run_child(task: str, params: dict[str, Any], workdir: Path, label: str) -> dict[str, Any]:
    """Run `task` of `bench.worker` with `params`; its result plus `peak_rss_bytes`.

    The child's output goes to `workdir/<label>.log`; its last lines are shown on failure.
    """
    out, log = workdir / f"{label}.json", workdir / f"{label}.log"
    command = [sys.executable, "-m", "bench.worker", task, json.dumps(params), str(out)]
    with log.open("wb") as sink:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT)
        killer = threading.Timer(CHILD_TIMEOUT, proc.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 or not out.is_file():
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-LOG_TAIL:])
        raise ChildError(f"bench task {task} failed (exit {proc.returncode}):\n{tail}")
    result = json.loads(out.read_text())
    result["peak_rss_bytes"] = usage.ru_maxrss * 1024  # Linux reports KiB
    return result
