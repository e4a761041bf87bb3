"""One error shape; a 500 that leaks nothing; logs without personal data or tokens."""

from __future__ import annotations

import json
import logging

import pytest

from features import columns as col
from model.errors import NotFoundError, SelectionError
from service import create_app


@pytest.fixture
def fragile_app(trained, token_config):
    app = create_app({"ARTIFACTS_DIR": str(trained.path.parent), "TNA_API_TOKENS": token_config,
                      "RELOAD_INTERVAL": 0})  # fmt: skip

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals: /etc/passwd")

    @app.get("/library-value-error")
    def library_value_error():
        raise ValueError("secret internals: Input data must be 2 dimensional")

    @app.get("/missing")
    def missing():
        raise NotFoundError("program", "P-404")

    @app.get("/refused")
    def refused():
        raise SelectionError("the program has started", {"program_id": ["started 2026-01-05"]})

    return app


def test_unexpected_errors_answer_a_generic_500(fragile_app, caplog):
    with caplog.at_level(logging.ERROR):
        response = fragile_app.test_client().get("/boom")
    assert response.status_code == 500
    body = response.get_json()
    assert body == {"error": {"code": "internal_error", "message": "internal server error",
                              "details": {}}}  # fmt: skip
    assert "secret" not in response.get_data(as_text=True)
    assert "secret internals" in caplog.text  # the traceback goes to the log, with a request id
    assert response.headers["X-Request-Id"] in caplog.text


def test_unknown_route_and_wrong_method_have_the_error_shape(client):
    for response, status in ((client.get("/v2/nothing"), 404), (client.delete("/healthz"), 405)):
        assert response.status_code == status
        assert set(response.get_json()["error"]) == {"code", "message", "details"}


def test_logs_hold_no_employee_ids_and_no_tokens(client, employee_id, caplog, auth, tokens):
    with caplog.at_level(logging.DEBUG):
        client.get(f"/v1/employees/{employee_id}/gaps", headers=auth())
        client.get(f"/v1/employees/{employee_id}/recommendations?k=3", headers=auth("admin"))
        client.post("/v1/score", json={"pairs": [{"employee_id": employee_id, "program_id": "X"}]},
                    headers=auth("system"))  # fmt: skip
        client.get("/v1/model", headers={"Authorization": "Bearer not-a-real-token"})
    text = caplog.text
    assert "/v1/employees/<employee_id>/gaps" in text  # the route rule, not the path
    assert employee_id not in text
    for token in [*tokens.values(), "not-a-real-token"]:
        assert token not in text


def test_a_value_error_from_a_library_is_a_500_not_a_data_error(fragile_app, caplog):
    with caplog.at_level(logging.ERROR):
        response = fragile_app.test_client().get("/library-value-error")
    assert response.status_code == 500
    assert response.get_json()["error"] == {
        "code": "internal_error", "message": "internal server error", "details": {}
    }  # fmt: skip
    assert "secret" not in response.get_data(as_text=True)
    assert "Input data must be 2 dimensional" in caplog.text and "Traceback" in caplog.text


def test_a_value_error_inside_participant_selection_is_a_500(
    trained, upcoming_program_id, auth, token_config
):
    """A bundle whose program cost selection cannot use: a bug of ours, not the caller's data."""
    app = create_app({"ARTIFACTS_DIR": str(trained.path.parent), "TNA_API_TOKENS": token_config,
                      "RELOAD_INTERVAL": 0})  # fmt: skip
    engine = app.extensions["tna_holder"].engine
    engine.programs.loc[upcoming_program_id, col.COST] = float("nan")
    response = app.test_client().post(
        f"/v1/programs/{upcoming_program_id}/participants", json={"seats": 3}, headers=auth()
    )
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "internal_error"
    assert "cost" not in response.get_data(as_text=True)


def test_not_found_from_any_route_is_one_404(fragile_app):
    response = fragile_app.test_client().get("/missing")
    assert response.status_code == 404
    error = response.get_json()["error"]
    assert error == {"code": "not_found", "message": "unknown program: P-404",
                     "details": {"program": ["P-404"]}}  # fmt: skip


@pytest.mark.parametrize(
    "method, path, kind",
    [("get", "/v1/employees/NOPE/gaps", "employee"),
     ("get", "/v1/employees/NOPE/recommendations", "employee"),
     ("get", "/v1/units/NOPE/needs", "unit"),
     ("post", "/v1/programs/NOPE/participants", "program")],
)  # fmt: skip
def test_unknown_ids_name_their_kind(client, method, path, kind, auth):
    response = getattr(client, method)(
        path, headers=auth(), **({"json": {}} if method == "post" else {})
    )
    assert response.status_code == 404
    assert response.get_json()["error"]["details"] == {kind: ["NOPE"]}


def test_a_refused_selection_is_a_422_with_its_reasons(fragile_app):
    response = fragile_app.test_client().get("/refused")
    assert response.status_code == 422
    assert response.get_json()["error"] == {
        "code": "validation_error",
        "message": "the program has started",
        "details": {"program_id": ["started 2026-01-05"]},
    }


@pytest.mark.parametrize(
    "method, path, allowed",
    [("delete", "/healthz", {"GET", "HEAD", "OPTIONS"}),
     ("get", "/v1/score", {"POST", "OPTIONS"}),
     ("put", "/v1/employees/X/gaps", {"GET", "HEAD", "OPTIONS"})],
)  # fmt: skip
def test_405_names_the_allowed_methods(client, method, path, allowed, auth):
    response = getattr(client, method)(path, headers=auth("admin"))
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["Allow"].split(",")} == allowed


def test_401_tells_how_to_authenticate(client):
    missing = client.get("/v1/model")
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"] == "Bearer"
    basic = client.get("/v1/model", headers={"Authorization": "Basic abc"})
    assert basic.headers["WWW-Authenticate"] == "Bearer"
    wrong = client.get("/v1/model", headers={"Authorization": "Bearer wrong"})
    assert wrong.status_code == 401
    assert wrong.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'


def test_a_client_request_id_is_kept_and_logged(client, caplog, auth):
    with caplog.at_level(logging.INFO, logger="service.requests"):
        response = client.get("/v1/model", headers={**auth(), "X-Request-Id": "hr-42.a_B-7"})
    assert response.headers["X-Request-Id"] == "hr-42.a_B-7"
    logged = [json.loads(r.getMessage()) for r in caplog.records if r.name == "service.requests"]
    assert logged[-1]["request_id"] == "hr-42.a_B-7"


@pytest.mark.parametrize("given", ["x" * 65, "a b", "id;forged=log", "naïve", "", "a/b"])
def test_a_malformed_request_id_is_replaced(client, given):
    response = client.get("/healthz", headers={"X-Request-Id": given})
    echoed = response.headers["X-Request-Id"]
    assert echoed != given and len(echoed) == 16 and echoed.isalnum()
