"""The one service: each report counted once, a permanent bounce or a complaint suppresses at once,
soft bounces after the limit; lifting and purging are audited."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from undersigned.audit.models import AuditEntry
from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage
from undersigned.suppression import service
from undersigned.suppression.models import BOUNCE, COMPLAINT, Bounce, Suppression


def message(to: str = "Jane.Doe+news@Example.org") -> OutboxMessage:
    row = OutboxMessage(kind="confirm", to_address=to, subject="s", body_text="b", campaign="c")
    db.session.add(row)
    db.session.commit()
    return row


def soft(raw: bytes | None = None) -> service.Report:
    return service.Report(kind=BOUNCE, permanent=False, source="maildir", status="5.2.2", raw=raw)


@pytest.mark.config(BOUNCE_SOFT_LIMIT=2)
def test_soft_bounces_suppress_after_the_limit_and_each_message_counts_once(app):
    with app.app_context():
        first, second = message(), message()
        assert service.record(first, soft()) is not None
        assert service.record(first, soft()) is None  # the same report again
        assert service.is_suppressed("jane.doe+news@example.org") is None
        service.record(second, soft())
        suppression = service.is_suppressed("JANE.DOE+news@example.org")
        assert suppression.reason == "soft" and suppression.masked == "J•••@Example.org"
        assert service.is_suppressed("jane.doe@example.org") is None  # another mailbox on a plain domain
        stored = db.session.scalars(select(Suppression.address_hash)).all()
        assert stored and all("jane" not in value.lower() for value in stored)


def test_a_complaint_suppresses_at_once_and_lifting_it_is_audited(app):
    with app.app_context():
        service.record(message(), service.Report(kind=COMPLAINT, permanent=True, source="http:ses", status="abuse"))
        suppression = service.is_suppressed("jane.doe+news@example.org")
        assert suppression.reason == "complaint"
        assert service.lift(suppression.id) and not service.lift(suppression.id)
        assert service.is_suppressed("jane.doe+news@example.org") is None
        actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["mail.suppressed", "mail.suppression_lifted"]


def test_raw_reports_are_purged_after_the_days_kept_and_what_they_said_stays(app):
    with app.app_context():
        entry = service.record(message(), soft(raw=b"Subject: bounce\r\n\r\nbody"))
        entry.received_at -= dt.timedelta(days=20)
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "purge"])
    assert result.output.strip() == "purged 1"
    with app.app_context():
        kept = db.session.scalar(select(Bounce))
        assert kept.raw is None and kept.status == "5.2.2"
