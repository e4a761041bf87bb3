"""One error shape; a 500 that leaks nothing; logs without personal data or tokens."""

from __future__ import annotations

import logging

import pytest

from service import create_app
from tests.service.conftest import TOKENS, auth, token_config


@pytest.fixture
def fragile_app(trained):
    app = create_app({"ARTIFACTS_DIR": str(trained.path.parent), "TNA_API_TOKENS": token_config(),
                      "RELOAD_INTERVAL": 0})  # fmt: skip

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals: /etc/passwd")

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


def test_logs_hold_no_employee_ids_and_no_tokens(client, employee_id, caplog):
    with caplog.at_level(logging.DEBUG):
        client.get(f"/v1/employees/{employee_id}/gaps", headers=auth())
        client.get(f"/v1/employees/{employee_id}/recommendations?k=3", headers=auth("admin"))
        client.post("/v1/score", json={"pairs": [{"employee_id": employee_id, "program_id": "X"}]},
                    headers=auth("system"))  # fmt: skip
        client.get("/v1/model", headers={"Authorization": "Bearer not-a-real-token"})
    text = caplog.text
    assert "/v1/employees/<employee_id>/gaps" in text  # the route rule, not the path
    assert employee_id not in text
    for token in [*TOKENS.values(), "not-a-real-token"]:
        assert token not in text
