"""Alembic's environment: the URL comes from the config's attributes or `DATABASE_URL`."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from store.database import database_url, make_db
from store.tables import metadata

config = context.config
if config.config_file_name is not None and config.attributes.get("url") is None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def run_migrations_offline() -> None:
    context.configure(
        url=config.attributes.get("url") or database_url(),
        target_metadata=metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    db = make_db(config.attributes.get("url") or database_url())
    try:
        with db.connect() as connection:
            context.configure(
                connection=connection,
                target_metadata=metadata,
                render_as_batch=True,  # SQLite alters tables by copying them
            )
            with context.begin_transaction():
                context.run_migrations()
    finally:
        db.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
