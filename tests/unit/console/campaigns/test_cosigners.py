"""A joint letter's co-signers in the console (``console/campaigns/cosigners.py``): approved or
rejected, put in order (the letter follows it), previewed; only for a channel that needs
approval."""
from __future__ import annotations

import re

from tests.unit.console.campaigns.conftest import SENATE, STATE, insert_signatures, post
from undersigned.app_state import registry_of
from undersigned.audit.log import entries
from undersigned.delivery.joint import service
from undersigned.extensions import db
from undersigned.signing.models import Signature

PAGE = f"/console/campaigns/{SENATE}/cosigners"


def seed_cosigners(app, names: list[str]) -> list[int]:
    with app.app_context():
        insert_signatures(SENATE, [{"fields": {"first_name": name, "last_name": "Senator", "letter_name": f"{name} Senator",
                                               "title": "Senator"}, "public_name": True} for name in names])
        return list(db.session.scalars(db.select(Signature.id).order_by(Signature.id)))


def test_approving_and_rejecting_co_signers_is_audited(app, organizer):
    ada, bob = seed_cosigners(app, ["Ada", "Bob"])
    assert "Approve Ada Senator" in organizer.get(PAGE).get_data(as_text=True)
    post(organizer, f"{PAGE}/{ada}", PAGE, {"decision": "approve"})
    post(organizer, f"{PAGE}/{bob}", PAGE, {"decision": "reject"})
    with app.app_context():
        assert db.session.get(Signature, ada).approved_at is not None
        assert db.session.get(Signature, bob).status == "invalidated"
        assert [(e.action, e.details) for e in entries(SENATE)] == [
            ("cosigner.reject", {"signature": bob}), ("cosigner.approve", {"signature": ada})]
    again = post(organizer, f"{PAGE}/{ada}", PAGE, {"decision": "approve"})
    assert "Nothing changed" in organizer.get(again.location).get_data(as_text=True)


def test_the_letter_follows_the_order_organizers_give(app, organizer):
    ids = seed_cosigners(app, ["Ada", "Bob", "Cyd"])
    for signature_id in ids:
        post(organizer, f"{PAGE}/{signature_id}", PAGE, {"decision": "approve"})
    post(organizer, f"{PAGE}/{ids[2]}/move", PAGE, {"direction": "up"})
    post(organizer, f"{PAGE}/{ids[2]}/move", PAGE, {"direction": "up"})
    post(organizer, f"{PAGE}/{ids[0]}/move", PAGE, {"direction": "down"})
    expected = ["Cyd Senator", "Bob Senator", "Ada Senator"]
    with app.app_context():
        assert [block["full_name"] for block in service.approved_signatories(registry_of().get(SENATE))] == expected
    public = organizer.get(f"/c/{SENATE}/letter").get_data(as_text=True)
    assert [public.index(name) for name in expected] == sorted(public.index(name) for name in expected)
    preview = organizer.get(f"{PAGE}/preview").get_data(as_text=True)
    assert [preview.index(name) for name in expected] == sorted(preview.index(name) for name in expected)
    refused = post(organizer, f"{PAGE}/{ids[2]}/move", PAGE, {"direction": "up"})
    assert "cannot move that way" in organizer.get(refused.location).get_data(as_text=True)


def test_the_preview_shows_co_signers_hidden_from_the_public_page(app, organizer):
    (ada,) = seed_cosigners(app, ["Ada"])
    with app.app_context():
        db.session.get(Signature, ada).public_name = False
        db.session.commit()
    post(organizer, f"{PAGE}/{ada}", PAGE, {"decision": "approve"})
    assert "Ada Senator" in organizer.get(f"{PAGE}/preview").get_data(as_text=True)
    assert "Ada Senator" not in organizer.get(f"/c/{SENATE}/letter").get_data(as_text=True)


def test_a_campaign_without_approval_has_no_co_signer_pages(organizer):
    assert organizer.get(f"/console/campaigns/{STATE}/cosigners").status_code == 404
    assert "Co-signers" not in organizer.get(f"/console/campaigns/{STATE}/").get_data(as_text=True)
    assert re.search(r'href="/console/campaigns/belarus_senate/cosigners"',
                     organizer.get(f"/console/campaigns/{SENATE}/").get_data(as_text=True))
