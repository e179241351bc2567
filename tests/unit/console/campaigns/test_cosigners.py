"""A joint letter's co-signers in the console (``console/campaigns/cosigners.py``): approved or
rejected, put in order (the letter follows it), previewed; only for a channel that needs
approval."""
from __future__ import annotations

import re

from tests.support.pager import next_page, pager_links, previous_page
from tests.unit.console.campaigns.conftest import SENATE, STATE, insert_signatures, post
from undersigned.audit.log import entries
from undersigned.paging import PAGE_SIZE
from undersigned.contract.state import registry_of
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


def test_many_co_signers_come_a_page_at_a_time_and_move_across_pages(app, organizer):
    ids = seed_cosigners(app, [f"N{n:03d}" for n in range(PAGE_SIZE + 5)])
    first = organizer.get(PAGE).get_data(as_text=True)
    assert f"{PAGE_SIZE + 5} co-signers are waiting." in first
    assert "Approve N000 Senator" in first and f"Approve N{PAGE_SIZE - 1:03d} Senator" in first
    assert f"Approve N{PAGE_SIZE:03d} Senator" not in first
    rest = organizer.get(next_page(first, "Waiting for approval")).get_data(as_text=True)
    assert f"Approve N{PAGE_SIZE:03d} Senator" in rest and "Approve N000 Senator" not in rest
    assert "next" not in pager_links(rest, "Waiting for approval")
    back = organizer.get(previous_page(rest, "Waiting for approval")).get_data(as_text=True)
    assert "Approve N000 Senator" in back and f"Approve N{PAGE_SIZE:03d} Senator" not in back

    with app.app_context():  # every one approved, in the order they signed
        for signature_id in ids:
            service.approve(registry_of().get(SENATE), signature_id)
    on_letter = organizer.get(PAGE).get_data(as_text=True)
    assert "Nobody is waiting." in on_letter and "N000 Senator" in on_letter
    assert f"N{PAGE_SIZE:03d} Senator" not in on_letter
    assert f"{PAGE_SIZE + 5} co-signers are on the letter." in on_letter
    further = next_page(on_letter, "On the letter, in order")
    tail = organizer.get(further).get_data(as_text=True)
    assert f'<ol start="{PAGE_SIZE + 1}">' in tail and "prev" in pager_links(tail, "On the letter, in order")
    assert f"N{PAGE_SIZE:03d} Senator" in tail and "N000 Senator" not in tail
    assert f'{PAGE}/{ids[PAGE_SIZE]}/move?approved_page=2"' in tail
    # the first of the second page moves up, onto the first page's last place; the page stays
    moved = post(organizer, f"{PAGE}/{ids[PAGE_SIZE]}/move?approved_page=2", further, {"direction": "up"})
    assert "approved_page=2" in moved.location
    with app.app_context():
        blocks = service.approved_signatories(registry_of().get(SENATE))
        order = [service.signature_id_of(block) for block in blocks]
    assert order[PAGE_SIZE - 1:PAGE_SIZE + 1] == [ids[PAGE_SIZE], ids[PAGE_SIZE - 1]]


def test_approval_shows_the_letter_name_and_a_rejection_asks_first_and_can_be_undone(app, organizer):
    with app.app_context():
        insert_signatures(SENATE, [{"fields": {"first_name": "Алесь", "last_name": "Бяляцкі",
                                               "letter_name": "Ales Bialiatski", "title": "Senator"}}])
        (ales,) = db.session.scalars(db.select(Signature.id))
    listed = organizer.get(PAGE).get_data(as_text=True)
    assert re.search(r"<td>Алесь Бяляцкі</td><td[^>]*>Ales Bialiatski</td>", listed)
    asked = organizer.get(f"{PAGE}/{ales}/reject").get_data(as_text=True)
    assert "Reject Алесь Бяляцкі?" in asked and "Ales Bialiatski" in asked
    with app.app_context():
        assert db.session.get(Signature, ales).status == "confirmed"
    done = post(organizer, f"{PAGE}/{ales}", f"{PAGE}/{ales}/reject", {"decision": "reject"})
    page = organizer.get(done.location).get_data(as_text=True)
    assert "Алесь Бяляцкі (on the letter: Ales Bialiatski) is rejected" in page
    assert "Undo: take Алесь Бяляцкі back" in page
    undone = post(organizer, f"{PAGE}/{ales}/restore", done.location, {})
    assert "is no longer rejected" in organizer.get(undone.location).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Signature, ales).status == "confirmed"
        assert entries(SENATE)[0].action == "cosigner.restore"
    post(organizer, f"{PAGE}/{ales}", PAGE, {"decision": "approve"})
    on_letter = organizer.get(PAGE).get_data(as_text=True)
    assert "Ales Bialiatski</span>, Senator" in on_letter and "in the form: Алесь Бяляцкі" in on_letter
