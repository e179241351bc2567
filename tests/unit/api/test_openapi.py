"""The OpenAPI document (api/openapi.py): every API route in it, and the request body's schema
the very one that validates requests (api/schema.py)."""
from __future__ import annotations

import re

from tests.support.api import STATE_DEPT, headers, token


def test_the_document_describes_every_route_of_the_api(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    paths = set(document["paths"])
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api.") and rule.endpoint not in ("api.openapi",):
            assert re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule).replace("{public_id}", "{id}") in paths, rule.rule
    assert document["components"]["securitySchemes"]["token"]["name"] == "OSDI-API-Token"


def test_a_body_built_from_the_schema_alone_records_a_signature(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    body_schema = document["paths"]["/api/v1/petitions/{slug}/signatures"]["post"]["requestBody"]
    assert body_schema["content"]["application/json"]["schema"]["$ref"].endswith("/SignatureRequest")
    person = schemas["Person"]["properties"]
    assert {"given_name", "family_name", "email_addresses", "postal_addresses", "custom_fields"} <= set(person)
    body = {"person": {"given_name": "Ann", "family_name": "Lee",
                       "email_addresses": [{"address": "ann@example.org"}],
                       "postal_addresses": [{"country": "US", "region": "CA"}]}}
    response = client.post(f"/api/v1/petitions/{STATE_DEPT}/signatures", json=body,
                           headers=headers(token(app, scope="write")))
    assert response.status_code == 201


def test_a_value_of_the_wrong_kind_is_named_as_the_schema_names_it(app, client):
    body = {"person": {"given_name": 7, "email_addresses": [{"address": ["x"]}]}}
    response = client.post(f"/api/v1/petitions/{STATE_DEPT}/signatures", json=body,
                           headers=headers(token(app, scope="write")))
    named = {error["properties"][0] for error in response.get_json()["errors"]}
    assert response.status_code == 400 and {"person.given_name", "person.email_addresses.address"} <= named


def test_the_schema_offers_the_partner_s_confirmation_that_only_a_token_allowed_to_may_send(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    flag = document["components"]["schemas"]["SignatureRequest"]["properties"]["email_confirmed_by_partner"]
    assert flag["type"] == "boolean" and flag["default"] is False and "403" in flag["description"]
    body = {"person": {"given_name": "Ann", "family_name": "Lee", "email_addresses": [{"address": "ann@example.org"}],
                       "postal_addresses": [{"country": "US", "region": "CA"}]}, "email_confirmed_by_partner": True}
    url = f"/api/v1/petitions/{STATE_DEPT}/signatures"
    assert client.post(url, json=body, headers=headers(token(app, scope="write"))).status_code == 403
    allowed = client.post(url, json=body, headers=headers(token(app, scope="write", may_confirm=True)))
    assert allowed.status_code == 201 and allowed.get_json()["status"] == "confirmed"
