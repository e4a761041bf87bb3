"""The decision store's tables (SQLAlchemy Core), declared once for the code and migrations.

Timestamps are stored in UTC and read back timezone-aware on both backends. Ids of
nominations and plans are random UUIDs (hex), so retries and concurrent writers never collide.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

from features import columns as col

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = sa.MetaData(naming_convention=NAMING)

APPROVED, REJECTED = "approved", "rejected"
DECISIONS = (APPROVED, REJECTED)
DRAFT, IN_REVIEW, DECIDED = "draft", "in_review", "decided"
NOMINATION_STATUSES = (DRAFT, IN_REVIEW, DECIDED)
# A plan's approval chain (PP 11/2017 Pasal 207, issue 24): drafted, verified by the unit,
# validated by the training agency, set by the head of the agency; one step at a time.
PLAN_STATES = ("draft", "verified", "validated", "set")

ID = sa.String(64)
ACTOR = sa.String(200)
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # SQLite: the rowid alias


class UtcDateTime(sa.types.TypeDecorator):
    """A timezone-aware UTC datetime on both backends (SQLite keeps no zone of its own)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store: pass an aware one")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _in(name: str, values: tuple[str, ...]) -> sa.CheckConstraint:
    allowed = ", ".join(f"'{v}'" for v in values)
    return sa.CheckConstraint(f"{name} IN ({allowed})", name=f"{name}_allowed")


nominations = sa.Table(
    "nominations",
    metadata,
    sa.Column("nomination_id", sa.String(32), primary_key=True),
    sa.Column("program_id", ID, nullable=False, index=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("note", sa.Text),
    sa.Column("budget", sa.Float),
    # the planner nominated outside the program's audience on purpose: approval allows it
    sa.Column("include_outside_audience", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("model_version", sa.String(100), nullable=False),
    sa.Column("created_by", ACTOR, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    _in("status", NOMINATION_STATUSES),
    sa.CheckConstraint("budget IS NULL OR budget >= 0", name="budget_non_negative"),
)

# The exposure record: what the planner was shown for each employee, and the decision taken.
nomination_items = sa.Table(
    "nomination_items",
    metadata,
    sa.Column(
        "nomination_id",
        sa.String(32),
        sa.ForeignKey("nominations.nomination_id", ondelete="RESTRICT"),
        primary_key=True,
    ),
    sa.Column(col.EMPLOYEE_ID, ID, primary_key=True),
    sa.Column(col.PROGRAM_ID, ID, nullable=False),  # the nomination's: counts seats by program
    sa.Column(col.UNIT_ID, ID),
    sa.Column("rank", sa.Integer, nullable=False),
    sa.Column("score", sa.Float),
    sa.Column("completion_probability", sa.Float),
    sa.Column("expected_gain", sa.Float),
    sa.Column("reasons", sa.JSON, nullable=False),
    sa.Column("model_version", sa.String(100), nullable=False),
    sa.Column("decision", sa.String(16)),
    sa.Column("reason", sa.Text),
    sa.Column("decided_by", ACTOR),
    sa.Column("decided_at", UtcDateTime),
    _in("decision", DECISIONS),
    sa.Index(None, col.PROGRAM_ID, "decision"),
    sa.Index(None, col.EMPLOYEE_ID, "decision"),
)

# One row per program: the row approvals lock (SELECT ... FOR UPDATE) before counting seats.
program_seats = sa.Table(
    "program_seats",
    metadata,
    sa.Column(col.PROGRAM_ID, ID, primary_key=True),
    sa.Column(col.CAPACITY, sa.Integer, nullable=False),
    sa.Column("approved", sa.Integer, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)

enrollments = sa.Table(
    "enrollments",
    metadata,
    sa.Column(col.EMPLOYEE_ID, ID, primary_key=True),
    sa.Column(col.PROGRAM_ID, ID, primary_key=True, index=True),
    sa.Column(col.ENROLLED_AT, sa.Date, nullable=False),
    sa.Column(col.STATUS, sa.String(16), nullable=False),
    sa.Column(col.PRE_SCORE, sa.Float),
    sa.Column(col.POST_SCORE, sa.Float),
    sa.Column(col.REACTION_SCORE, sa.Float),
    sa.Column(col.BEHAVIOR_SCORE, sa.Float),
    sa.Column("source", sa.String(32), nullable=False),
    sa.Column("updated_by", ACTOR, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    _in(col.STATUS, col.STATUSES),
)

# Append-only: triggers (see the first migration) refuse UPDATE and DELETE on both backends.
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
    sa.Column("at", UtcDateTime, nullable=False, index=True),
    sa.Column("actor", ACTOR, nullable=False, index=True),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("entity", sa.String(64), nullable=False),
    sa.Column("entity_id", sa.String(200), nullable=False),
    sa.Column("before", sa.JSON),
    sa.Column("after", sa.JSON),
    sa.Column("model_version", sa.String(100)),
)

idempotency_keys = sa.Table(
    "idempotency_keys",
    metadata,
    sa.Column("actor", ACTOR, primary_key=True),
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("route", sa.String(200), nullable=False),
    sa.Column("request_hash", sa.String(64), nullable=False),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("response", sa.JSON, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

plans = sa.Table(
    "plans",
    metadata,
    sa.Column("plan_id", sa.String(32), primary_key=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("created_by", ACTOR, nullable=False),
    sa.Column("model_version", sa.String(100), nullable=False),
    sa.Column("inputs", sa.JSON, nullable=False),
    sa.Column("result", sa.JSON, nullable=False),
    # migration 0006_plan_states; steps are in the audit log (`plan.state`)
    sa.Column("state", sa.String(16), nullable=False, server_default=PLAN_STATES[0]),
    _in("state", PLAN_STATES),
)

QUEUED, RUNNING, SUCCEEDED = "queued", "running", "succeeded"
FAILED, CANCELLED = "failed", "cancelled"
JOB_STATUSES = (QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED)

# Long work (plans, imports, trainings) run by the job worker (service/jobs/, docs/jobs.md):
# `params` is what the worker needs to run it, `result` what it answers; `error_code` and
# `error_message` never hold personal data.
jobs = sa.Table(
    "jobs",
    metadata,
    sa.Column("job_id", sa.String(32), primary_key=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("owner", ACTOR, nullable=False, index=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("progress", sa.Float, nullable=False),
    sa.Column("stage", sa.String(64)),
    sa.Column("params", sa.JSON, nullable=False),
    sa.Column("result", sa.JSON),
    sa.Column("error_code", sa.String(64)),
    sa.Column("error_message", sa.Text),
    sa.Column("created_at", UtcDateTime, nullable=False, index=True),
    sa.Column("started_at", UtcDateTime),
    sa.Column("finished_at", UtcDateTime),
    _in("status", JOB_STATUSES),
)


def utc_now() -> datetime:
    """Now, in UTC, timezone-aware: the one clock of the store."""
    return datetime.now(UTC)


# --- accounts (migration 0004_accounts; docs/security.md) ----------------------------------
USER_ROLES = ("planner", "admin")
CLIENT_ROLES = ("system", "planner")
USERNAME = sa.String(64)

# People who sign in to the workspace. `unit_ids` is the scope (a JSON list of unit ids; null:
# the whole organisation); the password hash is argon2id (argon2-cffi), never the password.
users = sa.Table(
    "users",
    metadata,
    sa.Column("username", USERNAME, primary_key=True),
    sa.Column("display_name", sa.String(200)),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("unit_ids", sa.JSON),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("created_by", ACTOR, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_by", ACTOR, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Column("last_sign_in_at", UtcDateTime),
    _in("role", USER_ROLES),
)

# One row per signed-in browser: the cookie carries the random id, this row only its SHA-256.
# Signing out deletes the row; disabling a user or changing the password deletes all of theirs.
user_sessions = sa.Table(
    "user_sessions",
    metadata,
    sa.Column("session_hash", sa.String(64), primary_key=True),
    sa.Column(
        "username",
        USERNAME,
        sa.ForeignKey("users.username", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("last_seen_at", UtcDateTime, nullable=False),
)

# Systems (and scripts of planners) calling /v1 with their own key: only its SHA-256 is kept.
api_clients = sa.Table(
    "api_clients",
    metadata,
    sa.Column("client_id", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("unit_ids", sa.JSON),
    sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_by", ACTOR, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("revoked_by", ACTOR),
    sa.Column("revoked_at", UtcDateTime),
    _in("role", CLIENT_ROLES),
)
