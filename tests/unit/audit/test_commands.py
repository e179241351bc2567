"""The commands that change data leave an audit entry: who (``cli``), what, when, which campaign,
with ids and counts, never a supporter's e-mail address or name."""
from __future__ import annotations

import datetime as dt

from tests.support.clients import cli
from tests.support.console import create_user
from tests.support.signing import SENATE_SIGNER, STATE_DEPT_SIGNER
from undersigned.audit.log import entries
from undersigned.contract.state import registry_of
from undersigned.security.identity import canonical_email, ip_hash
from undersigned.signing import service
from undersigned.users import service as users

SUPPORTER_WORDS = ("example.org", "Jane", "Doe", "Ada", "Lovelace")


def signed(app, slug: str, fields: dict) -> int:
    """A confirmed signature written through the signing service; its id."""
    with app.test_request_context():
        campaign = registry_of().get(slug)
        email = fields["email"]
        signature = service.sign(campaign, dict(fields), email=email, email_canonical=canonical_email(email),
                                 locale="en", ip_hash=ip_hash("192.0.2.9"), public_name=False, referral=None)
        service.confirm(signature, campaign)
        return signature.id


def newest(app):
    with app.app_context():
        return entries()[0]


def assert_recorded(entry, action: str, campaign: str | None = None) -> None:
    assert (entry.actor, entry.action, entry.campaign) == ("cli", action, campaign)
    assert dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - entry.at < dt.timedelta(minutes=1)
    assert not any(word in str(entry.details) for word in SUPPORTER_WORDS), entry.details


def run(app, *args: str, **env: str):
    result = app.test_cli_runner().invoke(args=list(args), env=env or None)
    assert result.exit_code == 0, result.output
    return result


def test_user_commands_are_recorded(app):
    create_user(app, "org@example.org", "organizer")
    with app.app_context():
        user_id = users.find("org@example.org").id
    assert_recorded(newest(app), "user.create")
    assert newest(app).details == {"user": user_id, "roles": "organizer"}
    run(app, "users", "password", "org@example.org", UNDERSIGNED_PASSWORD="another-pass-123")
    assert_recorded(newest(app), "user.password")
    run(app, "users", "roles", "org@example.org", "--add", "translator")
    assert_recorded(newest(app), "user.roles")
    run(app, "users", "disable", "org@example.org")
    assert_recorded(newest(app), "user.disable")
    assert "(disabled)" in run(app, "users", "list").output
    run(app, "users", "enable", "org@example.org")
    assert_recorded(newest(app), "user.enable")
    run(app, "users", "reset-2fa", "org@example.org")
    assert_recorded(newest(app), "user.2fa.reset")
    assert newest(app).details == {"user": user_id}


def test_invalidating_and_blocking_are_recorded_without_the_supporter(app):
    signature_id = signed(app, "belarus_state_dept", STATE_DEPT_SIGNER)
    run(app, "signatures", "invalidate", "belarus_state_dept", str(signature_id))
    entry = newest(app)
    assert_recorded(entry, "signature.invalidate", "belarus_state_dept")
    assert entry.details == {"signatures": [signature_id], "count": 1}

    run(app, "signatures", "block-domain", "mailinator.com")
    assert_recorded(newest(app), "block.add")
    run(app, "signatures", "unblock", "mailinator.com")
    assert_recorded(newest(app), "block.remove")


def test_a_batch_invalidation_is_recorded_with_its_count(app):
    signed(app, "belarus_state_dept", STATE_DEPT_SIGNER)
    run(app, "signatures", "invalidate", "belarus_state_dept", "--domain", "example.org", "--yes")
    entry = newest(app)
    assert entry.action == "signature.invalidate" and entry.details["count"] == 1
    assert entry.details["domains"] == ["example.org"]  # the organizer's selection, not a supporter


def test_approving_a_co_signer_and_exporting_are_recorded(app, tmp_path):
    signature_id = signed(app, "belarus_senate", SENATE_SIGNER)
    run(app, "signatures", "approve", "belarus_senate", str(signature_id))
    entry = newest(app)
    assert_recorded(entry, "signature.approve", "belarus_senate")
    assert entry.details == {"signatures": [signature_id], "count": 1}
    run(app, "signatures", "export", "belarus_senate", "-o", str(tmp_path / "out.csv"))
    assert_recorded(newest(app), "signatures.export", "belarus_senate")
    assert newest(app).details == {"count": 1}


def test_commands_that_change_nothing_record_nothing(app):
    run(app, "outbox", "retry")
    run(app, "signatures", "list", "belarus_senate")
    with app.app_context():
        assert entries() == []
