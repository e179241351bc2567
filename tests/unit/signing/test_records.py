"""Reading a campaign's signatures for organizers (``signing/records.py``): the list and the
export's table."""
from __future__ import annotations

from sqlalchemy import update

from tests.support.signing import STATE_DEPT_SIGNER
from undersigned.contract import utcnow
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.security.identity import canonical_email
from undersigned.signing import records, service
from undersigned.signing.models import Signature

SLUG = "belarus_state_dept"


def seed(app, *emails: str) -> list[int]:
    campaign = registry_of().get(SLUG)
    return [service.sign(campaign, dict(STATE_DEPT_SIGNER, email=email), email=email,
                         email_canonical=canonical_email(email), locale="ru", ip_hash="0" * 32,
                         public_name=False, referral=None).id for email in emails]


def test_the_list_is_oldest_first_and_filters_by_status(app):
    with app.test_request_context():
        first, second = seed(app, "a@example.org", "b@example.org")
        service.confirm(db.session.get(Signature, second), registry_of().get(SLUG))

        assert [s.id for s in records.signatures_of(SLUG)] == [first, second]
        assert [s.id for s in records.signatures_of(SLUG, "confirmed")] == [second]
        assert records.signatures_of("belarus_senate") == []


def test_the_export_has_the_campaigns_fields_and_leaves_out_erased_signatures(app):
    with app.test_request_context():
        kept, erased = seed(app, "a@example.org", "b@example.org")
        db.session.execute(update(Signature).where(Signature.id == erased).values(erased_at=utcnow()))
        db.session.commit()

        header, rows = records.export_table(registry_of().get(SLUG))
        rows = list(rows)
    assert header[:10] == ["id", "status", "created_at", "confirmed_at", "email", "first_name", "last_name",
                           "letter_name", "field:country", "field:us_state"]
    assert [row[0] for row in rows] == [kept]
    row = dict(zip(header, rows[0]))
    assert (row["email"], row["field:country"], row["field:us_state"], row["language"]) == (
        "a@example.org", "US", "OR", "ru")
    assert row["confirmed_at"] == "" and row["ip_hash"] == "0" * 32
