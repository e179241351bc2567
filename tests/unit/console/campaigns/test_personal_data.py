"""Signers' e-mail addresses in the console (issue 19, finding 8): the signatures list shows them
masked; showing one in full, and looking a signature up by address, each leave an audit entry
that names the signature, never the address."""
from __future__ import annotations

from tests.unit.console.campaigns.conftest import SENATE, STATE, insert_signatures, post
from undersigned.audit.log import entries
from undersigned.extensions import db
from undersigned.signing.models import Signature

PAGE = f"/console/campaigns/{STATE}/signatures"


def signature_id(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(db.select(Signature.id).filter_by(email=email))


def test_the_list_masks_every_address(app, organizer):
    with app.app_context():
        insert_signatures(STATE, [{"email": "jane.doe@example.org"}, {"email": "ivan@example.net"}])
    page = organizer.get(PAGE).get_data(as_text=True)
    assert "jane.doe@example.org" not in page and "ivan@example.net" not in page
    assert "j•••@example.org" in page and "i•••@example.net" in page
    with app.app_context():
        assert entries(STATE) == []  # nothing personal was shown


def test_showing_an_address_in_full_is_audited(app, organizer):
    with app.app_context():
        insert_signatures(STATE, [{"email": "jane.doe@example.org"}])
    target = signature_id(app, "jane.doe@example.org")
    shown = post(organizer, f"{PAGE}/{target}/reveal", PAGE, {})
    assert shown.status_code == 200 and "jane.doe@example.org" in shown.get_data(as_text=True)
    with app.app_context():
        entry = entries(STATE)[0]
        assert (entry.actor, entry.action, entry.details) == ("org@example.org", "signature.reveal", {"signature": target})
    assert organizer.get(f"{PAGE}/{target}/reveal").status_code == 405  # a link cannot do it unseen
    other = f"/console/campaigns/{SENATE}/signatures/{target}/reveal"
    assert post(organizer, other, PAGE, {}).status_code == 404


def test_looking_up_an_address_is_audited_without_the_address(app, organizer):
    with app.app_context():
        insert_signatures(STATE, [{"email": "jane.doe@example.org"}])
    target = signature_id(app, "jane.doe@example.org")
    assert "jane.doe@example.org" in organizer.get(PAGE, query_string={"email": "jane.doe@example.org"}).get_data(as_text=True)
    organizer.get(PAGE, query_string={"email": "nobody@example.org"})
    with app.app_context():
        missed, found = entries(STATE)[:2]
        assert (found.action, found.details) == ("signatures.lookup", {"found": target})
        assert (missed.action, missed.details) == ("signatures.lookup", {"found": None})
        assert "example.org" not in str([found.details, missed.details])
