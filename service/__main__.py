"""`python -m service`: the demo server behind `make run` (a token, example calls, the demo
planner's and admin's sign-ins, gunicorn).

The example calls name a real employee and a real upcoming program of the bundle that will be
served, and each carries a token whose role may make it, so they work when pasted.
"""

from __future__ import annotations

import json
import os
import secrets
import shlex
import sys
from pathlib import Path

from service.auth import PLANNER, SYSTEM, TokenConfigError, checked_tokens, parse_tokens
from service.config import load_config
from service.holder import BundleHolder


def example_ids(artifacts_dir: str | Path) -> tuple[str, str | None] | None:
    """(employee, upcoming program) from the bundle CURRENT names, or None without a bundle:
    the employee with the largest gap and the program recommended first to them."""
    holder = BundleHolder(artifacts_dir, interval=0)
    holder.reload()
    engine = holder.engine
    if engine is None:
        return None
    employee = str(engine.needs["gap_index"].idxmax())
    items = engine.recommend(employee, k=1)
    if items:
        return employee, str(items[0]["program_id"])
    upcoming = engine.state.program_ids[engine.upcoming]
    return employee, (str(upcoming[0]) if len(upcoming) else None)


def example_calls(url: str, tokens: str, employee: str, program: str | None) -> list[str]:
    """curl commands, each with a configured token whose role may call the route."""
    parsed = parse_tokens(tokens)
    planner = next((t.decode() for t, role in parsed if role in PLANNER), None)
    system = next((t.decode() for t, role in parsed if role in SYSTEM), None)
    json_body = ["-H", "Content-Type: application/json", "-d"]
    calls = []
    if planner:
        bearer = ["curl", "-H", f"Authorization: Bearer {planner}"]
        calls.append([*bearer, f"{url}/v1/employees/{employee}/recommendations?k=5"])
        calls.append([*bearer, f"{url}/v1/employees/{employee}/gaps"])
        if program:
            body = json.dumps({"seats": 10})
            calls.append([*bearer, *json_body, body, f"{url}/v1/programs/{program}/participants"])
    if system and program:
        body = json.dumps({"pairs": [{"employee_id": employee, "program_id": program}]})
        calls.append(["curl", "-H", f"Authorization: Bearer {system}", *json_body, body,
                      f"{url}/v1/score"])  # fmt: skip
    return [shlex.join(call) for call in calls]


def banner(config: dict, url: str) -> str:
    """What `make run` prints before serving: where, the token, calls that work."""
    tokens = config["TNA_API_TOKENS"]
    lines = [f"\nTNA engine on {url}  (OpenAPI: {url}/openapi.json)"]
    lines.append(f"token: {parse_tokens(tokens)[0][0].decode()}\n")
    ids = example_ids(config["ARTIFACTS_DIR"])
    if ids is None:
        lines.append(f"no bundle in {config['ARTIFACTS_DIR']} yet: run `make train`")
    else:
        lines.extend(example_calls(url, tokens, *ids))
    return "\n".join(lines) + "\n"


def demo_people(config: dict, url: str) -> list[str]:
    """The demo planner (one dinas) and admin with their sign-ins; the embedded store is
    migrated first (gunicorn would do it too, but the users must exist before they are shown).
    A server database is left alone: it is migrated by `make migrate` only."""
    from service.demo_accounts import demo_dinas, ensure_demo_users, sign_in_lines
    from store import make_db
    from store.migrate import upgrade

    if not config["DATABASE_URL"].startswith("sqlite"):
        return []
    upgrade(config["DATABASE_URL"])
    holder = BundleHolder(config["ARTIFACTS_DIR"], interval=0)
    holder.reload()
    dinas = demo_dinas(holder.engine) if holder.engine is not None else None
    store = make_db(config["DATABASE_URL"])
    try:
        return sign_in_lines(url, ensure_demo_users(store, dinas))
    finally:
        store.dispose()


def demo_tokens() -> str:
    """The demo's one admin token: 5 + 43 random characters, above `MIN_TOKEN_LENGTH`."""
    return f"demo-{secrets.token_urlsafe(32)}:admin"


def main() -> None:
    if not os.environ.get("TNA_API_TOKENS"):
        os.environ["TNA_API_TOKENS"] = demo_tokens()
    config = load_config()
    try:
        checked_tokens(config["TNA_API_TOKENS"])
    except TokenConfigError as error:
        sys.exit(f"\n{error}\n")
    url = f"http://127.0.0.1:{config['PORT']}"
    print(banner(config, url), flush=True)
    print("\n".join(demo_people(config, url)) + "\n", flush=True)
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    conf = str(Path(__file__).with_name("gunicorn_conf.py"))
    os.execv(gunicorn, [gunicorn, "-c", conf, "service:create_app()"])


if __name__ == "__main__":
    main()
