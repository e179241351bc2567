"""A joint letter from co-signing to a delivered version: sign, confirm, approve, freeze,
preview, deliver by e-mail to a real SMTP server with the PDF attached, co-signers told in
their language, and the public page listing the delivered version."""
from __future__ import annotations

import hashlib
import io

from pypdf import PdfReader

from tests.conftest import use_smtp
from tests.support.signing import SENATE_SIGNER
from tests.support.outbox import deliver, mails_to
from tests.unit.delivery.conftest import sign_and_confirm

RUSSIAN_SIGNER = {"first_name": "Svetlana", "last_name": "Alexievich", "email": "svetlana@example.org",
                  "title": "Writer", "organization": "Biełaruski PEN"}  # Latin letters: the letter is in English


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_joint_letter_from_co_signing_to_a_delivered_version(app, runner, smtp_server, tmp_path):
    sign_and_confirm(app, "belarus_senate", **SENATE_SIGNER)
    sign_and_confirm(app, "belarus_senate", prefix="/ru", **RUSSIAN_SIGNER)
    assert runner.invoke(args=["signatures", "approve", "belarus_senate", "1", "2"]).exit_code == 0

    frozen = runner.invoke(args=["signatures", "freeze", "belarus_senate"])
    assert frozen.exit_code == 0, frozen.output
    assert "version 1 frozen: 2 co-signers" in frozen.output

    preview = tmp_path / "preview.pdf"
    shown = runner.invoke(args=["signatures", "letter-pdf", "belarus_senate", "1", "-o", str(preview)])
    assert shown.exit_code == 0, shown.output
    text = pdf_text(preview.read_bytes())
    assert "United States Senate" in text and "Sincerely," in text
    assert "Ada Lovelace" in text and "Svetlana Alexievich" in text and "Biełaruski PEN" in text

    listed = runner.invoke(args=["signatures", "versions", "belarus_senate"])
    checksum = hashlib.sha256(preview.read_bytes()).hexdigest()
    assert "not delivered" in listed.output and checksum in listed.output
    public = app.test_client().get("/c/belarus_senate/letter").get_data(as_text=True)
    assert "Delivered versions" not in public

    use_smtp(app, smtp_server)
    delivered = runner.invoke(args=["signatures", "deliver", "belarus_senate", "1", "--by", "email",
                                    "--to", "secretary@state.example"])
    assert delivered.exit_code == 0, delivered.output
    assert deliver(app) == 3  # the letter, then one note per co-signer

    by_address = {message["To"]: message for message in smtp_server.messages}
    letter = by_address["secretary@state.example"]
    assert letter["Subject"] == "Joint letter in support of the people of Belarus"
    assert "signed by 2 co-signers" in letter.get_body(("plain",)).get_content()
    [attachment] = list(letter.iter_attachments())
    assert attachment.get_filename() == "belarus_senate-v1.pdf"
    assert attachment.get_content_type() == "application/pdf"
    sent_pdf = attachment.get_content()
    assert hashlib.sha256(sent_pdf).hexdigest() == checksum
    assert "Biełaruski PEN" in pdf_text(sent_pdf)

    russian = by_address["svetlana@example.org"]
    assert russian["Content-Language"] == "ru"
    assert russian["Subject"].startswith("Совместное письмо с вашим именем доставлено")
    body = russian.get_body(("plain",)).get_content()
    assert "доставлено адресату" in body and "по электронной почте" in body
    assert "Эту версию подписали 2 человека." in body
    english = by_address["ada@example.org"]
    assert "has been delivered to its recipient" in english.get_body(("plain",)).get_content()

    public = app.test_client().get("/c/belarus_senate/letter").get_data(as_text=True)
    assert "Delivered versions" in public and "Version 1, delivered on" in public
    assert ": 2 co-signers" in public
    again = runner.invoke(args=["signatures", "deliver", "belarus_senate", "1", "--by", "post"])
    assert again.exit_code == 1 and "was delivered already (email" in again.output


def test_a_version_delivered_by_hand_or_post_is_recorded_and_its_co_signers_told(app, runner):
    sign_and_confirm(app, "belarus_senate", **SENATE_SIGNER)
    runner.invoke(args=["signatures", "approve", "belarus_senate", "1"])
    runner.invoke(args=["signatures", "freeze", "belarus_senate"])

    result = runner.invoke(args=["signatures", "deliver", "belarus_senate", "1", "--by", "hand"])
    assert result.exit_code == 0, result.output
    assert "recorded as delivered by hand" in result.output
    deliver(app)
    [note] = mails_to(app, "ada@example.org")[-1:]
    assert "It was delivered by hand on" in note.get_body(("plain",)).get_content()
    assert "delivered" in runner.invoke(args=["signatures", "versions", "belarus_senate"]).output


def test_freezing_and_delivering_refuse_what_cannot_be_done(app, runner):
    empty = runner.invoke(args=["signatures", "freeze", "belarus_senate"])
    assert empty.exit_code == 1 and "no approved co-signers" in empty.output
    assert "not a joint letter" in runner.invoke(args=["signatures", "freeze", "belarus_state_dept"]).output

    sign_and_confirm(app, "belarus_senate", **SENATE_SIGNER)
    runner.invoke(args=["signatures", "approve", "belarus_senate", "1"])
    runner.invoke(args=["signatures", "freeze", "belarus_senate"])
    unknown = runner.invoke(args=["signatures", "deliver", "belarus_senate", "7", "--by", "post"])
    assert unknown.exit_code == 1 and "has no version 7" in unknown.output
    no_address = runner.invoke(args=["signatures", "deliver", "belarus_senate", "1", "--by", "email"])
    assert no_address.exit_code == 1 and "no e-mail address" in no_address.output
    assert "not delivered" in runner.invoke(args=["signatures", "versions", "belarus_senate"]).output
