"""OSDI read (api/osdi.py): the entry point, petitions, signatures a page at a time, scopes."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.support.api import SENATE, STATE_DEPT, headers, signed, token, withdrawn
from undersigned.audit.models import AuditEntry
from undersigned.extensions import db


def test_the_entry_point_is_hal_and_links_the_petitions(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200 and response.mimetype == "application/hal+json"
    assert response.get_json()["_links"]["osdi:petitions"]["href"].endswith("/api/v1/petitions")


def test_a_petition_in_the_requested_language(app, client):
    secret = token(app)
    signed(app, "a@example.org")
    english = client.get(f"/api/v1/petitions/{STATE_DEPT}", headers=headers(secret)).get_json()
    russian = client.get(f"/api/v1/petitions/{STATE_DEPT}",
                         headers={**headers(secret), "Accept-Language": "ru"}).get_json()
    assert english["total_signatures"] == 1
    assert english["title"].startswith("Letter to the US Department of State")
    assert russian["description"] != english["description"]
    assert english["target"][0]["organization"] == "U.S. Department of State"
    listing = client.get("/api/v1/petitions", headers=headers(secret)).get_json()
    assert [p["name"] for p in listing["_embedded"]["osdi:petitions"]] == [STATE_DEPT]


def test_signatures_with_the_signer_as_an_osdi_person_and_the_read_audited(app, client):
    secret = token(app)
    signed(app, "jane@example.org", first_name="Jane", last_name="Doe", country="US", us_state="OR")
    body = client.get(f"/api/v1/petitions/{STATE_DEPT}/signatures", headers=headers(secret)).get_json()
    [one] = body["_embedded"]["osdi:signatures"]
    assert one["status"] == "confirmed" and one["modified_date"].endswith("Z")
    assert one["person"]["given_name"] == "Jane" and one["person"]["family_name"] == "Doe"
    assert one["person"]["email_addresses"][0]["address"] == "jane@example.org"
    assert one["person"]["postal_addresses"] == [{"primary": True, "country": "US", "region": "OR"}]
    assert one["person"]["languages_spoken"] == ["en"]
    with app.app_context():
        assert "api.signatures_read" in db.session.scalars(select(AuditEntry.action)).all()


def test_withdrawn_and_unconfirmed_signatures_carry_no_personal_data(app, client):
    secret = token(app)
    gone = signed(app, "gone@example.org")
    withdrawn(app, gone)
    signed(app, "later@example.org", confirm=False)
    body = client.get(f"/api/v1/petitions/{STATE_DEPT}/signatures", headers=headers(secret))
    text = body.get_data(as_text=True)
    assert "gone@example.org" not in text and "later@example.org" not in text
    assert [s["status"] for s in body.get_json()["_embedded"]["osdi:signatures"]] == ["withdrawn", "pending"]


def test_paging_follows_next_links_to_every_signature(app, client):
    secret = token(app)
    for n in range(5):
        signed(app, f"s{n}@example.org")
    seen, url, pages = [], f"/api/v1/petitions/{STATE_DEPT}/signatures?per_page=2", 0
    while url:
        body = client.get(url, headers=headers(secret)).get_json()
        assert (body["total_records"], body["total_pages"]) == (5, 3)
        seen += [s["person"]["email_addresses"][0]["address"] for s in body["_embedded"]["osdi:signatures"]]
        url = body["_links"].get("next", {}).get("href")
        pages += 1
    assert pages == 3 and sorted(seen) == [f"s{n}@example.org" for n in range(5)]


def test_the_modified_date_filter_returns_only_what_changed_since(app, client):
    secret = token(app)
    first = signed(app, "first@example.org")
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1)
    with app.app_context():
        db.session.execute(db.text("UPDATE signatures SET modified_at = :at WHERE id != :id"),
                           {"at": later.replace(tzinfo=None) - dt.timedelta(days=2), "id": -1})
        db.session.commit()
    signed(app, "second@example.org")
    withdrawn(app, first)
    since = (later - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = client.get(f"/api/v1/petitions/{STATE_DEPT}/signatures", headers=headers(secret),
                      query_string={"filter": f"modified_date gt '{since}'"}).get_json()
    assert sorted(s["status"] for s in body["_embedded"]["osdi:signatures"]) == ["confirmed", "withdrawn"]
    assert body["total_records"] == 2


@pytest.mark.parametrize("query", ["page=0", "per_page=101", "per_page=x", "page=-1", "page=١",
                                   "filter=modified_date gt 'yesterday'", "filter=name eq 'x'"])
def test_nonsense_paging_is_a_400_naming_the_parameter(app, client, query):
    response = client.get(f"/api/v1/petitions/{STATE_DEPT}/signatures?{query}", headers=headers(token(app)))
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["properties"]


def test_a_token_for_one_campaign_cannot_see_another(app, client):
    secret = token(app, STATE_DEPT)
    signed(app, "ada@example.org", SENATE, title="Senator", organization="Senate")
    assert client.get(f"/api/v1/petitions/{SENATE}/signatures", headers=headers(secret)).status_code == 403
    assert client.get(f"/api/v1/petitions/{SENATE}", headers=headers(secret)).status_code == 403


@pytest.mark.parametrize("sent", [None, "", "usg_wrong", "x" * 5000, "Bearer usg_"])
def test_without_a_valid_token_nothing_is_read(client, sent):
    response = client.get(f"/api/v1/petitions/{STATE_DEPT}/signatures",
                          headers={} if sent is None else {"OSDI-API-Token": sent})
    assert response.status_code == 401 and response.get_json()["code"] == "UNAUTHORIZED"


@pytest.mark.config(RATELIMIT_API="3 per minute")
def test_a_token_over_its_rate_limit_gets_429_with_retry_after(app, client):
    secret = token(app)
    codes = [client.get(f"/api/v1/petitions/{STATE_DEPT}", headers=headers(secret)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    last = client.get(f"/api/v1/petitions/{STATE_DEPT}", headers=headers(secret))
    assert int(last.headers["Retry-After"]) > 0 and last.get_json()["code"] == "TOO_MANY_REQUESTS"


@pytest.mark.config(RATELIMIT_API_FAILURES="2 per minute")
def test_a_client_guessing_tokens_is_stopped_even_with_a_good_one_afterwards(app, client):
    secret = token(app)
    codes = [client.get("/api/v1/petitions", headers={"OSDI-API-Token": f"usg_guess{n}"}).status_code
             for n in range(3)]
    assert codes == [401, 401, 429]
    assert client.get("/api/v1/petitions", headers=headers(secret)).status_code == 429
