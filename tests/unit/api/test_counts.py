"""Open counts (api/counts.py): a campaign's numbers as JSON for anyone, from the counters."""
from __future__ import annotations

from tests.support.api import STATE_DEPT, signed, withdrawn


def test_a_campaign_s_counts_by_country_and_state_for_anyone(app, client):
    signed(app, "a@example.org", country="US", us_state="OR")
    signed(app, "b@example.org", country="US", us_state="NY")
    signed(app, "c@example.org", country="LT", us_state="")
    signed(app, "d@example.org", country="PL", us_state="", confirm=False)  # pending: not counted
    response = client.get(f"/c/{STATE_DEPT}.json")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    assert body["count"] == 3
    assert body["countries"] == {"LT": 1, "US": 2}
    assert body["us_states"] == {"NY": 1, "OR": 1}
    assert body["title"]["en"].startswith("Letter to the US Department of State")
    assert body["title"]["ru"] != body["title"]["en"]
    assert set(body) >= {"goal", "milestones", "status"}


def test_a_withdrawn_signature_leaves_its_country_s_count(app, client):
    first = signed(app, "a@example.org", country="US", us_state="OR")
    signed(app, "b@example.org", country="US", us_state="OR")
    withdrawn(app, first)
    body = client.get(f"/c/{STATE_DEPT}.json").get_json()
    assert (body["count"], body["countries"], body["us_states"]) == (1, {"US": 1}, {"OR": 1})


def test_counts_are_cacheable_and_answer_304_while_unchanged(app, client):
    response = client.get(f"/c/{STATE_DEPT}.json")
    assert "public" in response.headers["Cache-Control"]
    assert "max-age=60" in response.headers["Cache-Control"]
    again = client.get(f"/c/{STATE_DEPT}.json", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    signed(app, "a@example.org")
    changed = client.get(f"/c/{STATE_DEPT}.json", headers={"If-None-Match": response.headers["ETag"]})
    assert changed.status_code == 200 and changed.get_json()["count"] == 1


def test_counts_of_an_unknown_campaign_are_not_found(client):
    assert client.get("/c/no_such_campaign.json").status_code == 404
