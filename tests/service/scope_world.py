"""The world of the scope tests (issue 21): one app over the session's trained bundle, on a
store of its own, with two planners scoped to two different dinas, created through the API
as an admin does it (users for the pages, API clients for `/v1`), and what they act on.

Nothing here is a fixture: tests/service/test_scopes.py builds one `ScopeWorld` per module.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from flask import Flask
from flask.testing import FlaskClient

PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
UNKNOWN = {"employee": "999999999999999999", "unit": "NO-SUCH-UNIT",
           "nomination": "0" * 32, "plan": "0" * 32, "job": "0" * 32,
           "page_job": "0" * 32}  # fmt: skip


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@dataclass
class ScopeWorld:
    """`dinas` A and B; per family (employee, unit, nomination, plan, job) the id `in` A's
    scope, one `out` of it (in B's) and one `unknown`; `keys` the bearer keys (`a`, `b`
    scoped planners, `revoked`), `member` an employee of each nomination."""

    app: Flask
    program_id: str
    dinas: dict[str, str]
    staff: dict[str, list[str]]
    keys: dict[str, str] = field(default_factory=dict)
    clients: dict[str, str] = field(default_factory=dict)
    ids: dict[str, dict[str, str]] = field(default_factory=dict)
    member: dict[str, str] = field(default_factory=dict)
    period: tuple[str, str] = ("", "")

    def target(self, family: str, variant: str) -> str:
        return UNKNOWN[family] if variant == "unknown" else self.ids[family][variant]


def csrf(client: FlaskClient) -> str:
    """The CSRF token of the client's session, from the first page that has a form."""
    for path in ("/app/login", "/app/plans", "/app/admin/accounts"):
        found = CSRF.search(client.get(path).get_data(as_text=True))
        if found:
            return found.group(1)
    raise AssertionError("no page with a CSRF token")


def signed_in(app: Flask, username: str | None = None, token: str | None = None) -> FlaskClient:
    """A browser signed in as a user (username and password) or with a configured token."""
    client = app.test_client()
    form = {"username": username, "password": PASSWORD} if username else {"token": token}
    answer = client.post("/app/login", data={**form, "csrf_token": csrf(client)})
    assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
    return client


def two_dinas(engine: Any) -> tuple[str, str]:
    """The two top units (dinas) holding most employees, sub-units included."""
    directory = engine.directory
    tops = [u for u in directory.units if directory.parent_unit(u) is None]
    size = {u: len(directory.unit_members([u])) for u in tops}
    a, b = sorted(tops, key=lambda u: (-size[u], u))[:2]
    return a, b


def eligible(client: FlaskClient, admin: dict, program_id: str, unit_id: str) -> list[str]:
    """Employees of the unit whom the program may take (selected, then the waitlist)."""
    body = {"unit_ids": [unit_id], "fill_without_gain": True, "waitlist_size": 20}
    answer = client.post(f"/v1/programs/{program_id}/participants", json=body, headers=admin)
    assert answer.status_code == 200, answer.get_json()
    found = answer.get_json()
    return [item["employee_id"] for item in found["selected"] + found["waitlist"]]


def finished(client: FlaskClient, response: Any, headers: dict, timeout: float = 120) -> dict:
    assert response.status_code == 202, response.get_json()
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(response.headers["Location"], headers=headers).get_json()
        if job["status"] in ("succeeded", "failed", "cancelled") or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


def build(app: Flask, admin: dict) -> ScopeWorld:
    """Accounts, nominations, plans and jobs of the two planners, made through the API."""
    engine = app.extensions["tna_holder"].engine
    client = app.test_client()
    a, b = two_dinas(engine)
    program_id = str(engine.state.program_ids[engine.upcoming[0]])
    staff = {
        "a": eligible(client, admin, program_id, a),
        "b": eligible(client, admin, program_id, b),
    }
    assert len(staff["a"]) >= 3 and len(staff["b"]) >= 3, staff
    starts = engine.programs["start_date"].iloc[engine.upcoming]
    world = ScopeWorld(app, program_id, {"a": a, "b": b}, staff,
                       period=(str(starts.min().date()), str(starts.max().date())))  # fmt: skip
    for name, unit in (("a", a), ("b", b)):
        user = {"username": f"planner-{name}", "role": "planner", "unit_ids": [unit],
                "password": PASSWORD}  # fmt: skip
        made = client.post("/v1/users", json=user, headers=admin)
        assert made.status_code == 201, made.get_json()
        key = client.post("/v1/api-clients", json={"name": f"key-{name}", "role": "planner",
                          "unit_ids": [unit]}, headers=admin)  # fmt: skip
        assert key.status_code == 201, key.get_json()
        world.keys[name] = key.get_json()["key"]
    system = client.post("/v1/api-clients", json={"name": "system-a", "role": "system",
                         "unit_ids": [a]}, headers=admin)  # fmt: skip
    world.keys["system-a"] = system.get_json()["key"]
    spare = {"username": "spare", "role": "planner", "password": PASSWORD}
    assert client.post("/v1/users", json=spare, headers=admin).status_code == 201
    for name in ("revoked", "throwaway", "page-throwaway"):
        made = client.post("/v1/api-clients", json={"name": name, "role": "planner"},
                           headers=admin).get_json()  # fmt: skip
        world.keys[name], world.clients[name] = made["key"], made["client_id"]
    assert client.delete(f"/v1/api-clients/{world.clients['revoked']}",
                         headers=admin).status_code in (200, 204)  # fmt: skip
    # an admin's nomination mixing both dinas (A's planner sees A's part), and one of B only
    mixed = _nominate(client, admin, program_id, [staff["a"][0], staff["b"][0]])
    only_b = _nominate(client, admin, program_id, [staff["b"][1]])
    world.ids["nomination"] = {"in": mixed, "out": only_b}
    world.member = {"in": staff["a"][0], "out": staff["b"][1], "unknown": staff["a"][0]}
    world.ids["employee"] = {"in": staff["a"][1], "out": staff["b"][2]}
    world.ids["unit"] = {"in": a, "out": b}
    plan = {"period_start": world.period[0], "period_end": world.period[1], "budget": 50e6,
            "time_limit_s": 20}  # fmt: skip
    jobs = {}
    for who, headers in (("in", bearer(world.keys["a"])), ("out", admin)):
        jobs[who] = finished(client, client.post("/v1/plans", json=plan, headers=headers), headers)
        assert jobs[who]["status"] == "succeeded", jobs[who]
    world.ids["plan"] = {w: jobs[w]["result"]["plan_id"] for w in ("in", "out")}
    world.ids["job"] = {w: jobs[w]["job_id"] for w in ("in", "out")}
    # the pages' planner is the user planner-a: a job of their own, submitted on the page
    page = signed_in(app, "planner-a")
    form = {**plan, "csrf_token": csrf(page)}
    submitted = page.post("/app/plans", data=form)
    assert submitted.status_code == 303, submitted.get_data(as_text=True)[:300]
    world.ids["page_job"] = {"in": submitted.headers["Location"].rsplit("/", 1)[-1],
                             "out": jobs["out"]["job_id"]}  # fmt: skip
    return world


def _nominate(client: FlaskClient, admin: dict, program_id: str, ids: list[str]) -> str:
    body = {"employee_ids": ids, "include_outside_audience": True}
    made = client.post(f"/v1/programs/{program_id}/nominations", json=body, headers=admin)
    assert made.status_code == 201, made.get_json()
    return made.get_json()["nomination_id"]


def in_dinas(engine: Any, unit_id: str, employee_ids: list[str]) -> np.ndarray:
    """Whether each employee's current unit lies in the unit's family."""
    directory = engine.directory
    codes = directory.employee_codes(employee_ids)
    family = directory.unit_family(unit_id)
    return np.isin(directory.unit_of[codes], family) & (codes >= 0)
