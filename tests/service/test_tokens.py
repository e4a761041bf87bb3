"""Tokens at start-up: too short is refused with one clear line; every token is its own client."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from service import create_app
from service.__main__ import demo_tokens
from service.auth import MIN_TOKEN_LENGTH, TokenConfigError, checked_tokens, parse_named_tokens

ROOT = Path(__file__).resolve().parents[2]
SHORT = "s3cret-but-short-token-29chars"[:29]
GOOD = "g" * MIN_TOKEN_LENGTH


def test_a_short_token_is_refused_by_create_app(tmp_path):
    spec = f"{GOOD}:planner,{SHORT}:admin"
    with pytest.raises(TokenConfigError, match="at least 32 characters") as refused:
        create_app({"ARTIFACTS_DIR": str(tmp_path), "TNA_API_TOKENS": spec})
    assert "entry 2 (role admin, 29 characters)" in str(refused.value)
    assert SHORT not in str(refused.value) and GOOD not in str(refused.value)
    assert checked_tokens(f"{GOOD}:planner")  # exactly 32 is enough


def _start(command: list[str], tmp_path: Path, tokens: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "TNA_API_TOKENS": tokens, "ARTIFACTS_DIR": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'tna.sqlite3'}", "PORT": "0",
           "HOST": "127.0.0.1"}  # fmt: skip
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_gunicorn_refuses_a_short_token_in_one_line(tmp_path):
    """`make serve`: the master stops in on_starting, before any worker, without a traceback."""
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn, "-c", "service/gunicorn_conf.py", "service:create_app()"]
    done = _start(command, tmp_path, f"{SHORT}:planner")
    assert done.returncode == 1
    assert "at least 32 characters" in done.stderr and "Traceback" not in done.stderr
    assert SHORT not in done.stderr


def test_make_run_refuses_a_short_token_and_makes_a_long_one(tmp_path):
    done = _start([sys.executable, "-m", "service"], tmp_path, f"{SHORT}:admin")
    assert done.returncode == 1
    assert "at least 32 characters" in done.stderr and "Traceback" not in done.stderr
    ((token, role, _),) = checked_tokens(demo_tokens())
    assert role == "admin" and len(token) >= MIN_TOKEN_LENGTH


def test_every_unnamed_token_is_its_own_client():
    """Two unnamed planner tokens no longer share the name `planner` (audit actor, keys)."""
    one, two = "a" * 40, "b" * 40
    (_, _, first), (_, _, second), (_, _, named) = parse_named_tokens(
        f"{one}:planner,{two}:planner,{'c' * 40}:planner:ani"
    )
    assert first != second and first.startswith("planner-") and second.startswith("planner-")
    assert named == "ani" and one not in first
    assert parse_named_tokens(f"{one}:planner")[0][2] == first  # stable across starts
