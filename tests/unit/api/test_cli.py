"""``flask api ...`` (api/cli.py): a token made, shown once, listed, revoked; one allowed to
confirm made only for writing; webhooks listed and removed."""
from __future__ import annotations

from sqlalchemy import delete, func, select

from tests.support.api import STATE_DEPT, headers, signed, token
from undersigned.api.models import ApiToken, WebhookDelivery
from undersigned.campaigns.models import Tally
from undersigned.audit.models import AuditEntry
from undersigned.extensions import db


def test_a_token_is_printed_once_alone_on_the_last_line_and_stored_only_as_a_hash(app, runner):
    secret = token(app, STATE_DEPT, scope="write")
    assert secret.startswith("usg_") and " " not in secret and len(secret) > 40
    with app.app_context():
        stored = db.session.scalar(select(ApiToken))
        assert stored.scope == "write" and stored.campaigns == [STATE_DEPT]
        assert secret not in repr(stored.__dict__) and stored.secret_hash != secret
        actions = [entry.action for entry in db.session.scalars(select(AuditEntry))]
    assert actions == ["api.token_created"]
    listing = runner.invoke(args=["api", "token", "list"])
    assert listing.exit_code == 0 and STATE_DEPT in listing.output and secret not in listing.output


def test_a_revoked_token_no_longer_opens_anything(app, client, runner):
    secret = token(app)
    assert client.get(f"/api/v1/petitions/{STATE_DEPT}", headers=headers(secret)).status_code == 200
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    result = runner.invoke(args=["api", "token", "revoke", str(token_id)])
    assert result.exit_code == 0, result.output
    assert client.get(f"/api/v1/petitions/{STATE_DEPT}", headers=headers(secret)).status_code == 401
    assert "revoked" in runner.invoke(args=["api", "token", "list"]).output
    again = runner.invoke(args=["api", "token", "revoke", str(token_id)])
    assert again.exit_code != 0 and "no valid token" in again.output


def test_a_token_for_an_unknown_campaign_is_refused(runner):
    result = runner.invoke(args=["api", "token", "create", "--campaign", "nope", "--scope", "read"])
    assert result.exit_code != 0 and "no campaign" in result.output


def test_the_open_counts_by_place_come_back_after_a_recount_of_signatures_confirmed_before_their_counters(app, runner):
    signed(app, "a@example.org", country="US", us_state="OR")
    signed(app, "b@example.org", country="LT", us_state="")
    with app.app_context():  # as before the charts' counters existed (migration 0023)
        db.session.execute(delete(Tally))
        db.session.commit()
    assert app.test_client().get(f"/c/{STATE_DEPT}.json").get_json()["countries"] == {}
    result = runner.invoke(args=["signatures", "recount", STATE_DEPT])
    assert result.exit_code == 0, result.output
    body = app.test_client().get(f"/c/{STATE_DEPT}.json").get_json()
    assert (body["count"], body["countries"], body["us_states"]) == (2, {"LT": 1, "US": 1}, {"OR": 1})


def test_a_token_allowed_to_confirm_is_made_only_for_writing_and_listed_so(app, runner):
    refused = runner.invoke(args=["api", "token", "create", "--campaign", STATE_DEPT, "--scope", "read", "--may-confirm"])
    assert refused.exit_code != 0 and "--may-confirm needs --scope write" in refused.output
    token(app, STATE_DEPT, scope="write", may_confirm=True)
    token(app, STATE_DEPT, scope="write")
    with app.app_context():
        assert sorted(db.session.scalars(select(ApiToken.may_confirm))) == [False, True]
        [made] = [entry.details for entry in db.session.scalars(select(AuditEntry)) if entry.details.get("may_confirm")]
    assert made["scope"] == "write"
    listing = runner.invoke(args=["api", "token", "list"]).output
    assert "\twrite+confirm\t" in listing and "\twrite\t" in listing


def test_a_campaign_s_webhooks_are_listed_and_one_is_removed_with_its_messages(app, runner):
    app.config["WEBHOOK_ALLOW_PRIVATE_ADDRESSES"] = True
    for url in ("http://127.0.0.1:9/crm", "http://127.0.0.1:9/removals"):
        assert runner.invoke(args=["api", "webhook", "add", "--campaign", STATE_DEPT, url]).exit_code == 0
    signed(app, "a@example.org")
    listing = runner.invoke(args=["api", "webhook", "list", "--campaign", STATE_DEPT])
    assert listing.exit_code == 0
    lines = listing.output.splitlines()
    assert len(lines) == 2 and "http://127.0.0.1:9/crm" in lines[0] and "\ton\t1 waiting\t" in lines[0]
    first = int(lines[0].split("\t")[0])
    removed = runner.invoke(args=["api", "webhook", "remove", str(first)])
    assert removed.exit_code == 0 and "1 messages not sent yet dropped" in removed.output
    assert "http://127.0.0.1:9/crm" not in runner.invoke(args=["api", "webhook", "list", "--campaign", STATE_DEPT]).output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 1  # the other's
        assert [e.details for e in db.session.scalars(select(AuditEntry).where(AuditEntry.action == "api.webhook_removed"))] \
            == [{"endpoint": first, "count": 1}]
    again = runner.invoke(args=["api", "webhook", "remove", str(first)])
    assert again.exit_code != 0 and f"no webhook {first}" in again.output
    assert runner.invoke(args=["api", "webhook", "list", "--campaign", "nope"]).exit_code != 0
