"""Signing in as a person: username and password, a new session id at each sign-in, idle and
absolute expiry, sign-out everywhere, locking a username after repeated failures, and the
admin's accounts page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from store import accounts
from store.tables import user_sessions, utc_now

PASSWORD = "correct horse battery"
ACCOUNTS = "/app/admin/accounts"


@pytest.fixture
def app(tmp_path, sqlite_template, bare_app):
    app = bare_app(tmp_path, sqlite_template, SIGN_IN_USER_FAILURE_LIMIT="3 per 15 minutes")
    store = app.extensions["tna_store"]
    accounts.create_user(store, "ani", "planner", PASSWORD, "test", unit_ids=["U1"])
    accounts.create_user(store, "root", "admin", PASSWORD, "test")
    return app


def sign_in(client, username: str, password: str = PASSWORD, status: int = 302, *, csrf_of):
    form = client.get("/app/login")
    answer = client.post("/app/login", data={"username": username, "password": password,
                         "csrf_token": csrf_of(form.data)})  # fmt: skip
    assert answer.status_code == status, answer.data[:300]
    return answer


def signed_in(client) -> bool:
    """A page only admins may open: 200 for an admin, 403 for a planner, 302 (to sign-in)
    when the session has ended."""
    return client.get(ACCOUNTS).status_code != 302


def session_id(client) -> str:
    app = client.application
    cookie = client.get_cookie("tna_session")
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)["sid"]


def test_a_user_signs_in_with_a_password_and_the_page_is_in_both_languages(app, csrf_of):
    client = app.test_client()
    page = client.get("/app/login").get_data(as_text=True)
    assert 'name="username"' in page and 'name="password"' in page and "Kata sandi" in page
    assert "oidc-sign-in" not in page  # no single sign-on without its settings
    english = client.get("/app/login?lang=en").get_data(as_text=True)
    assert "Password" in english
    assert not signed_in(client)
    sign_in(client, "ani", csrf_of=csrf_of)
    assert client.get(ACCOUNTS).status_code == 403  # signed in, as a planner
    admin = app.test_client()
    sign_in(admin, "ROOT", csrf_of=csrf_of)
    assert admin.get(ACCOUNTS).status_code == 200


@pytest.mark.parametrize("username, password", [("ani", "wrong password!"), ("nobody", PASSWORD)])
def test_a_wrong_password_or_unknown_user_is_one_message(app, username, password, csrf_of):
    client = app.test_client()
    answer = sign_in(client, username, password, status=401, csrf_of=csrf_of)
    assert "The username or password is not right." in answer.get_data(as_text=True) or (
        "Nama pengguna atau kata sandi tidak benar." in answer.get_data(as_text=True)
    )
    assert not signed_in(client)


def test_each_sign_in_gets_a_new_session_id_and_ends_the_one_before(app, csrf_of):
    client = app.test_client()
    sign_in(client, "root", csrf_of=csrf_of)
    first = session_id(client)
    sign_in(client, "root", csrf_of=csrf_of)
    second = session_id(client)
    assert first != second
    store = app.extensions["tna_store"]
    idle, absolute = timedelta(minutes=30), timedelta(hours=12)
    assert accounts.session_user(store, first, idle, absolute) is None
    assert accounts.session_count(store, "root") == 1


def test_signing_out_ends_the_session_even_for_a_copied_cookie(app, csrf_of):
    client = app.test_client()
    sign_in(client, "root", csrf_of=csrf_of)
    copy = app.test_client()
    copy.set_cookie("tna_session", client.get_cookie("tna_session").value)
    assert signed_in(copy)
    page = client.get(ACCOUNTS)
    client.post("/app/logout", data={"csrf_token": csrf_of(page.data)})
    assert not signed_in(client) and not signed_in(copy)


@pytest.mark.parametrize("change", [{"active": False}, {"password": PASSWORD + "!"}])
def test_disabling_a_user_or_a_new_password_signs_them_out_everywhere_at_once(
    app, change, auth, csrf_of
):
    browsers = [app.test_client() for _ in range(2)]
    for browser in browsers:
        sign_in(browser, "ani", csrf_of=csrf_of)
        assert signed_in(browser)
    admin = app.test_client()

    assert admin.patch("/v1/users/ani", json=change, headers=auth("admin")).status_code == 200
    assert not any(signed_in(browser) for browser in browsers)


LATE = [("last_seen_at", timedelta(minutes=31)), ("created_at", timedelta(hours=12, minutes=1))]


@pytest.mark.parametrize("column, late", LATE)
def test_an_idle_or_twelve_hour_old_session_ends(app, column, late, csrf_of):
    client = app.test_client()
    sign_in(client, "root", csrf_of=csrf_of)
    with app.extensions["tna_store"].begin() as conn:
        conn.execute(sa.update(user_sessions).values({column: utc_now() - late}))
    assert not signed_in(client)


def test_the_idle_and_absolute_limits_are_settings(tmp_path, sqlite_template, bare_app, csrf_of):
    app = bare_app(tmp_path, sqlite_template, SESSION_IDLE_MINUTES=5, SESSION_ABSOLUTE_HOURS=1)
    accounts.create_user(app.extensions["tna_store"], "root", "admin", PASSWORD, "test")
    client = app.test_client()
    sign_in(client, "root", csrf_of=csrf_of)
    with app.extensions["tna_store"].begin() as conn:
        conn.execute(sa.update(user_sessions).values(last_seen_at=utc_now() - timedelta(minutes=6)))
    assert not signed_in(client)


def test_repeated_failures_lock_the_username_for_a_while(app, csrf_of):
    attacker = app.test_client()
    for _ in range(3):
        sign_in(attacker, "ani", "wrong password!", status=401, csrf_of=csrf_of)
    # locked: even the right password, from another browser, is refused
    locked = sign_in(app.test_client(), "ani", status=429, csrf_of=csrf_of)
    assert int(locked.headers["Retry-After"]) >= 1
    sign_in(app.test_client(), "root", csrf_of=csrf_of)  # another username is not locked


def test_the_admin_page_creates_users_and_clients_and_shows_secrets_once(app, csrf_of):
    admin = app.test_client()
    sign_in(admin, "root", csrf_of=csrf_of)
    page = admin.get(ACCOUNTS)
    assert b'data-username="ani"' in page.data
    token = csrf_of(page.data)
    made = admin.post(f"{ACCOUNTS}/users", data={"username": "budi", "role": "planner",
                      "unit_ids": "U1, U2", "password": "", "csrf_token": token})  # fmt: skip
    assert made.status_code == 201
    shown = re.search(r"<code>([^<]+)</code>", made.get_data(as_text=True).split("created-user")[1])
    store = app.extensions["tna_store"]
    assert accounts.authenticate(store, "budi", shown.group(1))["unit_ids"] == ["U1", "U2"]
    assert shown.group(1) not in admin.get(ACCOUNTS).get_data(as_text=True)  # once only
    client = admin.post(f"{ACCOUNTS}/clients", data={"name": "SIMPEG", "role": "system",
                        "unit_ids": "", "csrf_token": token})  # fmt: skip
    key = re.search(r'class="api-key">([^<]+)<', client.get_data(as_text=True)).group(1)
    assert accounts.client_by_key(store, key)["role"] == "system"
    client_id = accounts.client_by_key(store, key)["client_id"]
    admin.post(f"{ACCOUNTS}/clients/{client_id}/revoke", data={"csrf_token": token})
    assert accounts.client_by_key(store, key) is None
    disabled = admin.post(f"{ACCOUNTS}/users/ani", data={"active": "0", "csrf_token": token})
    assert disabled.status_code == 200 and accounts.get_user(store, "ani")["active"] is False
    refused = admin.post(f"{ACCOUNTS}/users/root", data={"active": "0", "csrf_token": token})
    assert refused.status_code == 422  # an admin cannot lock themselves out


def test_the_accounts_page_says_a_refusal_in_the_page_language(app, csrf_of):
    """A refused form is answered in the page's language, from the refusal's code, with the
    field it is about; the API keeps its English sentence (tests/service/test_accounts_api.py)."""
    admin = app.test_client()
    sign_in(admin, "root", csrf_of=csrf_of)
    token = csrf_of(admin.get(ACCOUNTS).data)
    form = {"username": "budi", "role": "planner", "unit_ids": "", "password": "short",
            "csrf_token": token}  # fmt: skip
    indonesian = admin.post(f"{ACCOUNTS}/users", data=form)
    assert indonesian.status_code == 422
    text = indonesian.get_data(as_text=True)
    assert "harus 12 sampai 1000 karakter" in text and "characters long" not in text
    taken = admin.post(f"{ACCOUNTS}/users", data={**form, "username": "ani", "password": PASSWORD})
    assert "nama pengguna ani sudah dipakai" in taken.get_data(as_text=True)
    admin.get(f"{ACCOUNTS}?lang=en")
    english = admin.post(f"{ACCOUNTS}/users", data=form).get_data(as_text=True)
    assert "Password: must be 12 to 1000 characters long" in english
