"""A real, throwaway PostgreSQL server for tests and benchmarks, run as the `postgres` user.

PostgreSQL refuses to run as root, and tools like pytest-postgresql run initdb as the current
user, so this helper owns the temporary folder to `postgres` and calls initdb and pg_ctl
through `runuser` when the process is root. The socket lives in the temporary folder and the
server listens on a free local port; durability is switched off (a test server loses nothing
it needs to keep).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SERVER_OPTIONS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
SUPERUSER = "postgres"
# The folder of initdb and pg_ctl when PostgreSQL is installed elsewhere than Debian's layout.
BIN_DIR_VARIABLE = "TNA_POSTGRES_BIN_DIR"
# The one way to run the suite without PostgreSQL: its tests are then skipped, and the run's
# summary says so in capitals (tests/conftest.py). Without it a missing server fails them.
OPT_OUT_VARIABLE = "TNA_TESTS_WITHOUT_POSTGRES"
SKIP_REASON = "PostgreSQL tests skipped"


def postgres_opted_out() -> bool:
    """Whether this run was explicitly told to skip the PostgreSQL tests."""
    return os.environ.get(OPT_OUT_VARIABLE, "") not in ("", "0")


def missing_postgres() -> str | None:
    """Why no PostgreSQL server can be started here (naming what installs it), or None."""
    if postgres_bin_dir() is not None:
        return None
    return (
        "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb, nor initdb in "
        f"${BIN_DIR_VARIABLE} or on PATH): the decision store's tests need a real server "
        "(apt-get install -y postgresql; .ci/run installs it). To run without them on purpose, "
        f"set {OPT_OUT_VARIABLE}=1"
    )


def postgres_bin_dir() -> Path | None:
    """The PostgreSQL bin folder: `$TNA_POSTGRES_BIN_DIR`, else the newest installed one
    (Debian layout), else initdb's folder on PATH; None when there is no initdb."""
    if BIN_DIR_VARIABLE in os.environ:
        chosen = Path(os.environ[BIN_DIR_VARIABLE])
        return chosen if (chosen / "initdb").is_file() else None
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3])
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """initdb into a temporary folder, then `start()` / `stop()` the server on a free port."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="tna-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self._as_root = os.geteuid() == 0
        if self._as_root:
            user = pwd.getpwnam(SUPERUSER)
            os.chown(self.root, user.pw_uid, user.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
        )

    def url(self, database: str = "postgres") -> str:
        """An SQLAlchemy URL (psycopg 3) for `database` on this server."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 {SERVER_OPTIONS}"
        log = self.root / "server.log"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(log), "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def is_running(self) -> bool:
        status = self._command("pg_ctl", "-D", str(self.data), "status")
        return subprocess.run(status, capture_output=True, check=False).returncode == 0

    def remove(self) -> None:
        """Stop the server if it runs, and delete its folder."""
        if self.is_running():
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def _command(self, program: str, *args: str) -> list[str]:
        command = [str(self.bin_dir / program), *args]
        return ["runuser", "-u", SUPERUSER, "--", *command] if self._as_root else command

    def _run(self, program: str, *args: str) -> None:
        done = subprocess.run(
            self._command(program, *args), capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"{program} failed ({done.returncode}): {done.stderr or done.stdout}"
            )
