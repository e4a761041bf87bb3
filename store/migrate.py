"""`python -m store.migrate`: upgrade the database at `DATABASE_URL` to the code's schema.

`make migrate` runs this. Alembic's own CLI works too: `alembic -c store/alembic.ini upgrade head`.
"""

from __future__ import annotations

import argparse
import logging
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from store.database import database_url, make_db, schema_status

MIGRATIONS = Path(__file__).parent / "migrations"
logger = logging.getLogger(__name__)


def alembic_config(url: str | None = None) -> Config:
    """Alembic's configuration, built in code: the URL goes in as an attribute (never through
    the ini parser, which would mangle a `%` in a password)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["url"] = url or database_url()
    return config


@cache
def head_revision() -> str:
    """The newest revision of `store/migrations`."""
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    if head is None:  # pragma: no cover - the first revision ships with the code
        raise RuntimeError("store/migrations has no revision")
    return head


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Upgrade the database at `url` (default `DATABASE_URL`) to `revision`."""
    command.upgrade(alembic_config(url), revision)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--revision", default="head", help="target revision (default: head)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    url = database_url()
    upgrade(url, args.revision)
    db = make_db(url)
    status = schema_status(db)
    db.dispose()
    shown = db.url.render_as_string(hide_password=True)
    print(f"database {shown} is at revision {status.current} (head {status.head})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
