"""The OpenAPI document tells the truth: schemathesis generates requests from it, valid and invalid, sends them to
the real app (in-process ASGI, the seed index) and checks that every answer has a documented status code and
matches its documented body, and that nothing is a 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

# Each operation in each mode gets this many generated requests, drawn deterministically so that CI is repeatable;
# the whole file runs in well under two minutes on 2 cores. The write endpoints stay in: the test app has no
# PLANQA_API_KEY, so they answer their documented 403 and the shared index never changes.
MAX_EXAMPLES = 10
CHECK = settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                 suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="session")
def api_schema(app):
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def _operations(api_schema):
    operations = []
    for result in api_schema.get_all_operations():
        operations.append(result.ok())  # an operation schemathesis cannot read fails here, with its reason
    return operations


def _failures(api_schema, strategies_of, negative: bool = False) -> dict[str, str]:
    """Run every operation's cases through all of schemathesis's checks (no 5xx, a documented status code, the
    documented body and content type, invalid data refused, valid data accepted); failures by operation."""
    failures = {}
    for operation in _operations(api_schema):
        for strategy in strategies_of(operation):
            @given(case=strategy)
            @CHECK
            def check(case):
                case.call_and_validate()

            try:
                check()
            except Unsatisfiable:
                if negative:  # no invalid request exists for it (no parameters, or only a path string)
                    continue
                raise
            except Exception as e:  # noqa: BLE001 - every operation's failure is reported, not only the first
                failures[operation.label] = f"{type(e).__name__}: {e}"[:3000]
                break
    return failures


# Written out rather than through schemathesis's pytest integration (`schema.parametrize()`): its lazy loader, the
# one that can take the session's app fixture, reads a private pytest attribute that pytest 9 removed.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_every_operation_answers_as_documented(api_schema, mode):
    failures = _failures(api_schema, lambda operation: [operation.as_strategy(generation_mode=mode)],
                         negative=mode == GenerationMode.NEGATIVE)
    assert not failures, "\n\n".join(f"{label}\n{why}" for label, why in failures.items())


def test_the_documented_examples_are_answered_as_documented(api_schema):
    failures = _failures(api_schema, lambda operation: operation.get_strategies_from_examples())
    assert not failures, "\n\n".join(f"{label}\n{why}" for label, why in failures.items())


def test_refusals_are_documented_with_their_real_bodies(client):
    spec = client.get("/openapi.json").json()
    paths, schemas = spec["paths"], spec["components"]["schemas"]
    assert "HTTPValidationError" not in schemas  # FastAPI's default 422 body is not what the app sends
    assert paths["/documents/{doc_id}"]["get"]["responses"]["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorBody"}
    for path, method in [("/search", "post"), ("/ask", "post"), ("/indicators", "get")]:
        body = paths[path][method]["responses"]["422"]["content"]["application/json"]["schema"]
        assert body == {"$ref": "#/components/schemas/ValidationErrorBody"}, path
    assert set(paths["/documents"]["post"]["responses"]) >= {"201", "401", "403", "413", "415", "422"}
    assert "422" not in paths["/documents/{doc_id}"]["get"]["responses"]  # a path string cannot be invalid
    # and the bodies are what the app sends
    invalid = client.post("/search", json={"query": "chỉ tiêu", "k": 0})
    assert invalid.status_code == 422 and set(invalid.json()) == {"detail", "errors"}
    assert invalid.json()["errors"][0]["loc"] == ["body", "k"]
    unknown = client.get("/documents/KH-999")
    assert unknown.status_code == 404 and "unknown doc_id" in unknown.json()["detail"]


# the chat endpoint's OpenAI bodies are described by their own module (service/chat.py)
OTHER_MODULES = {"AssistantMessage", "ChatCompletion", "ChatCompletionRequest", "ChatMessage", "Choice", "ContentPart",
                 "ErrorDetail", "ModelCard", "ModelList", "OpenAIError", "StreamOptions", "Usage"}


def test_every_operation_and_field_is_described_with_an_example(client):
    spec = client.get("/openapi.json").json()
    ours = {"/health", "/search", "/ask", "/documents", "/documents/{doc_id}", "/indicators"}
    for path in ours:
        for method, operation in spec["paths"][path].items():
            assert operation.get("summary") and operation.get("description"), (method, path)
            for param in operation.get("parameters", []):
                assert param.get("description") and param["schema"].get("examples"), (path, param["name"])
    for name, model in spec["components"]["schemas"].items():
        if name in OTHER_MODULES or name.startswith("Body_"):
            continue
        for field, prop in model["properties"].items():
            assert prop.get("description"), (name, field)
            if "items" not in prop and "$ref" not in prop:  # a list or an object has its examples inside
                assert "examples" in prop, (name, field)
    indicators = client.get("/indicators", params={"locality": "Hải Dương", "number": 14}).json()["indicators"]
    assert indicators[0]["agencies"] == ["Sở Tư pháp"] and indicators[0]["targets"][0]["value"] == "99%"
