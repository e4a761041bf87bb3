"""A small OpenID Connect provider for the single sign-on tests, served over real HTTP.

Discovery document, authorization endpoint (authorization code flow; the person "signed in"
at the provider is `provider.person`, as if they had typed their password there), token
endpoint (client_secret_basic or _post, one-time codes), userinfo and a JWKS with a fresh
2048-bit RSA key; ID tokens are RS256 JWTs (joserfc, Authlib's JOSE library) carrying iss,
sub, aud, iat, exp, nonce and the person's claims.
"""

from __future__ import annotations

import base64
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

from flask import Flask, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server

CLIENT_ID, CLIENT_SECRET = "tna-workspace", "provider-secret-0001-abcdefghijklmnop"


class Provider:
    """The provider's state: its key, the registered client, codes given out, who is signed in."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1"})
        self.issuer = ""  # set once the server has its port
        self.person: dict[str, Any] = {"sub": "1", "preferred_username": "ani"}
        self.codes: dict[str, dict[str, Any]] = {}

    def id_token(self, nonce: str | None) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 300,
                  **self.person, **({"nonce": nonce} if nonce else {})}  # fmt: skip
        return jwt.encode({"alg": "RS256", "kid": "test-key-1"}, claims, self.key)


def provider_app(provider: Provider) -> Flask:
    app = Flask("oidc_provider")

    @app.get("/.well-known/openid-configuration")
    def discovery():
        base = provider.issuer
        return jsonify(
            issuer=base,
            authorization_endpoint=f"{base}/authorize",
            token_endpoint=f"{base}/token",
            userinfo_endpoint=f"{base}/userinfo",
            jwks_uri=f"{base}/jwks",
            response_types_supported=["code"],
            subject_types_supported=["public"],
            id_token_signing_alg_values_supported=["RS256"],
            token_endpoint_auth_methods_supported=["client_secret_basic", "client_secret_post"],
        )

    @app.get("/jwks")
    def jwks():
        return jsonify(keys=[provider.key.as_dict(private=False)])

    @app.get("/authorize")
    def authorize():
        args = request.args
        if args.get("client_id") != CLIENT_ID or args.get("response_type") != "code":
            return jsonify(error="unauthorized_client"), 400
        code = secrets.token_urlsafe(16)
        provider.codes[code] = {"nonce": args.get("nonce"), "redirect_uri": args["redirect_uri"]}
        query = urlencode({"code": code, "state": args.get("state", "")})
        return redirect(f"{args['redirect_uri']}?{query}")

    @app.post("/token")
    def token():
        client_id, secret = _client_credentials()
        if (client_id, secret) != (CLIENT_ID, CLIENT_SECRET):
            return jsonify(error="invalid_client"), 401
        given = provider.codes.pop(request.form.get("code", ""), None)  # one use only
        if given is None or given["redirect_uri"] != request.form.get("redirect_uri"):
            return jsonify(error="invalid_grant"), 400
        access = secrets.token_urlsafe(16)
        return jsonify(access_token=access, token_type="Bearer", expires_in=300,
                       id_token=provider.id_token(given["nonce"]))  # fmt: skip

    @app.get("/userinfo")
    def userinfo():
        return jsonify(provider.person)

    return app


def _client_credentials() -> tuple[str | None, str | None]:
    header = request.headers.get("Authorization", "")
    if header.startswith("Basic "):
        user, _, secret = base64.b64decode(header[6:]).decode().partition(":")
        return user, secret
    return request.form.get("client_id"), request.form.get("client_secret")


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """`app` on a free port of 127.0.0.1 in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


@contextmanager
def running_provider() -> Iterator[Provider]:
    provider = Provider()
    with serving(provider_app(provider)) as url:
        provider.issuer = url
        yield provider
