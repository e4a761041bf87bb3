"""Single sign-on against a real OpenID Connect provider the test starts (oidc_provider.py),
driven over real HTTP with a requests session that follows the redirects."""

from __future__ import annotations

import re

import pytest
import requests

from store import accounts
from tests.service.web.oidc_provider import CLIENT_ID, CLIENT_SECRET, running_provider, serving

ACCOUNTS = "/app/admin/accounts"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture
def provider():
    with running_provider() as provider:
        yield provider


@pytest.fixture
def workspace(tmp_path, sqlite_template, provider, bare_app):
    app = bare_app(tmp_path, sqlite_template, OIDC_ISSUER=provider.issuer,
                   OIDC_CLIENT_ID=CLIENT_ID, OIDC_CLIENT_SECRET=CLIENT_SECRET)  # fmt: skip
    store = app.extensions["tna_store"]
    accounts.create_user(store, "ani", "admin", "correct horse battery", "test")
    accounts.create_user(store, "budi", "planner", "correct horse battery", "test")
    with serving(app) as url:
        yield app, url


def single_sign_on(url: str) -> requests.Response:
    browser = requests.Session()
    page = browser.get(f"{url}/app/login?next={ACCOUNTS}", timeout=10)
    assert 'id="oidc-sign-in"' in page.text
    token = CSRF.search(page.text).group(1)
    start = f"{url}/app/login/oidc?next={ACCOUNTS}"
    answer = browser.post(start, data={"csrf_token": token}, timeout=10)
    answer.browser = browser
    return answer


def test_a_user_signs_in_through_the_agency_provider(workspace, provider):
    app, url = workspace
    answer = single_sign_on(url)
    hops = [r.url for r in answer.history]
    assert any(h.startswith(f"{provider.issuer}/authorize") for h in hops)
    assert answer.status_code == 200 and answer.url == f"{url}{ACCOUNTS}"
    assert 'data-username="ani"' in answer.text  # the admin's accounts page
    assert accounts.get_user(app.extensions["tna_store"], "ani")["last_sign_in_at"] is not None
    assert accounts.session_count(app.extensions["tna_store"], "ani") == 1


@pytest.mark.parametrize("person", [{"preferred_username": "stranger"}, {"sub": "2"}])
def test_a_claim_naming_no_user_signs_nobody_in_and_creates_nobody(workspace, provider, person):
    app, url = workspace
    provider.person = {"sub": "2", **person}
    answer = single_sign_on(url)
    assert (answer.status_code == 403 and "No active account" in answer.text) or (
        "Tidak ada akun aktif" in answer.text
    )
    assert [u["username"] for u in accounts.list_users(app.extensions["tna_store"])] == [
        "ani",
        "budi",
    ]
    assert answer.browser.get(f"{url}{ACCOUNTS}", allow_redirects=False).status_code == 302


def test_a_disabled_user_cannot_sign_in_through_the_provider(workspace, provider):
    app, url = workspace
    accounts.update_user(app.extensions["tna_store"], "ani", "test", active=False)
    assert single_sign_on(url).status_code == 403


def test_a_claim_of_the_settings_names_the_user(tmp_path, sqlite_template, provider, bare_app):
    app = bare_app(tmp_path, sqlite_template, OIDC_ISSUER=provider.issuer, OIDC_CLIENT_ID=CLIENT_ID,
                   OIDC_CLIENT_SECRET=CLIENT_SECRET, OIDC_USERNAME_CLAIM="nip")  # fmt: skip
    accounts.create_user(app.extensions["tna_store"], "198001012006041001", "admin",
                         "correct horse battery", "test")  # fmt: skip
    provider.person = {"sub": "9", "preferred_username": "ani", "nip": "198001012006041001"}
    with serving(app) as url:
        answer = single_sign_on(url)
    assert answer.status_code == 200 and answer.url.endswith(ACCOUNTS)


def test_without_settings_there_is_no_button_and_no_route(tmp_path, sqlite_template, bare_app):
    client = bare_app(tmp_path, sqlite_template).test_client()
    assert b"oidc-sign-in" not in client.get("/app/login").data
    assert client.get("/app/login/oidc/callback?code=x&state=y").status_code == 404
