"""An OpenAPI document that says what the service really answers.

FastAPI documents every route with params as able to return its default `HTTPValidationError` 422, but the app's
own handler answers `{"detail": str, "errors": [...]}` (ValidationErrorBody), and the refusals routes raise (404,
401, 403, ...) are undocumented unless declared. Routes declare theirs with `refusals(...)`; `install` then replaces
any 422 FastAPI still adds on its own with the real body, or drops it where no request can fail validation.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI

from .schemas import ErrorBody, ValidationErrorBody

INDEX_HEADER = "X-Planqa-Index"  # the index generation a response was answered from

WHY = {
    400: "the body could not be parsed (not UTF-8, or a broken multipart body)",
    401: "no or a wrong bearer token ('Authorization: Bearer <PLANQA_API_KEY>')",
    403: "write endpoints are off: the server has no PLANQA_API_KEY",
    404: "an unknown doc_id, or no plan for the locality",
    409: "the index records no corpus folder, or the request would remove the only plan",
    413: "a file over the size limit (PLANQA_MAX_UPLOAD_MB)",
    415: "a file of a type planqa does not read",
    422: "the request does not fit this schema (blank text, a number out of range, a wrong type)",
}

_DEFAULT_422 = "#/components/schemas/HTTPValidationError"
_OWN_422 = "#/components/schemas/ValidationErrorBody"


def refusals(*codes: int, ok: int = 200, **why: str) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: each refusal code with its real body and why it happens (`why` overrides by
    code, as `e404="..."`), and the index-generation header on the success response."""
    responses: dict[int | str, dict[str, Any]] = {ok: {"headers": {INDEX_HEADER: {
        "description": "the index generation the response was answered from", "schema": {"type": "string"}}}}}
    for code in codes:
        responses[code] = {"model": ValidationErrorBody if code == 422 else ErrorBody,
                           "description": why.get(f"e{code}", WHY[code])}
    return responses


def install(app: FastAPI) -> None:
    """Generate the document once, on first request, with FastAPI's guesses about 422 put right."""

    generate = app.openapi  # FastAPI's (or whatever was installed before): it caches in app.openapi_schema

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            _fix_422(generate())
        return app.openapi_schema

    app.openapi = openapi


def _fix_422(spec: dict[str, Any]) -> None:
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    for path in spec.get("paths", {}).values():
        for operation in path.values():
            responses = operation.get("responses", {})
            default = responses.get("422", {}).get("content", {}).get("application/json", {}).get("schema", {})
            if default.get("$ref") != _DEFAULT_422:
                continue
            if _can_fail_validation(operation):
                responses["422"] = {"description": WHY[422], "content": {"application/json": {
                    "schema": {"$ref": _OWN_422}}}}
                _add_model(schemas, ValidationErrorBody)
            else:
                del responses["422"]
    if _DEFAULT_422 not in json.dumps(spec.get("paths", {})):
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)  # only HTTPValidationError refers to it


def _can_fail_validation(operation: dict[str, Any]) -> bool:
    """A body, a required query parameter or a constrained one can be invalid; a plain string in the path cannot
    (a request without it matches no route)."""
    if "requestBody" in operation:
        return True
    for param in operation.get("parameters", []):
        schema = {k: v for k, v in param.get("schema", {}).items() if k not in ("title", "description", "examples")}
        if param.get("in") == "path" and schema == {"type": "string"}:
            continue
        if param.get("required") or schema not in ({"type": "string"}, {"anyOf": [{"type": "string"},
                                                                                   {"type": "null"}]}):
            return True
    return False


def _add_model(schemas: dict[str, Any], model) -> None:
    if model.__name__ in schemas:
        return
    spec = model.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(spec.pop("$defs", {}))
    schemas[model.__name__] = spec
