"""OSDI write (api/osdi.py, api/write.py, api/person.py): a partner records a signature through the sign form's own rules and
double opt-in, or confirmed at once with a token allowed to say the partner confirmed the address;
every problem is a 4xx naming the field, never a 5xx, never a row."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.support.api import SENATE, STATE_DEPT, headers, signed, token
from undersigned.api.models import ApiToken, WebhookDelivery
from undersigned.audit.models import AuditEntry
from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage
from undersigned.signing.models import Signature

URL = f"/api/v1/petitions/{STATE_DEPT}/signatures"
PERSON = {"person": {"given_name": "Jane", "family_name": "Doe",
                     "email_addresses": [{"address": "Jane.Doe+crm@Example.org", "primary": True}],
                     "postal_addresses": [{"country": "US", "region": "OR"}], "languages_spoken": ["ru"]},
          "referrer_data": {"referrer": "partner1"}}


def _rows(app) -> tuple[int, int]:
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(Signature)),
                db.session.scalar(select(func.count()).select_from(OutboxMessage)))


def test_a_partner_records_a_pending_signature_that_gets_the_confirmation_e_mail(app, client):
    response = client.post(URL, json=PERSON, headers=headers(token(app, scope="write")))
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["status"] == "pending" and response.get_json()["person"] is None
    with app.app_context():
        signature = db.session.scalar(select(Signature))
        message = db.session.scalar(select(OutboxMessage))
    assert signature.email_canonical == "jane.doe+crm@example.org" and signature.locale == "ru"
    assert signature.fields["country"] == "US" and signature.fields["us_state"] == "OR"
    assert signature.referral == "partner1"
    assert (message.kind, message.to_address) == ("confirm", "Jane.Doe+crm@example.org")
    assert client.get(f"/c/{STATE_DEPT}.json").get_json()["count"] == 0  # counts once confirmed


def test_a_second_signature_from_the_same_mailbox_is_409(app, client):
    signed(app, "JANE.DOE+crm@example.org")
    response = client.post(URL, json=PERSON, headers=headers(token(app, scope="write")))
    assert response.status_code == 409 and response.get_json()["code"] == "CONFLICT"
    assert _rows(app)[0] == 1


def test_each_field_s_problem_is_named(app, client):
    body = {"person": {"given_name": "", "family_name": "Doe", "email_addresses": [{"address": "not-an-address"}],
                       "postal_addresses": [{"country": "US"}]}}
    response = client.post(URL, json=body, headers=headers(token(app, scope="write")))
    assert response.status_code == 400
    named = {error["properties"][0] for error in response.get_json()["errors"]}
    assert {"person.given_name", "person.email_addresses.address", "person.postal_addresses.region"} <= named
    assert _rows(app) == (0, 0)


def test_a_read_token_cannot_write_and_a_token_for_one_campaign_cannot_write_another(app, client):
    assert client.post(URL, json=PERSON, headers=headers(token(app))).status_code == 403
    other = client.post(f"/api/v1/petitions/{SENATE}/signatures", json=PERSON,
                        headers=headers(token(app, STATE_DEPT, scope="write")))
    assert other.status_code == 403
    assert client.post(URL, json=PERSON).status_code == 401
    assert _rows(app) == (0, 0)


@pytest.mark.config(RATELIMIT_SIGN_EMAIL="1 per hour")
def test_the_per_mailbox_limit_of_the_form_holds_with_retry_after(app, client):
    secret = token(app, scope="write")
    client.post(URL, json=PERSON, headers=headers(secret))
    again = dict(PERSON, person=dict(PERSON["person"], email_addresses=[{"address": "jane.doe+crm@EXAMPLE.org"}]))
    response = client.post(URL, json=again, headers=headers(secret))
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0


HOSTILE = [
    b"", b"not json", b"[]", b"null", b"42", b'"text"', b'{"person": []}', b'{"person": "x"}',
    b'{"person": {"given_name": 5}}', b'{"person": {"given_name": ["a"]}}', b'{"person": {"email_addresses": {}}}',
    b'{"person": {"email_addresses": ["a@example.org"]}}', b'{"person": {"email_addresses": [null]}}',
    b'{"person": {"postal_addresses": [{"country": {"$gt": ""}}]}}', b'{"person": {"custom_fields": []}}',
    b'{"person": {"given_name": "\\ud800", "family_name": "\\u0000", "email_addresses": [{"address": "a@example.org"}]}}',
    b'{"person": {"given_name": "' + b"A" * 5000 + b'", "family_name": "Doe", "email_addresses": [{"address": "a@example.org"}]}}',
    b'{"person": {"given_name": "Jane", "family_name": "Doe", "email_addresses": [{"address": "a@example.org\\r\\nBcc: x@example.org"}]}}',
    b'{"person": {"given_name": "Jane", "family_name": "Doe", "email_addresses": [{"address": "a@example.org"}], '
    b'"postal_addresses": [{"country": "ZZ"}]}}',
    b'{"person": {"given_name": "<script>", "family_name": "Doe", "email_addresses": [{"address": "a@example.org"}]}}',
    b'{"referrer_data": [], "person": {"languages_spoken": {"a": 1}}}',
    b"[" * 10000 + b"]" * 10000,
    b'{"a": ' * 3000 + b"1" + b"}" * 3000,
]


@pytest.mark.parametrize("raw", HOSTILE, ids=range(len(HOSTILE)))
def test_a_hostile_body_is_a_4xx_and_writes_nothing(app, client, raw):
    response = client.post(URL, data=raw, content_type="application/json",
                           headers=headers(token(app, scope="write")))
    assert 400 <= response.status_code < 500, (response.status_code, response.get_data(as_text=True)[:300])
    assert response.is_json
    assert _rows(app) == (0, 0)


def test_a_body_over_the_size_limit_is_a_413_in_json(app, client):
    raw = b'{"person": {"given_name": "' + b"A" * 70000 + b'"}}'
    response = client.post(URL, data=raw, content_type="application/json", headers=headers(token(app, scope="write")))
    assert response.status_code == 413 and response.is_json


CONFIRMED_BY_PARTNER = dict(PERSON, email_confirmed_by_partner=True)


def _kinds_of_mail(app) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(select(OutboxMessage.kind)))


@pytest.mark.config(WEBHOOK_ALLOW_PRIVATE_ADDRESSES=True)
def test_a_token_allowed_to_confirm_records_a_signature_that_counts_at_once_without_a_confirmation_e_mail(app, client):
    assert app.test_cli_runner().invoke(args=["api", "webhook", "add", "--campaign", STATE_DEPT,
                                              "http://127.0.0.1:9/hook"]).exit_code == 0
    secret = token(app, scope="write", may_confirm=True)
    response = client.post(URL, json=CONFIRMED_BY_PARTNER, headers=headers(secret))
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "confirmed" and body["person"]["given_name"] == "Jane" and body["confirmed_date"]
    assert client.get(f"/c/{STATE_DEPT}.json").get_json()["count"] == 1
    assert "confirm" not in _kinds_of_mail(app)  # the channel's own mail (the letter to send) only
    with app.app_context():
        signature = db.session.scalar(select(Signature))
        assert (signature.status, signature.email_canonical) == ("confirmed", "jane.doe+crm@example.org")
        assert db.session.scalar(select(WebhookDelivery.event)) == "signature.confirmed"
        token_id = db.session.scalar(select(ApiToken.id))
        [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "api.signature_confirmed_by_partner"))
    assert entry.campaign == STATE_DEPT and entry.details == {"signature": signature.id, "token": token_id}


def test_a_token_not_allowed_to_confirm_gets_a_403_naming_the_property_and_writes_nothing(app, client):
    response = client.post(URL, json=CONFIRMED_BY_PARTNER, headers=headers(token(app, scope="write")))
    assert response.status_code == 403
    body = response.get_json()
    assert body["code"] == "FORBIDDEN" and "--may-confirm" in body["description"]
    assert [error["properties"] for error in body["errors"]] == [["email_confirmed_by_partner"]]
    assert _rows(app) == (0, 0)


def test_a_token_allowed_to_confirm_records_a_pending_signature_when_the_partner_does_not_say_so(app, client):
    response = client.post(URL, json=PERSON, headers=headers(token(app, scope="write", may_confirm=True)))
    assert response.status_code == 201 and response.get_json()["status"] == "pending"
    assert _kinds_of_mail(app) == ["confirm"]


def test_a_partner_s_confirmation_follows_the_form_s_rules(app, client):
    secret = token(app, scope="write", may_confirm=True)
    signed(app, "JANE.DOE+crm@example.org", confirm=False)
    assert client.post(URL, json=CONFIRMED_BY_PARTNER, headers=headers(secret)).status_code == 409
    invalid = dict(CONFIRMED_BY_PARTNER, person=dict(PERSON["person"], given_name=""))
    assert client.post(URL, json=invalid, headers=headers(secret)).status_code == 400
    assert app.test_cli_runner().invoke(args=["signatures", "block-domain", "--campaign", STATE_DEPT,
                                              "blocked.example"]).exit_code == 0
    blocked = dict(CONFIRMED_BY_PARTNER, person=dict(PERSON["person"], email_addresses=[{"address": "a@blocked.example"}]))
    assert client.post(URL, json=blocked, headers=headers(secret)).status_code == 403
    assert client.post(URL, json=dict(PERSON, email_confirmed_by_partner="yes"), headers=headers(secret)).status_code == 400
    assert _rows(app)[0] == 1 and client.get(f"/c/{STATE_DEPT}.json").get_json()["count"] == 0
