"""`flask --app service users ...`: accounts from the shell (CONTRACT section 5).

A password is read from stdin when it is piped in (`echo "$PW" | flask ... users create ana
--role planner`), else generated and printed once; it never appears on the command line, where
`ps` and the shell history would keep it.
"""

from __future__ import annotations

import getpass
import json
import sys

import click
from flask import current_app
from flask.cli import AppGroup

from service.actions import users as user_actions
from service.actions.actor import Actor
from store import accounts
from store.audit import record_event
from store.errors import StoreError
from store.tables import USER_ROLES

users_cli = AppGroup("users", help="Create, list, disable users and reset their passwords.")


def _shell_actor() -> Actor:
    """The audit log names who ran the command: the shell's user."""
    return Actor(name=f"shell:{getpass.getuser()}", role="admin")


def _password() -> tuple[str, bool]:
    """(password, generated): a piped line from stdin, else a new random one."""
    if not sys.stdin.isatty():
        given = sys.stdin.readline().rstrip("\r\n")
        if given:
            return given, False
    return accounts.new_secret(), True


def _known_units() -> set[str] | None:
    engine = current_app.extensions["tna_holder"].engine
    return None if engine is None else engine.directory.units


def _store():
    return current_app.extensions["tna_store"]


def _fail(error: StoreError) -> None:
    raise click.ClickException(str(error))


@users_cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(USER_ROLES), required=True)
@click.option("--unit", "units", multiple=True, help="a unit of the scope (repeat for more)")
@click.option("--name", "display_name", default=None, help="the name shown on pages")
def create(username: str, role: str, units: tuple[str, ...], display_name: str | None) -> None:
    """Create USERNAME; the password is read from stdin, or generated and printed once."""
    password, generated = _password()
    body = {"username": username, "role": role, "password": password,
            "display_name": display_name, "unit_ids": list(units) or None}  # fmt: skip
    try:
        user = user_actions.create_user(_shell_actor(), _store(), body, _known_units())
    except StoreError as error:
        _fail(error)
    scope = ", ".join(user["unit_ids"]) if user["unit_ids"] else "everyone"
    click.echo(f"created {user['username']} ({user['role']}, scope: {scope})")
    if generated:
        click.echo(f"password (shown once): {password}")


@users_cli.command("list")
def list_() -> None:
    """Every user: username, role, scope, active, last sign-in."""
    for user in accounts.list_users(_store()):
        scope = ",".join(user["unit_ids"]) if user["unit_ids"] else "*"
        state = "active" if user["active"] else "disabled"
        last = user["last_sign_in_at"].isoformat() if user["last_sign_in_at"] else "-"
        click.echo(f"{user['username']}\t{user['role']}\t{scope}\t{state}\t{last}")


@users_cli.command("disable")
@click.argument("username")
def disable(username: str) -> None:
    """Disable USERNAME: every session of theirs ends at once."""
    try:
        accounts.update_user(_store(), username, _shell_actor().name, active=False)
    except StoreError as error:
        _fail(error)
    click.echo(f"disabled {username.lower()}; their sessions have ended")


@users_cli.command("reset-password")
@click.argument("username")
def reset_password(username: str) -> None:
    """A new password for USERNAME (stdin, or generated and printed once); signs them out."""
    password, generated = _password()
    try:
        accounts.update_user(_store(), username, _shell_actor().name, password=password)
    except StoreError as error:
        _fail(error)
    click.echo(f"password of {username.lower()} changed; their sessions have ended")
    if generated:
        click.echo(f"password (shown once): {password}")


@click.command("personal-data")
@click.argument("employee_id")
def personal_data_command(employee_id: str) -> None:
    """Print as JSON everything held about EMPLOYEE_ID (a person's request to see it)."""
    from service.actions.personal_data import personal_data

    engine = current_app.extensions["tna_holder"].engine
    if engine is None:
        raise click.ClickException("no model bundle is loaded: run `make train` first")
    try:
        found = personal_data(_shell_actor(), engine, _store(), employee_id)
    except (StoreError, LookupError) as error:
        raise click.ClickException(str(error)) from error
    store_record = {"action": "list.exported", "entity": "employee", "entity_id": employee_id,
                    "after": {"format": "personal-data.json"}}  # fmt: skip
    record_event(_store(), store_record, _shell_actor().name)
    click.echo(json.dumps(found, ensure_ascii=False, indent=2))
