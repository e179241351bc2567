"""A CRM's whole journey through the API, written from the OpenAPI document: it records a
signature from a partner's site, the signer confirms by e-mail as any signer does, the CRM
receives the signed ``signature.confirmed`` webhook and finds the signer in its next sync."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from standardwebhooks import Webhook

from tests.support.api import STATE_DEPT, headers, token
from tests.support.outbox import deliver, mails_to, plain_text
from tests.support.signing import form_inputs, link_in
from tests.support.webhooks import Receiver


@pytest.mark.config(WEBHOOK_ALLOW_PRIVATE_ADDRESSES=True)
def test_a_crm_records_a_signature_that_confirms_by_e_mail_and_hears_of_it(app, client):
    receiver = Receiver()
    try:
        runner = app.test_cli_runner()
        secret = runner.invoke(args=["api", "webhook", "add", "--campaign", STATE_DEPT, receiver.url]
                               ).output.strip().splitlines()[-1]
        crm = headers(token(app, scope="write"))
        document = client.get("/api/v1/openapi.json").get_json()
        record_path = next(path for path, item in document["paths"].items() if "post" in item)
        since = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")

        recorded = client.post(record_path.replace("{slug}", STATE_DEPT), headers=crm, json={"person": {
            "given_name": "Ann", "family_name": "Lee", "email_addresses": [{"address": "ann@example.org"}],
            "postal_addresses": [{"country": "US", "region": "CA"}]}})
        assert recorded.status_code == 201 and recorded.get_json()["status"] == "pending"

        deliver(app)
        [mail] = mails_to(app, "ann@example.org")
        link = link_in(plain_text(mail)).replace("http://undersigned.test", "")
        page = form_inputs(client.get(link).get_data(as_text=True))
        assert client.post(link, data={"csrf_token": page["csrf_token"]}).status_code == 302

        assert "1 delivered" in runner.invoke(args=["api", "webhook", "deliver"]).output
        [(received_headers, body)] = receiver.received
        event = Webhook(secret).verify(body, received_headers)
        assert event["type"] == "signature.confirmed"
        assert event["data"]["person"]["email_addresses"][0]["address"] == "ann@example.org"

        sync = client.get(f"/api/v1/petitions/{STATE_DEPT}/signatures", headers=crm,
                          query_string={"filter": f"modified_date gt '{since}'"}).get_json()
        [signature] = sync["_embedded"]["osdi:signatures"]
        assert signature["status"] == "confirmed" and signature["person"]["given_name"] == "Ann"
        assert json.loads(client.get(f"/c/{STATE_DEPT}.json").get_data())["countries"] == {"US": 1}
    finally:
        receiver.server.shutdown()
