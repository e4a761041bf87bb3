"""Open routes: liveness, readiness, the model, the OpenAPI document."""

from __future__ import annotations

from openapi_spec_validator import validate

from service import create_app
from service.response_schemas import ErrorSchema, ModelSchema


def test_health_and_ready(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["version"]


def test_not_ready_without_a_bundle(tmp_path, auth, token_config):
    app = create_app({"ARTIFACTS_DIR": str(tmp_path), "TNA_API_TOKENS": token_config,
                      "RELOAD_INTERVAL": 0})  # fmt: skip
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 503
    response = client.get("/v1/model", headers=auth())
    assert response.status_code == 503 and response.get_json()["error"]["code"] == "not_ready"


def test_readyz_documents_its_503_as_the_error_it_answers(client, tmp_path, token_config):
    spec = client.get("/openapi.json").get_json()
    documented = spec["paths"]["/readyz"]["get"]["responses"]["503"]
    assert documented["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    app = create_app({"ARTIFACTS_DIR": str(tmp_path), "TNA_API_TOKENS": token_config,
                      "RELOAD_INTERVAL": 0})  # fmt: skip
    answered = app.test_client().get("/readyz").get_json()
    assert ErrorSchema().validate(answered) == {} and answered["error"]["code"] == "not_ready"


def test_model_route(client, auth):
    body = client.get("/v1/model", headers=auth()).get_json()
    assert ModelSchema().validate(body) == {}
    assert {"model", "gap_coverage", "popularity", "random"} <= set(body["metrics"]["ranking"])
    for role in ("system", "admin"):  # an HR system learns the version and metrics too
        assert client.get("/v1/model", headers=auth(role)).get_json() == body


def test_openapi_document_validates_and_lists_every_route(client):
    spec = client.get("/openapi.json").get_json()
    validate(spec)
    paths = set(spec["paths"])
    assert {
        "/healthz", "/readyz", "/v1/model", "/v1/model/report",
        "/v1/employees/{employee_id}/gaps",
        "/v1/employees/{employee_id}/recommendations", "/v1/programs/{program_id}/participants",
        "/v1/units/{unit_id}/needs", "/v1/score",
    } <= paths  # fmt: skip


def test_no_tokens_configured_refuses_everything(trained):
    app = create_app({"ARTIFACTS_DIR": str(trained.path.parent), "TNA_API_TOKENS": "",
                      "RELOAD_INTERVAL": 0})  # fmt: skip
    response = app.test_client().get("/v1/model", headers={"Authorization": "Bearer x"})
    assert response.status_code == 401


def test_a_nullable_nested_body_is_its_schema_or_null_in_the_openapi_document(client):
    """apispec's OpenAPI 3.0 `anyOf: [{$ref}, {type: object, nullable: true}]` admits any
    object (`"fairness": {}`), which the API refuses: a fuzzer's schema-valid request got 422."""
    schemas = client.get("/openapi.json").get_json()["components"]["schemas"]
    fairness = schemas["ParticipantsRequest"]["properties"]["fairness"]["anyOf"]
    assert fairness[0] == {"$ref": "#/components/schemas/Fairness"}
    assert fairness[1]["enum"] == [None]


def test_a_floor_of_zero_is_outside_the_documented_range(client):
    """min_ratio is in (0, 1]: the document says 0 is excluded, so a fuzzer does not send it."""
    schemas = client.get("/openapi.json").get_json()["components"]["schemas"]
    assert schemas["Fairness"]["properties"]["min_ratio"]["exclusiveMinimum"] is True
