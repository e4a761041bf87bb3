"""The decision store: nominations, decisions, live enrolments, plans and the audit log.

The service calls these functions with `db`, a SQLAlchemy engine (`make_db()`), and plain
values, and hands what they return to the engine (`model/`), which never opens a database.
"""

from store.audit import READ_ACTIONS, audit_page, record_event
from store.counts import nomination_counts
from store.database import (
    SchemaStatus,
    Timeouts,
    database_url,
    make_db,
    require_current_schema,
    schema_status,
)
from store.decisions import decide
from store.enrollments import store_rows_for_training, upsert_enrollments
from store.errors import (
    ConflictError,
    InvalidRowsError,
    RecordNotFoundError,
    Refusal,
    SchemaBehindError,
    StoreBusyError,
    StoreError,
    StoreUnavailableError,
)
from store.idempotency import request_hash
from store.live import LiveRows, live_generation, live_state
from store.nominations import (
    create_nomination,
    get_nomination,
    list_nominations,
    nomination_fingerprint,
    replayed_nomination,
)
from store.plan_states import PlanStateError, move_plan, plan_states, require_set
from store.plans import get_plan, list_plans, save_plan
from store.rules import ProgramFacts

__all__ = [
    "READ_ACTIONS",
    "ConflictError",
    "InvalidRowsError",
    "LiveRows",
    "PlanStateError",
    "ProgramFacts",
    "RecordNotFoundError",
    "Refusal",
    "SchemaBehindError",
    "SchemaStatus",
    "StoreBusyError",
    "StoreError",
    "StoreUnavailableError",
    "Timeouts",
    "audit_page",
    "create_nomination",
    "database_url",
    "decide",
    "get_nomination",
    "get_plan",
    "list_nominations",
    "list_plans",
    "live_generation",
    "live_state",
    "make_db",
    "move_plan",
    "nomination_counts",
    "nomination_fingerprint",
    "plan_states",
    "record_event",
    "replayed_nomination",
    "request_hash",
    "require_current_schema",
    "require_set",
    "save_plan",
    "schema_status",
    "store_rows_for_training",
    "upsert_enrollments",
]
