"""Without PostgreSQL the store's tests fail (naming `.ci/run`), unless skipped on purpose,
which the run's summary says in capitals (issue 18, item 5)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.postgres_server import BIN_DIR_VARIABLE, OPT_OUT_VARIABLE

ROOT = Path(__file__).resolve().parents[2]
# one PostgreSQL test (and its SQLite twin): the smallest run that asks for the server
ONE_TEST = "tests/store/test_database.py::test_migrations_bring_an_empty_database_to_head"


def run_pytest(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """pytest in a child process on a machine where PostgreSQL looks absent."""
    child_env = {k: v for k, v in os.environ.items() if k not in (OPT_OUT_VARIABLE, "CI")}
    child_env[BIN_DIR_VARIABLE] = str(tmp_path / "no-postgres")  # a folder without initdb
    child_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", ONE_TEST],
        cwd=ROOT,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.slow  # two child pytest runs: ~10 s of CPU on a quiet machine
def test_missing_postgres_fails_naming_ci_run(tmp_path):
    done = run_pytest(tmp_path)
    assert done.returncode == 1, done.stdout
    assert "1 passed" in done.stdout and "1 error" in done.stdout  # SQLite runs, PostgreSQL fails
    assert ".ci/run" in done.stdout and OPT_OUT_VARIABLE in done.stdout


@pytest.mark.slow
def test_the_opt_out_skips_them_loudly(tmp_path):
    done = run_pytest(tmp_path, **{OPT_OUT_VARIABLE: "1"})
    assert done.returncode == 0, done.stdout
    assert "1 passed, 1 skipped" in done.stdout
    assert "1 POSTGRESQL TESTS SKIPPED" in done.stdout
    assert "DID NOT TEST THE PRODUCTION DATABASE" in done.stdout
