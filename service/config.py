"""Service configuration: defaults, then the environment, then the mapping given to create_app."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

DEFAULTS: dict[str, Any] = {
    "DATA_DIR": "data/demo",
    "ARTIFACTS_DIR": "artifacts",
    "SNAPSHOT_DATE": None,
    "PORT": 8000,
    "TNA_API_TOKENS": "",
    # the decision store (an SQLAlchemy URL); the embedded SQLite file is under the working dir
    "DATABASE_URL": "sqlite:///var/tna.sqlite3",
    # PostgreSQL: how long a request's statement may wait for a lock, and may run (ms; 0: no
    # limit). Past either it answers 503 with Retry-After instead of holding a worker; both
    # stay under gunicorn's 60 s worker timeout.
    "DATABASE_LOCK_TIMEOUT_MS": 5_000,
    "DATABASE_STATEMENT_TIMEOUT_MS": 30_000,
    # 10,000 scoring pairs of 18-digit NIPs and program ids fit in well under 2 MiB.
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    # How often each worker looks at artifacts/CURRENT for a newly promoted bundle (seconds);
    # 0 turns the background check off (reload() can still be called).
    "RELOAD_INTERVAL": 5.0,
    # The workspace's session cookie is signed with SECRET_KEY; without one, a random key is
    # kept in SECRET_KEY_FILE (0600), so every gunicorn worker and restart shares it.
    "SECRET_KEY": None,
    "SECRET_KEY_FILE": "var/secret_key",
    # A workspace session ends after this many minutes without a request.
    "SESSION_IDLE_MINUTES": 30,
    # ...and after this many hours since sign-in, however active (docs/security.md).
    "SESSION_ABSOLUTE_HOURS": 12.0,
    # Pages warn when the data snapshot is older than this many days.
    "DATA_STALE_DAYS": 45,
    # The agency's default fairness floor for participant lists and plans (docs/fairness.md):
    # "age_group:0.8" or "gender:0.8"; empty = none. A request may set its own or turn it off.
    "FAIRNESS_DEFAULT": "",
    # Failed attempts allowed per client address before 429 (service/rate_limits.py), in the
    # `limits` notation; where the counts live (memory://: per worker; redis://host for all).
    "BEARER_FAILURE_LIMIT": "20 per minute",
    "SIGN_IN_FAILURE_LIMIT": "10 per minute",
    # Failed sign-ins per username, from any address: past it the username is locked (429)
    # until the window has moved on, even with the right password (docs/security.md).
    "SIGN_IN_USER_FAILURE_LIMIT": "5 per 15 minutes",
    "RATELIMIT_STORAGE_URI": "memory://",
    # Single sign-on through the agency's OpenID Connect provider: all three set, or none (no
    # button). The claim names an existing active user; it never creates one.
    "OIDC_ISSUER": "",
    "OIDC_CLIENT_ID": "",
    "OIDC_CLIENT_SECRET": "",
    "OIDC_USERNAME_CLAIM": "preferred_username",
    # The job queue's SQLite file (huey, docs/jobs.md); empty: `jobs-queue.sqlite3` next to an
    # SQLite decision store, else under var/.
    "JOBS_QUEUE_FILE": "",
    # Uploaded HR exports (POST /v1/imports): one folder per import, and the upload's size cap.
    "IMPORTS_DIR": "var/imports",
    "MAX_UPLOAD_BYTES": 64 * 1024 * 1024,
}
_TYPES = {
    "PORT": int,
    "DATABASE_LOCK_TIMEOUT_MS": int,
    "DATABASE_STATEMENT_TIMEOUT_MS": int,
    "MAX_CONTENT_LENGTH": int,
    "RELOAD_INTERVAL": float,
    "SESSION_IDLE_MINUTES": int,
    "SESSION_ABSOLUTE_HOURS": float,
    "DATA_STALE_DAYS": int,
    "MAX_UPLOAD_BYTES": int,
}


def load_config(overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    config = dict(DEFAULTS)
    for key, default in DEFAULTS.items():
        raw = os.environ.get(key)
        if raw is not None and raw != "":
            config[key] = _TYPES.get(key, lambda v: v)(raw) if default is not None else raw
    config.update(overrides or {})
    return config
