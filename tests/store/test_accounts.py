"""Users, sessions and API clients in the decision store, on both backends."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest
import sqlalchemy as sa

import store
from features.unit_tree import units_in_scope
from store import accounts
from store.tables import api_clients, audit_log, user_sessions, users

PASSWORD = "correct horse battery"
IDLE, ABSOLUTE = timedelta(minutes=30), timedelta(hours=12)


def test_a_user_is_stored_with_an_argon2_hash_and_signs_in(db):
    made = accounts.create_user(db, "Ana", "planner", PASSWORD, "root", "Ana S.", ["U2", "U1"])
    assert made == {**made, "username": "ana", "unit_ids": ["U1", "U2"], "active": True}
    with db.connect() as conn:
        stored = conn.execute(sa.select(users.c.password_hash)).scalar()
        audit = conn.execute(sa.select(audit_log.c.action, audit_log.c.after)).one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert audit.action == "user.created" and "password_hash" not in audit.after
    assert accounts.authenticate(db, "ANA ", PASSWORD)["username"] == "ana"
    assert accounts.get_user(db, "ana")["last_sign_in_at"] is None
    accounts.start_session(db, "ana")
    assert accounts.get_user(db, "ana")["last_sign_in_at"] is not None
    assert accounts.authenticate(db, "ana", PASSWORD + "x") is None
    assert accounts.authenticate(db, "nobody", PASSWORD) is None


def test_a_taken_username_a_short_password_and_a_bad_role_are_refused(db):
    accounts.create_user(db, "ana", "planner", PASSWORD, "root")
    with pytest.raises(store.ConflictError):
        accounts.create_user(db, "ana", "admin", PASSWORD, "root")
    with pytest.raises(store.InvalidRowsError, match="password"):
        accounts.create_user(db, "budi", "planner", "short", "root")
    with pytest.raises(store.InvalidRowsError, match="role"):
        accounts.create_user(db, "budi", "system", PASSWORD, "root")
    with pytest.raises(store.InvalidRowsError, match="username"):
        accounts.create_user(db, "bad name!", "planner", PASSWORD, "root")
    with pytest.raises(store.RecordNotFoundError):
        accounts.update_user(db, "nobody", "root", active=False)


def test_an_admin_has_no_unit_scope(db):
    """Admins read the audit log, the accounts and every import: a scope would be a promise
    the role cannot keep, so it is refused when made, when given and by a promotion."""
    with pytest.raises(store.InvalidRowsError, match="admin") as refused:
        accounts.create_user(db, "ani", "admin", PASSWORD, "root", unit_ids=["U1"])
    assert refused.value.column == "unit_ids"
    accounts.create_user(db, "ani", "admin", PASSWORD, "root")
    with pytest.raises(store.InvalidRowsError, match="admin"):
        accounts.update_user(db, "ani", "root", unit_ids=["U1"])
    accounts.create_user(db, "budi", "planner", PASSWORD, "root", unit_ids=["U1"])
    with pytest.raises(store.InvalidRowsError, match="admin"):
        accounts.update_user(db, "budi", "root", role="admin")
    promoted = accounts.update_user(db, "budi", "root", role="admin", unit_ids=None)
    assert promoted["role"] == "admin" and promoted["unit_ids"] is None
    assert accounts.update_user(db, "ani", "root", role="planner", unit_ids=["U1"])["unit_ids"]


def test_disabling_or_a_new_password_ends_every_session_at_once(db):
    accounts.create_user(db, "ana", "planner", PASSWORD, "root")
    first, second = (accounts.start_session(db, "ana") for _ in range(2))
    assert accounts.session_user(db, first, IDLE, ABSOLUTE)["username"] == "ana"
    accounts.update_user(db, "ana", "root", unit_ids=["U9"])  # a scope change keeps them
    assert accounts.session_user(db, second, IDLE, ABSOLUTE)["unit_ids"] == ["U9"]
    accounts.update_user(db, "ana", "root", password=PASSWORD + "!")
    assert accounts.session_user(db, first, IDLE, ABSOLUTE) is None
    assert accounts.session_user(db, second, IDLE, ABSOLUTE) is None
    third = accounts.start_session(db, "ana")
    accounts.update_user(db, "ana", "root", active=False)
    assert accounts.session_user(db, third, IDLE, ABSOLUTE) is None
    assert accounts.authenticate(db, "ana", PASSWORD + "!") is None  # disabled


@pytest.mark.parametrize("column", ["last_seen_at", "created_at"])
def test_an_idle_or_too_old_session_ends(db, column):
    accounts.create_user(db, "ana", "planner", PASSWORD, "root")
    sid = accounts.start_session(db, "ana")
    late = {"last_seen_at": IDLE, "created_at": ABSOLUTE}[column] + timedelta(seconds=5)
    with db.begin() as conn:
        conn.execute(sa.update(user_sessions).values({column: store.tables.utc_now() - late}))
    assert accounts.session_user(db, sid, IDLE, ABSOLUTE) is None
    assert accounts.session_count(db, "ana") == 0  # the row is gone


def test_a_client_key_is_shown_once_stored_hashed_and_revoked_at_once(db):
    made = accounts.create_client(db, "SIMPEG", "system", "root", unit_ids=["U1"])
    key = made["key"]
    assert key.startswith("tna_") and len(key) > 40
    with db.connect() as conn:
        stored = conn.execute(sa.select(api_clients.c.key_hash)).scalar()
    assert stored == accounts.digest(key) and key not in stored
    assert "key" not in accounts.list_clients(db)[0]
    assert accounts.client_by_key(db, key)["unit_ids"] == ["U1"]
    assert accounts.client_by_key(db, "tna_" + "x" * 43) is None
    accounts.revoke_client(db, made["client_id"], "root")
    assert accounts.client_by_key(db, key) is None
    assert accounts.list_clients(db) == []
    with pytest.raises(store.RecordNotFoundError):
        accounts.revoke_client(db, made["client_id"], "root")


def test_a_scope_covers_its_units_and_every_unit_below_them():
    units = pd.DataFrame(
        {
            "unit_id": ["D1", "S1", "S1a", "D2", "S2"],
            "parent_unit_id": [None, "D1", "S1", None, "D2"],
        }
    )
    assert units_in_scope(["D1"], units) == {"D1", "S1", "S1a"}
    assert units_in_scope(["S1", "D2"], units) == {"S1", "S1a", "D2", "S2"}
    assert units_in_scope(["X"], units) == {"X"}  # a unit the table does not list
    assert units_in_scope(None, units) is None  # no scope: everyone
    assert units_in_scope(["D1"], units.drop(columns="parent_unit_id")) == {"D1"}
