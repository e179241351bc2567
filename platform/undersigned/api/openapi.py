"""The OpenAPI document of the whole API, served at ``/api/v1/openapi.json``. The request body's
schema is generated from the pydantic models that validate requests (:mod:`undersigned.api.schema`),
the paging parameters from :mod:`undersigned.api.paging`'s limits."""
from __future__ import annotations

from typing import Any

from flask import jsonify

from undersigned.api.auth import HEADER
from undersigned.api.blueprint import bp
from undersigned.api.paging import DEFAULT_PER_PAGE, MAX_PER_PAGE
from undersigned.api.schema import SignatureRequest

REF = "#/components/schemas/{model}"
HAL_OBJECT = {"application/hal+json": {"schema": {"type": "object"}}}
ERROR = {"description": "An OSDI-style error: description, and errors naming each property in properties",
         "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
PAGING = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "per_page", "in": "query",
     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE}},
]
FILTER = {"name": "filter", "in": "query", "schema": {"type": "string"},
          "description": "modified_date gt '2026-01-31T00:00:00Z' (or lt): what changed since a time (UTC)"}


def _answers(ok: str, *errors: int) -> dict[str, Any]:
    answers: dict[str, Any] = {ok: {"description": "OK", "content": HAL_OBJECT}}
    answers.update({str(code): ERROR for code in errors})
    return answers


def document() -> dict[str, Any]:
    """The OpenAPI 3.1 document."""
    request_schema = SignatureRequest.model_json_schema(ref_template=REF)
    schemas = request_schema.pop("$defs", {})
    schemas["SignatureRequest"] = request_schema
    schemas["Error"] = {"type": "object", "properties": {
        "response_code": {"type": "integer"}, "code": {"type": "string"}, "description": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object", "properties": {
            "code": {"type": "string"}, "description": {"type": "string"},
            "properties": {"type": "array", "items": {"type": "string"}}}}}}}
    read = {"security": [{"token": []}]}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Undersigned OSDI API", "version": "1.0",
                 "description": "Petitions (letter campaigns) and their signatures, as OSDI resources in HAL+JSON."},
        "servers": [{"url": "/"}],
        "components": {"schemas": schemas,
                       "securitySchemes": {"token": {"type": "apiKey", "in": "header", "name": HEADER}}},
        "paths": {
            "/api/v1/": {"get": {"summary": "The entry point", "responses": _answers("200")}},
            "/api/v1/petitions": {"get": {**read, "summary": "The petitions the token reaches",
                                          "parameters": PAGING, "responses": _answers("200", 401, 429)}},
            "/api/v1/petitions/{slug}": {"get": {**read, "summary": "A petition", "parameters": [SLUG],
                                                 "responses": _answers("200", 401, 403, 404, 429)}},
            "/api/v1/petitions/{slug}/signatures": {
                "get": {**read, "summary": "A page of the petition's signatures", "parameters": [SLUG, *PAGING, FILTER],
                        "responses": _answers("200", 400, 401, 403, 404, 429)},
                "post": {**read, "summary": "Record a signature (it counts once the signer confirms by e-mail, or "
                                            "at once when a token allowed to confirm sends email_confirmed_by_partner)",
                         "parameters": [SLUG], "requestBody": {"required": True, "content": {
                             "application/json": {"schema": {"$ref": REF.format(model="SignatureRequest")}}}},
                         "responses": _answers("201", 400, 401, 403, 404, 409, 413, 429)}},
            "/api/v1/petitions/{slug}/signatures/{id}": {"get": {
                **read, "summary": "One signature",
                "parameters": [SLUG, {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": _answers("200", 401, 403, 404, 429)}},
            "/c/{slug}.json": {"get": {"summary": "A campaign's open counts (no token)", "parameters": [SLUG],
                                       "responses": {"200": {"description": "OK"}, "304": {"description": "Unchanged"}}}},
        },
    }


@bp.get("/api/v1/openapi.json")
def openapi():
    response = jsonify(document())
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
