"""`/v1/users`, `/v1/api-clients` and the `users` CLI (CONTRACT section 5)."""

from __future__ import annotations

import pytest

from store import accounts

PASSWORD = "correct horse battery"


@pytest.fixture
def app(tmp_path, sqlite_template, bare_app):
    return bare_app(tmp_path, sqlite_template)


@pytest.fixture
def client(app):
    return app.test_client()


def test_an_admin_creates_lists_and_changes_users(client, auth):
    body = {"username": "ani", "role": "planner", "unit_ids": ["U1"], "password": PASSWORD,
            "display_name": "Ani"}  # fmt: skip
    made = client.post("/v1/users", json=body, headers=auth("admin"))
    assert made.status_code == 201, made.get_json()
    expected = {"username": "ani", "display_name": "Ani", "role": "planner", "unit_ids": ["U1"],
                "active": True, "last_sign_in_at": None}  # fmt: skip
    assert made.get_json() == expected
    assert "password" not in made.get_data(as_text=True)
    again = client.post("/v1/users", json=body, headers=auth("admin"))
    assert again.status_code == 409
    listed = client.get("/v1/users", headers=auth("admin")).get_json()["items"]
    assert [u["username"] for u in listed] == ["ani"]
    changed = client.patch("/v1/users/ani", json={"active": False, "unit_ids": None},
                           headers=auth("admin"))  # fmt: skip
    assert changed.status_code == 200
    assert changed.get_json()["active"] is False and changed.get_json()["unit_ids"] is None
    assert client.patch("/v1/users/nobody", json={"active": False},
                        headers=auth("admin")).status_code == 404  # fmt: skip
    assert client.patch("/v1/users/ani", json={}, headers=auth("admin")).status_code == 422


@pytest.mark.parametrize("role", ["planner", "system"])
def test_only_admins_manage_accounts(client, role, auth):
    body = {"username": "ani", "role": "admin", "password": PASSWORD}
    assert client.post("/v1/users", json=body, headers=auth(role)).status_code == 403
    assert client.get("/v1/api-clients", headers=auth(role)).status_code == 403
    assert client.get("/v1/users").status_code == 401


def test_an_api_client_key_works_until_revoked(client, app, auth):
    made = client.post("/v1/api-clients", json={"name": "SIMPEG", "role": "planner",
                       "unit_ids": ["U1"]}, headers=auth("admin"))  # fmt: skip
    assert made.status_code == 201, made.get_json()
    key, client_id = made.get_json()["key"], made.get_json()["client_id"]
    bearer = {"Authorization": f"Bearer {key}"}
    # a planner route, reached (its answer is about the nomination, not the caller): 404
    assert client.get("/v1/nominations/unknown", headers=bearer).status_code == 404
    assert client.get("/v1/users", headers=bearer).status_code == 403  # a planner key
    listed = client.get("/v1/api-clients", headers=auth("admin")).get_json()["items"]
    assert [c["client_id"] for c in listed] == [client_id] and "key" not in listed[0]
    assert client.delete(f"/v1/api-clients/{client_id}", headers=auth("admin")).status_code == 204
    gone = client.get("/v1/nominations/unknown", headers=bearer)
    assert gone.status_code == 401 and "invalid_token" in gone.headers["WWW-Authenticate"]
    assert client.delete(f"/v1/api-clients/{client_id}", headers=auth("admin")).status_code == 404
    # TNA_API_TOKENS keeps working beside the store's keys
    assert client.get("/v1/nominations/unknown", headers=auth("planner")).status_code == 404


def test_the_actor_of_a_key_carries_its_scope(client, app, auth):
    made = client.post("/v1/api-clients", json={"name": "dinas", "role": "system",
                       "unit_ids": ["U2", "U1"]}, headers=auth("admin")).get_json()  # fmt: skip
    from service.auth import bearer_actor

    with app.test_request_context():
        actor = bearer_actor(made["key"])
        assert actor.role == "system" and actor.unit_ids == ("U1", "U2") and actor.scoped
        assert actor.name.endswith(made["client_id"])
        assert bearer_actor("tna_unknown") is None


def test_the_users_cli_creates_lists_disables_and_resets(app):
    runner = app.test_cli_runner()
    made = runner.invoke(args=["users", "create", "ani", "--role", "planner", "--unit", "U1",
                               "--name", "Ani"], input=PASSWORD + "\n")  # fmt: skip
    assert made.exit_code == 0, made.output
    assert PASSWORD not in made.output and "scope: U1" in made.output
    store = app.extensions["tna_store"]
    assert accounts.authenticate(store, "ani", PASSWORD) is not None
    generated = runner.invoke(args=["users", "create", "budi", "--role", "admin"], input="")
    shown = generated.output.split("password (shown once): ")[1].strip()
    assert accounts.authenticate(store, "budi", shown)["role"] == "admin"
    taken = runner.invoke(args=["users", "create", "ani", "--role", "admin"], input=PASSWORD)
    assert taken.exit_code != 0 and "taken" in taken.output
    listed = runner.invoke(args=["users", "list"]).output.splitlines()
    assert listed[0].split("\t")[:4] == ["ani", "planner", "U1", "active"]
    assert runner.invoke(args=["users", "disable", "ani"]).exit_code == 0
    assert accounts.authenticate(store, "ani", PASSWORD) is None
    reset = runner.invoke(args=["users", "reset-password", "budi"], input="")
    new = reset.output.split("password (shown once): ")[1].strip()
    assert accounts.authenticate(store, "budi", shown) is None
    assert accounts.authenticate(store, "budi", new) is not None
