"""Sign-in, sessions and their cookie, CSRF, security headers and the language switch."""

from __future__ import annotations

import hashlib

import pytest

from service import create_app
from service.web.session_auth import SESSION_KEYS, USER_KEYS, _fingerprint


def test_pages_ask_to_sign_in_and_come_back_after(client, csrf_of, tokens):
    answer = client.get("/app/?method=classroom")
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith("/app/login?next=")
    form = client.get(answer.headers["Location"])
    back = client.post(
        answer.headers["Location"],
        data={"token": tokens["planner"], "csrf_token": csrf_of(form.data)},
    )
    assert back.status_code == 302 and back.headers["Location"] == "/app/?method=classroom"


def test_the_root_redirects_to_the_workspace(client):
    assert client.get("/").headers["Location"].endswith("/app/")


@pytest.mark.parametrize("token", ["wrong-token", "system", ""])  # a role stands for its token
def test_only_planner_and_admin_tokens_sign_in(client, token, csrf_of, tokens):
    token = tokens.get(token, token)
    form = client.get("/app/login")
    answer = client.post("/app/login", data={"token": token, "csrf_token": csrf_of(form.data)})
    assert answer.status_code in (200, 401)
    assert "tna_session" not in answer.headers.get("Set-Cookie", "") or b"role" not in answer.data
    assert client.get("/app/").status_code == 302


def test_a_form_without_its_csrf_token_is_refused(client, tokens):
    answer = client.post("/app/login", data={"token": tokens["planner"]})
    assert answer.status_code == 400
    assert b"<html" in answer.data  # a page, not JSON
    assert client.get("/app/").status_code == 302


def test_an_open_redirect_is_not_followed(client, csrf_of, tokens):
    form = client.get("/app/login")
    answer = client.post(
        "/app/login?next=//evil.example/app",
        data={"token": tokens["planner"], "csrf_token": csrf_of(form.data)},
    )
    assert answer.headers["Location"] == "/app/"


def test_the_session_cookie_is_httponly_lax_and_secure_over_https(client, csrf_of, tokens):
    form = client.get("/app/login", base_url="https://tna.example")
    answer = client.post(
        "/app/login",
        base_url="https://tna.example",
        headers={"Referer": "https://tna.example/app/login"},  # checked over HTTPS
        data={"token": tokens["planner"], "csrf_token": csrf_of(form.data)},
    )
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    assert "Expires=" in cookie  # ends after inactivity, not with the browser
    plain = client.application.test_client()
    form = plain.get("/app/login")
    answer = plain.post("/app/login", data={"token": tokens["planner"],
                        "csrf_token": csrf_of(form.data)})  # fmt: skip
    assert "Secure" not in answer.headers["Set-Cookie"]


def test_the_cookie_holds_no_token(planner, app, tokens):
    """The cookie is compressed and signed: a substring test on it could never fail, so the
    test decodes it with the app's own serializer and reads what it carries."""
    cookie = planner.get_cookie("tna_session")
    content = app.session_interface.get_signing_serializer(app).loads(cookie.value)
    assert content["role"] == "planner" and isinstance(content["name"], str)
    assert set(content) <= {*SESSION_KEYS, *USER_KEYS, "_permanent", "csrf_token", "lang"}
    token = tokens["planner"]
    assert all(token not in str(value) for value in content.values())
    with app.test_request_context():
        assert content["token_fingerprint"] == _fingerprint(token.encode())
    assert content["token_fingerprint"] != hashlib.sha256(token.encode()).hexdigest()[:32]


def test_an_idle_session_expires(planner, monkeypatch):
    import time

    assert planner.get("/app/").status_code == 200
    later = time.time() + 31 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert planner.get("/app/").status_code == 302


def test_sign_out_ends_the_session(planner, csrf_of):
    page = planner.get("/app/")
    answer = planner.post("/app/logout", data={"csrf_token": csrf_of(page.data)})
    assert answer.status_code == 302
    assert planner.get("/app/").status_code == 302


def test_a_token_taken_out_of_the_configuration_ends_its_sessions(
    trained, tmp_path, sign_in, token_config, tokens
):
    config = {
        "ARTIFACTS_DIR": str(trained.path.parent),
        "TNA_API_TOKENS": token_config,
        "RELOAD_INTERVAL": 0,
        "SECRET_KEY": "fixed-for-this-test",
    }
    client = create_app(config).test_client()
    sign_in(client)
    assert client.get("/app/").status_code == 200
    revoked = create_app({**config, "TNA_API_TOKENS": f"{tokens['admin']}:admin"})
    cookie = client.get_cookie("tna_session")
    other = revoked.test_client()
    other.set_cookie("tna_session", cookie.value)
    assert other.get("/app/").status_code == 302


def test_without_a_secret_key_one_is_kept_private_and_shared(trained, tmp_path, token_config):
    path = tmp_path / "secret"
    config = {
        "ARTIFACTS_DIR": str(trained.path.parent),
        "TNA_API_TOKENS": token_config,
        "RELOAD_INTERVAL": 0,
        "SECRET_KEY_FILE": str(path),
    }
    first, second = create_app(config), create_app(config)
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert path.stat().st_mode & 0o077 == 0


def test_pages_carry_a_strict_content_security_policy(planner):
    headers = planner.get("/app/").headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Frame-Options"] == "DENY" and headers["Cache-Control"] == "no-store"


def test_pages_are_indonesian_until_english_is_asked_for(planner):
    page = planner.get("/app/").data.decode()
    assert '<html lang="id">' in page and "Program mendatang" in page
    english = planner.get("/app/?lang=en").data.decode()
    assert '<html lang="en">' in english and "Upcoming programs" in english
    assert '<html lang="en">' in planner.get("/app/").data.decode()  # remembered


def test_the_api_stays_json_and_token_only(planner):
    answer = planner.get("/v1/programs")
    assert answer.status_code == 401 and answer.is_json  # a session cookie is no API token
