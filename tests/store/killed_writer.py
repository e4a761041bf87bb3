"""A writer to be killed: commits one nomination, then stops inside a second transaction
that has written a nomination head without its items, and waits to be killed."""

from __future__ import annotations

import sys
import time

import sqlalchemy as sa

from store import create_nomination, make_db
from store.database import write_transaction
from store.tables import nominations, utc_now

if __name__ == "__main__":
    db = make_db(sys.argv[1])
    create_nomination(db, "P1", [{"employee_id": "E1"}], "ani", "v1")
    with write_transaction(db) as conn:
        now = utc_now()
        head = {"program_id": "P1", "status": "draft", "model_version": "v1", "created_by": "ani"}
        conn.execute(
            sa.insert(nominations).values(
                nomination_id="half", created_at=now, updated_at=now, **head
            )
        )
        print("in the middle", flush=True)
        time.sleep(120)
