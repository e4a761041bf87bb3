"""The unit scope, everywhere (issue 21, CONTRACT section 5), tried on every route and page.

`RULES` gives each endpoint of the app's URL map its scope rule; a route or page without one
fails `test_every_route_and_page_has_a_scope_rule` ("new route without a scope rule"). Then
every `/v1` route is called by an anonymous caller, a revoked key, a system key, an admin and
a planner's key scoped to one dinas (on an id inside its scope, one outside it and an unknown
one), and every `/app` page by an anonymous browser, browsers carrying a system key and a
revoked key (pages take no bearer token), an admin and a planner signed in as a user scoped to
that dinas. Outside the scope an employee, unit, nomination, plan or job answers exactly as
an unknown id does (404 for an id in the path). The two planners are made through the API.

One app over the session's trained bundle, on a store of its own, with a job worker.
"""

from __future__ import annotations

import re
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service import create_app
from tests.service.scope_world import (
    PASSWORD,
    UNKNOWN,
    ScopeWorld,
    bearer,
    build,
    csrf,
    in_dinas,
    signed_in,
)

Body = Callable[[ScopeWorld, str], dict[str, Any]]


@dataclass(frozen=True)
class Rule:
    """Who may call an endpoint and what its scope is.

    `roles`: `open` (no sign-in), `planner` (planners and admins), `admin`, `system` (system
    keys and admins), `any` (every role). `scope`: `none` (not personal: the catalogue, course
    evaluations, the model, accounts), `list` (answers list or count only the caller's scope;
    tried in `test_two_dinas_do_not_see_each_other`), `body` (an employee named in the body),
    or the family of the id in the path (`employee`, `unit`, `nomination`, `plan`, `job`):
    outside the scope, the answer of an unknown id. `ok`: the statuses of an allowed caller
    inside the scope (a documented non-2xx where the state answers so)."""

    roles: str
    scope: str = "none"
    ok: tuple[int, ...] = (200,)
    body: Body | None = None


def _why_not(w: ScopeWorld, v: str) -> dict:
    return {"employee_id": w.target("employee", v)}


def _nominate(w: ScopeWorld, v: str) -> dict:
    return {"employee_ids": [w.target("employee", v)], "include_outside_audience": True}


def _decide(w: ScopeWorld, v: str) -> dict:
    return {"decisions": [{"employee_id": w.member[v], "decision": "rejected"}]}


def _page_decide(w: ScopeWorld, v: str) -> dict:
    return _decide(w, v)["decisions"][0]


def _page_nominate(w: ScopeWorld, v: str) -> dict:
    return {"employee_ids": w.target("employee", v), "key": uuid.uuid4().hex}


def _plan(w: ScopeWorld, _v: str) -> dict:
    return {"period_start": w.period[0], "period_end": w.period[1], "budget": 50e6,
            "time_limit_s": 5}  # fmt: skip


def _pairs(w: ScopeWorld, v: str) -> dict:
    return {"pairs": [{"employee_id": w.target("employee", v), "program_id": w.program_id}]}


def _enrolment(w: ScopeWorld, v: str) -> dict:
    return {"enrollments": [{"employee_id": w.target("employee", v), "program_id": w.program_id,
                             "enrolled_at": w.period[0], "status": "in_progress"}]}  # fmt: skip


def _new_user(w: ScopeWorld, v: str) -> dict:
    _new_user.made += 1  # type: ignore[attr-defined]
    return {"username": f"new-{_new_user.made}", "role": "planner",  # type: ignore[attr-defined]
            "password": PASSWORD}  # fmt: skip


_new_user.made = 0  # type: ignore[attr-defined]

PLANNER, ADMIN, SYSTEM = "planner", "admin", "system"
RULES: dict[str, Rule] = {
    # not the workspace's nor the API's: health, metrics, the API's description, assets
    "root": Rule("open", ok=(200, 302)),
    "static": Rule("open", ok=(200, 404)),
    "health.healthz": Rule("open"),
    "health.readyz": Rule("open", ok=(200, 503)),
    "metrics": Rule("open"),
    "api-docs.openapi_json": Rule("open"),
    # /v1
    "api_clients.create": Rule(ADMIN, ok=(201,), body=lambda w, v: {"name": "k", "role": "system"}),
    "api_clients.index": Rule(ADMIN),
    "api_clients.revoke": Rule(ADMIN, ok=(200, 204)),
    "audit.audit": Rule(ADMIN),
    "employees.gaps": Rule(PLANNER, "employee"),
    "employees.history": Rule(PLANNER, "employee"),
    "employees.recommendations": Rule(PLANNER, "employee"),
    "personal_data.personal_data": Rule(ADMIN, "employee"),
    "enrollments.upsert": Rule(SYSTEM, "body", body=_enrolment),
    "evaluation.courses": Rule(PLANNER, ok=(200, 404)),
    "evaluation.program": Rule(PLANNER, ok=(200, 404)),
    "exports.siasn_csv": Rule(PLANNER, "list"),
    "exports.siasn_json": Rule(PLANNER, "list"),
    "imports.create_import": Rule(ADMIN, ok=(400, 422)),
    "imports.create_training": Rule(
        ADMIN, ok=(404, 409, 422), body=lambda w, v: {"import_id": "0" * 32}
    ),
    "jobs.list_jobs": Rule(PLANNER, "list"),
    "jobs.get_job": Rule(PLANNER, "job"),
    "jobs.cancel_job": Rule(PLANNER, "job", ok=(200, 409)),
    "model.model_info": Rule("any"),
    "model.model_report": Rule(PLANNER, ok=(200, 404)),
    "nominations.get": Rule(PLANNER, "nomination"),
    "nominations.decide": Rule(PLANNER, "nomination", body=_decide),
    "nominations.create": Rule(PLANNER, "body", ok=(201, 409, 422), body=_nominate),
    "nominations.of_program": Rule(PLANNER, "list"),
    "plans.list_plans": Rule(PLANNER, "list"),
    "plans.create_plan": Rule(PLANNER, "list", ok=(202,), body=_plan),
    "plans.get_plan": Rule(PLANNER, "plan"),
    "plans.plan_xlsx": Rule(PLANNER, "plan"),
    "plans.apply_plan": Rule(PLANNER, "plan", ok=(409,)),
    "plans.move_state": Rule(
        PLANNER, "plan", ok=(200, 403, 409), body=lambda w, v: {"to": "verified"}
    ),
    "programs.upcoming": Rule(PLANNER, "list"),
    "programs.participants": Rule(PLANNER, "list", body=lambda w, v: {}),
    "programs.why_not": Rule(PLANNER, "body", body=_why_not),
    "score.score": Rule(SYSTEM, "body", body=_pairs),
    "units.needs": Rule(PLANNER, "unit"),
    "users.create": Rule(ADMIN, ok=(201,), body=_new_user),
    "users.index": Rule(ADMIN),
    "users.update": Rule(ADMIN, body=lambda w, v: {"display_name": "Spare"}),
    # /app
    "web_programs.upcoming": Rule(PLANNER, "list"),
    "web_programs.program": Rule(PLANNER, "list"),
    "web_programs.nominate": Rule(PLANNER, "body", ok=(303, 302, 409, 422), body=_page_nominate),
    "web_programs.decide": Rule(PLANNER, "nomination", ok=(303, 302), body=_page_decide),
    "web_programs.participants_csv": Rule(PLANNER, "list"),
    "web_programs.participants_xlsx": Rule(PLANNER, "list"),
    "web_admin_accounts.accounts_page": Rule(ADMIN),
    "web_admin_accounts.create_client": Rule(
        ADMIN, ok=(201,), body=lambda w, v: {"name": "p", "role": "system"}
    ),
    "web_admin_accounts.revoke_client": Rule(ADMIN, ok=(200, 302, 303)),
    "web_admin_accounts.create_user": Rule(ADMIN, ok=(201,), body=_new_user),
    "web_admin_accounts.update_user": Rule(ADMIN, ok=(422,)),
    "web_admin.imports": Rule(ADMIN),
    "web_admin.upload": Rule(ADMIN, ok=(400, 422)),
    "web_admin.train": Rule(ADMIN, ok=(303, 404, 409, 422), body=lambda w, v: {"import_id": "0"}),
    # a version no folder holds: 409, and the session's bundle is never promoted over
    "web_admin.promote": Rule(ADMIN, ok=(409,)),
    "web_audit.audit": Rule(ADMIN),
    "web_employees.employee": Rule(PLANNER, "employee"),
    "web_evaluation.courses": Rule(PLANNER, ok=(200, 404)),
    "web_evaluation.courses_xlsx": Rule(PLANNER, ok=(200, 404)),
    "web_evaluation.course": Rule(PLANNER, ok=(200, 404)),
    "web_jobs.jobs": Rule(PLANNER, "list"),
    "web_jobs.job": Rule(PLANNER, "job", ok=(200, 303)),  # a finished plan job: to the plan
    "web_jobs.cancel": Rule(PLANNER, "job", ok=(302, 303, 409)),
    "web_login.login": Rule("open"),
    "web_oidc.start": Rule("open", ok=(302, 400, 404)),
    "web_oidc.callback": Rule("open", ok=(302, 400, 404)),
    "web_login.logout": Rule("open", ok=(302,)),
    "web_model.model": Rule(PLANNER),
    "web_model.report": Rule(PLANNER, ok=(200, 404)),
    "web_plans.plans": Rule(PLANNER, "list"),
    "web_plans.run_plan": Rule(PLANNER, "list", ok=(303,), body=_plan),
    "web_plans.plan": Rule(PLANNER, "plan"),
    "web_plans.plan_xlsx": Rule(PLANNER, "plan"),
    "web_plans.apply": Rule(PLANNER, "plan", ok=(302, 303, 409)),
    "web_plans.move_state": Rule(
        PLANNER, "plan", ok=(302, 303, 403, 409), body=lambda w, v: {"to": "verified"}
    ),
    "web_plans.siasn_completions_csv": Rule(PLANNER, "list"),
    "web_assets.static": Rule("open"),
    "web_units.unit": Rule(PLANNER, "unit"),
    "web_units.needs_xlsx": Rule(PLANNER, "unit"),
}
IN_PATH = ("employee", "unit", "nomination", "plan", "job")


@pytest.fixture(scope="module")
def world(trained, token_config, tokens, sqlite_template, tmp_path_factory,
          running_worker) -> Iterator[ScopeWorld]:  # fmt: skip
    folder = tmp_path_factory.mktemp("scopes")
    shutil.copyfile(sqlite_template, folder / "tna.sqlite3")
    app = create_app(
        {
            "ARTIFACTS_DIR": str(trained.path.parent),
            "DATABASE_URL": f"sqlite:///{folder / 'tna.sqlite3'}",
            "TNA_API_TOKENS": token_config,
            "RELOAD_INTERVAL": 0,
            "SECRET_KEY_FILE": str(folder / "secret_key"),
            "BEARER_FAILURE_LIMIT": "100000 per minute",
            "SIGN_IN_FAILURE_LIMIT": "100000 per minute",
        }
    )
    app.config["TESTING"] = False  # errors through the handlers, as in production
    with running_worker(app, folder):
        yield build(app, bearer(tokens["admin"]))


def _path(rule: Any, w: ScopeWorld, family: str, variant: str) -> str:
    values = {"program_id": w.program_id, "filename": "app.css", "username": "spare",
              "version": "no-such-bundle"}  # fmt: skip
    page = rule.rule.startswith("/app")
    for name in IN_PATH:
        ids = "page_job" if page and name == "job" else name
        values[f"{name}_id"] = w.target(ids, variant if family == name else "in")
    values["client_id"] = w.clients["page-throwaway" if page else "throwaway"]
    return _fill(rule.rule, values)


def _fill(template: str, values: dict[str, str]) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: values[m.group(1)], template)


def _method(rule: Any) -> str:
    return sorted(rule.methods - {"HEAD", "OPTIONS"})[0]


def _call(client: FlaskClient, rule: Any, w: ScopeWorld, variant: str,
          headers: dict | None = None, csrf: str | None = None) -> Any:  # fmt: skip
    spec = RULES[rule.endpoint]
    path, method = _path(rule, w, spec.scope, variant), _method(rule)
    body = spec.body(w, variant) if spec.body else None
    if rule.rule.startswith("/app") and method == "POST":
        return client.post(path, data={**(body or {}), "csrf_token": csrf or ""},
                           headers=headers)  # fmt: skip
    return client.open(path, method=method, json=body, headers=headers)


def _rules(app: Flask, prefix: str) -> list[Any]:
    found = [r for r in app.url_map.iter_rules() if r.rule.startswith(prefix)]
    # one rule per endpoint and method (a GET and a POST of /app/login are one endpoint)
    return sorted(found, key=lambda r: (r.rule, r.endpoint))


def _same_as_unknown(out: Any, unknown: Any, w: ScopeWorld, family: str) -> bool:
    """The answer about an id outside the scope is the answer about an unknown id."""
    if out.status_code != unknown.status_code:
        return False
    if not out.is_json:
        return True
    shown = out.get_data(as_text=True).replace(w.target(family, "out"), "ID")
    shown = shown.replace(w.member["out"], "ID")
    return shown == unknown.get_data(as_text=True).replace(UNKNOWN[family], "ID")


def test_every_route_and_page_has_a_scope_rule(world):
    """A new route or page must say who may call it and what its scope is, here."""
    missing = sorted({r.endpoint for r in world.app.url_map.iter_rules()} - set(RULES))
    assert not missing, f"new route without a scope rule: {missing}"
    stale = sorted(set(RULES) - {r.endpoint for r in world.app.url_map.iter_rules()})
    assert not stale, f"a scope rule of no route: {stale}"


def test_every_v1_route_by_every_caller(world, tokens):
    client, problems = world.app.test_client(), []
    callers = {"anonymous": None, "revoked": bearer(world.keys["revoked"]),
               "system": bearer(tokens["system"]), "admin": bearer(tokens["admin"]),
               "scoped": bearer(world.keys["a"])}  # fmt: skip
    for rule in _rules(world.app, "/v1"):
        spec = RULES[rule.endpoint]
        for caller, headers in callers.items():
            answer = _call(client, rule, world, "in", headers)
            role = {"anonymous": None, "revoked": None, "scoped": PLANNER}.get(caller, caller)
            expected = _expected(spec, role)
            if answer.status_code not in expected:
                problems.append(
                    f"{caller} {_method(rule)} {rule.rule}: {answer.status_code},"
                    f" expected {expected}: {answer.get_data(as_text=True)[:200]}"
                )
        if spec.scope in (*IN_PATH, "body") and spec.roles in (PLANNER, "any"):
            out = _call(client, rule, world, "out", callers["scoped"])
            unknown = _call(client, rule, world, "unknown", callers["scoped"])
            family = spec.scope if spec.scope in IN_PATH else "employee"
            if not _same_as_unknown(out, unknown, world, family) or (
                spec.scope in IN_PATH and out.status_code != 404
            ):
                problems.append(
                    f"scoped, outside {_method(rule)} {rule.rule}: {out.status_code}"
                    f" {out.get_data(as_text=True)[:200]} vs unknown"
                    f" {unknown.status_code} {unknown.get_data(as_text=True)[:200]}"
                )
    assert not problems, "\n".join(problems)


def _expected(spec: Rule, role: str | None) -> tuple[int, ...]:
    if spec.roles == "open":
        return spec.ok
    if role is None:
        return (401,)
    allowed = {"any": (PLANNER, SYSTEM, ADMIN), PLANNER: (PLANNER, ADMIN), ADMIN: (ADMIN,),
               SYSTEM: (SYSTEM, ADMIN)}[spec.roles]  # fmt: skip
    return spec.ok if role in allowed else (403,)


def test_every_app_page_by_every_caller(world, tokens):
    app, problems = world.app, []
    # one browser each, signed in once (a password's hash takes a second on a loaded machine)
    admin, scoped = signed_in(app, token=tokens["admin"]), signed_in(app, "planner-a")
    forms = {"admin": csrf(admin), "scoped": csrf(scoped)}
    for rule in _rules(app, "/app"):
        spec = RULES[rule.endpoint]
        if spec.roles == "open":
            continue  # the sign-in pages: tested in tests/service/web (a browser of its own)
        for caller in ("anonymous", "system", "revoked"):
            client = app.test_client()
            key = {"system": tokens["system"], "revoked": world.keys["revoked"]}.get(caller)
            answer = _call(client, rule, world, "in", bearer(key) if key else None, csrf(client))
            if answer.status_code != 302 or "/app/login" not in answer.headers["Location"]:
                problems.append(f"{caller} {_method(rule)} {rule.rule}: {answer.status_code}")
        for caller, client in (("admin", admin), ("scoped", scoped)):
            answer = _call(client, rule, world, "in", None, forms[caller])
            expected = _expected(spec, ADMIN if caller == "admin" else PLANNER)
            if answer.status_code not in expected:
                problems.append(
                    f"{caller} {_method(rule)} {rule.rule}: {answer.status_code},"
                    f" expected {expected}"
                )
        if spec.scope in (*IN_PATH, "body") and spec.roles == PLANNER:
            out = _call(scoped, rule, world, "out", None, forms["scoped"])
            unknown = _call(scoped, rule, world, "unknown", None, forms["scoped"])
            if out.status_code != unknown.status_code or (
                spec.scope in IN_PATH and out.status_code != 404
            ):
                problems.append(
                    f"scoped, outside {_method(rule)} {rule.rule}: "
                    f"{out.status_code} vs unknown {unknown.status_code}"
                )
    assert not problems, "\n".join(problems)


def test_two_dinas_do_not_see_each_other(world, tokens):
    """Planners of two dinas, made through the API, cannot see, select, nominate, export or
    plan each other's staff; an admin sees both."""
    client, engine = world.app.test_client(), world.app.extensions["tna_holder"].engine
    admin = bearer(tokens["admin"])
    for me, other in (("a", "b"), ("b", "a")):
        mine, theirs = bearer(world.keys[me]), world.staff[other]
        unit, their_unit = world.dinas[me], world.dinas[other]
        # see
        for path in (f"/v1/employees/{theirs[0]}/gaps", f"/v1/units/{their_unit}/needs"):
            assert client.get(path, headers=mine).status_code == 404
            assert client.get(path, headers=admin).status_code == 200
        assert client.get(f"/v1/employees/{world.staff[me][0]}/gaps",
                          headers=mine).status_code == 200  # fmt: skip
        # select: only their own staff, also when asking for the other dinas' unit
        url = f"/v1/programs/{world.program_id}/participants"
        chosen = client.post(url, json={"fill_without_gain": True}, headers=mine).get_json()
        ids = [i["employee_id"] for i in chosen["selected"] + chosen["waitlist"]]
        assert ids and in_dinas(engine, unit, ids).all()
        assert client.post(url, json={"unit_ids": [their_unit]}, headers=mine).status_code == 404
        everyone = client.post(url, json={"fill_without_gain": True}, headers=admin).get_json()
        assert everyone["summary"]["eligible"] > chosen["summary"]["eligible"]
        # nominate: the other dinas' staff are unknown
        url = f"/v1/programs/{world.program_id}/nominations"
        refused = client.post(url, json={"employee_ids": [theirs[2]]}, headers=mine)
        assert refused.status_code == 422
        assert refused.get_json()["error"]["details"] == {theirs[2]: ["not_in_bundle"]}
        # and see of an admin's nominations only their own people
        listed = client.get(url, headers=mine).get_json()["items"]
        held = [i["employee_id"] for n in listed for i in n["items"]]
        assert held and in_dinas(engine, unit, held).all()
        all_held = [i["employee_id"] for n in client.get(url, headers=admin).get_json()["items"]
                    for i in n["items"]]  # fmt: skip
        assert set(world.staff["a"][:1] + world.staff["b"][:2]) <= set(all_held)
        # export
        counts = {}
        for who, headers in (("mine", mine), ("admin", admin)):
            rows = client.get("/v1/exports/siasn-completions.json", headers=headers).get_json()
            nips = [r["nipBaru"] for r in rows["records"]]
            counts[who] = len(nips)
            if who == "mine":
                assert in_dinas(engine, unit, nips).all()
        assert counts["admin"] > counts["mine"]
        # plan: only their staff, budgets of their units only; another dinas' plan is unknown
        plans = client.get("/v1/plans", headers=mine).get_json()["items"]
        assert world.ids["plan"]["out"] not in [p["plan_id"] for p in plans]
        sent = {"period_start": world.period[0], "period_end": world.period[1], "budget": 5e7,
                "unit_budgets": {their_unit: 1e6}}  # fmt: skip
        assert client.post("/v1/plans", json=sent, headers=mine).status_code == 422
    # a system key scoped to dinas A scores and enrols A's staff only
    system = bearer(world.keys["system-a"])
    pairs = [{"employee_id": world.staff[w][0], "program_id": world.program_id} for w in "ab"]
    scored = client.post("/v1/score", json={"pairs": pairs}, headers=system).get_json()
    assert "error" not in scored["results"][0]
    assert scored["results"][1]["error"]["code"] == "not_found"
    row = {"employee_id": world.staff["b"][0], "program_id": world.program_id,
           "enrolled_at": world.period[0], "status": "in_progress"}  # fmt: skip
    enrolled = client.post("/v1/enrollments", json={"enrollments": [row]}, headers=system)
    assert enrolled.status_code == 404
    mine = bearer(world.keys["a"])
    plan = client.get(f"/v1/plans/{world.ids['plan']['in']}", headers=mine).get_json()
    planned = [p["employee_id"] for g in plan["programs"] for p in g["participants"]]
    assert planned and in_dinas(engine, world.dinas["a"], planned).all()
    assert {u["unit_id"] for u in plan["units"]} <= set(
        engine.directory.unit_family(world.dinas["a"])
    )
    assert client.get(f"/v1/plans/{world.ids['plan']['in']}", headers=admin).status_code == 200
