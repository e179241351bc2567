"""A joint letter's life in the console (``console/campaigns/letter.py``): a new organizer freezes
a version after seeing exactly what it prints, downloads its PDF, delivers it by e-mail or records
it delivered by hand, and sees who was told; each step is asked first and audited; only the
campaign's organizers and admins, only for a joint letter."""
from __future__ import annotations

import io

from pypdf import PdfReader

from tests.support.console import create_user, login
from tests.support.outbox import deliver, mails_to
from tests.support.signing import form_inputs
from tests.unit.console.campaigns.conftest import SENATE, STATE, insert_signatures, post
from undersigned.audit.log import entries
from undersigned.contract.state import registry_of
from undersigned.delivery.joint import service
from undersigned.extensions import db
from undersigned.signing.models import Signature

LETTER = f"/console/campaigns/{SENATE}/letter"
ALES = {"first_name": "Алесь", "last_name": "Бяляцкі", "letter_name": "Ales Bialiatski",
        "title": "Chair, Viasna", "organization": "Viasna Human Rights Centre"}
ADA = {"first_name": "Ada", "last_name": "Lovelace", "letter_name": "Ada Lovelace", "title": "Senator"}


def approved_co_signers(app, organizer, *people: dict) -> list[int]:
    """Confirmed co-signers of the joint letter, approved on the co-signers page."""
    with app.app_context():
        insert_signatures(SENATE, [{"fields": dict(person), "email": f"{person['letter_name'].split()[0].lower()}@example.org",
                                    "public_name": True} for person in people])
        ids = list(db.session.scalars(db.select(Signature.id).order_by(Signature.id)))
    page = f"/console/campaigns/{SENATE}/cosigners"
    for signature_id in ids:
        assert post(organizer, f"{page}/{signature_id}", page, {"decision": "approve"}).status_code == 302
    return ids


def freeze(organizer):
    confirm = organizer.get(f"{LETTER}/freeze")
    assert confirm.status_code == 200
    return organizer.post(f"{LETTER}/freeze", data=form_inputs(confirm.get_data(as_text=True)))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def letter_actions(app) -> list[tuple[str, str, dict]]:
    with app.app_context():
        return [(e.actor, e.action, e.details) for e in reversed(entries(SENATE)) if e.action.startswith("letter.")]


def test_a_new_organizer_freezes_downloads_and_e_mails_the_letter(app, organizer):
    approved_co_signers(app, organizer, ALES)
    tab = organizer.get(LETTER).get_data(as_text=True)
    assert f'href="{LETTER}"' in tab and "1 co-signer is on the letter now." in tab
    assert "No version is frozen yet." in tab

    confirm = organizer.get(f"{LETTER}/freeze").get_data(as_text=True)
    assert "Freeze version 1 with 1 co-signer" in confirm
    assert "Ales Bialiatski" in confirm and "Chair, Viasna" in confirm and "Viasna Human Rights Centre" in confirm
    assert "Алесь" not in confirm  # the letter prints the letter's spelling, and so does the page
    with app.app_context():
        assert service.versions(registry_of().get(SENATE)) == []  # looking froze nothing

    frozen = freeze(organizer)
    assert frozen.status_code == 302 and frozen.location == f"{LETTER}/v1"
    version_page = organizer.get(frozen.location).get_data(as_text=True)
    assert "Version 1 is frozen with 1 co-signer." in version_page and "E-mail it to the recipient" in version_page

    pdf = organizer.get(f"{LETTER}/v1.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert f"{SENATE}-v1.pdf" in pdf.headers["Content-Disposition"]
    assert "Ales Bialiatski" in pdf_text(pdf.data) and "Chair, Viasna" in pdf_text(pdf.data)

    ask = organizer.get(f"{LETTER}/v1/deliver/email").get_data(as_text=True)
    assert "E-mail version 1 now" in ask and "This cannot be undone." in ask
    typo = organizer.post(f"{LETTER}/v1/deliver/email", data={**form_inputs(ask), "to": "secretary@"})
    assert typo.status_code == 400
    assert "Please give an e-mail address." in typo.get_data(as_text=True)
    assert 'value="secretary@"' in typo.get_data(as_text=True)  # the form keeps what was typed
    with app.app_context():
        assert service.version(registry_of().get(SENATE), 1).delivered_at is None

    sent = organizer.post(f"{LETTER}/v1/deliver/email", data={**form_inputs(ask), "to": "secretary@state.example"})
    assert sent.status_code == 302 and sent.location == f"{LETTER}/v1"
    told = organizer.get(sent.location).get_data(as_text=True)
    assert "Version 1 is delivered by e-mail; its co-signers are told by e-mail." in told
    assert "waiting to be sent" in told
    deliver(app)
    [letter] = mails_to(app, "secretary@state.example")
    [attachment] = list(letter.iter_attachments())
    assert attachment.get_filename() == f"{SENATE}-v1.pdf" and "Ales Bialiatski" in pdf_text(attachment.get_content())
    assert mails_to(app, "ales@example.org")
    after = organizer.get(f"{LETTER}/v1").get_data(as_text=True)
    assert "Delivered by e-mail on" in after and "<td>sent</td>" in after and "E-mail it to the recipient" not in after
    assert "Delivered by e-mail on" in organizer.get(LETTER).get_data(as_text=True)

    assert letter_actions(app) == [
        ("org@example.org", "letter.freeze", {"version": 1, "co_signers": 1}),
        ("org@example.org", "letter.download", {"version": 1}),
        ("org@example.org", "letter.deliver", {"version": 1, "by": "email"})]
    again = organizer.post(f"{LETTER}/v1/deliver/post", data=form_inputs(ask))
    assert "This version was delivered already." in again.get_data(as_text=True)
    assert len(letter_actions(app)) == 3


def test_a_version_recorded_as_delivered_by_hand_tells_its_co_signers(app, organizer):
    approved_co_signers(app, organizer, ALES, ADA)
    freeze(organizer)
    ask = organizer.get(f"{LETTER}/v1/deliver/hand").get_data(as_text=True)
    assert "You record that you delivered version 1 (2 co-signers) by hand" in ask
    assert organizer.post(f"{LETTER}/v1/deliver/hand", data=form_inputs(ask)).status_code == 302
    with app.app_context():
        assert service.version(registry_of().get(SENATE), 1).delivered_how == "hand"
    page = organizer.get(f"{LETTER}/v1").get_data(as_text=True)
    assert "Delivered by hand on" in page and page.count("waiting to be sent") == 2
    assert ("org@example.org", "letter.deliver", {"version": 1, "by": "hand"}) in letter_actions(app)


def test_a_co_signer_approved_after_the_page_was_shown_stops_the_freeze(app, organizer):
    approved_co_signers(app, organizer, ALES)
    confirm = organizer.get(f"{LETTER}/freeze").get_data(as_text=True)
    approved_co_signers(app, organizer, ADA)
    refused = organizer.post(f"{LETTER}/freeze", data=form_inputs(confirm))
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "The co-signers changed since you opened this page." in page
    assert "Ada Lovelace" in page and "Freeze version 1 with 2 co-signers" in page
    with app.app_context():
        assert service.versions(registry_of().get(SENATE)) == []
    assert letter_actions(app) == []


def test_without_co_signers_there_is_nothing_to_freeze(app, organizer):
    page = organizer.get(f"{LETTER}/freeze").get_data(as_text=True)
    assert "approve co-signers before freezing a version" in page and "Freeze version" not in page.split("</h1>")[1]


def test_the_letter_belongs_to_its_organizers_and_admins_only(app, organizer):
    approved_co_signers(app, organizer, ALES)
    freeze(organizer)
    create_user(app, "other@example.org", campaigns=(STATE,))
    create_user(app, "words@example.org", role="translator")
    for email in ("other@example.org", "words@example.org"):
        client = app.test_client()
        login(client, email)
        for path in (LETTER, f"{LETTER}/freeze", f"{LETTER}/v1", f"{LETTER}/v1.pdf", f"{LETTER}/v1/deliver/post"):
            assert client.get(path).status_code == 403, (email, path)
    create_user(app, "admin@example.org", role="admin")
    admin = app.test_client()
    login(admin, "admin@example.org")
    assert admin.get(f"{LETTER}/v1.pdf").status_code == 200
    assert app.test_client().get(LETTER).status_code == 302  # to the sign-in page


def test_a_campaign_without_a_joint_letter_has_no_letter_tab(app, organizer):
    assert organizer.get(f"/console/campaigns/{STATE}/letter").status_code == 404
    assert f"/console/campaigns/{STATE}/letter" not in organizer.get(f"/console/campaigns/{STATE}/").get_data(as_text=True)
    assert organizer.get(f"{LETTER}/v9").status_code == 404
    assert organizer.get(f"{LETTER}/v1/deliver/fax").status_code == 404
