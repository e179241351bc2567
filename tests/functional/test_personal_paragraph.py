"""A personal paragraph (``Campaign.personal_paragraph``): the form offers it within the
campaign's limits, refuses what breaks them (or the rules of every field) keeping what was typed
and writing nothing; the paragraph reaches the delivered letter (``email``) and the supporter's
copy (``self_submit``), the signature records the edit for organizers, and erasure removes it."""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
import sys
import unicodedata
from urllib.parse import urlsplit

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from tests.conftest import make_app, use_smtp
from tests.functional.test_hostile_input import PAYLOADS
from tests.support.outbox import deliver, mails_to
from tests.support.plugins import cli, unique, write_plugin
from tests.support.signing import form_inputs, link_in, sign
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage
from undersigned.privacy import service as privacy
from undersigned.signing.validators import tidy_lines
from undersigned.signing.models import Signature

PLUGIN = '''\
from pathlib import Path

from undersigned.contract import Campaign, ParagraphOptions, Recipient, hookimpl

HERE = Path(__file__).resolve().parent


@hookimpl
def undersigned_campaigns(config):
    return [Campaign(slug=f"{{__name__}}_{{channel}}", title="Fix the potholes", summary="Ask the mayor.",
                     recipient=Recipient(name="Ana Gomez", honorific="Mayor", email="mayor@city.example",
                                         contact_form_url="https://city.example/contact"),
                     channel=channel, subject="Potholes", template_folder=HERE / "templates",
                     personal_paragraph=ParagraphOptions({options}))
            for channel in {channels!r}]
'''
TEMPLATES = {
    "letter.txt": "Dear {{ recipient.display_name }},\n\nPlease fix the potholes.\n\n"
                  "{% if personal_paragraph %}{{ personal_paragraph }}\n\n{% endif %}{{ letter_name }}\n",
    "letter.html": "<p>Dear {{ recipient.display_name }},</p>\n<p>Please fix the potholes.</p>\n"
                   "{% if personal_paragraph %}<p class=\"personal-paragraph\">{{ personal_paragraph }}</p>{% endif %}\n"
                   "<p>{{ letter_name }}</p>\n",
}
OPTIONS = "max_length=300, min_length=20, max_lines=4"
SIGNER = {"first_name": "Rosa", "last_name": "Parks", "letter_name": "Rosa Parks", "email": "rosa@example.org"}
PARAGRAPH = "I live on Elm Street.\r\nThe holes broke my bike twice this spring."
STORED = "I live on Elm Street.\nThe holes broke my bike twice this spring."


def paragraph_app(tmp_path, monkeypatch, *, channels=("email", "self_submit"), options=OPTIONS,
                  templates=TEMPLATES, **config):
    module = unique("paragraph")
    write_plugin(tmp_path / "campaigns", module, templates=templates,
                 source=PLUGIN.format(options=options, channels=tuple(channels)))
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(tmp_path / "campaigns"), **config)
    app.module = module
    return app


@pytest.fixture
def app(tmp_path, monkeypatch):
    app = paragraph_app(tmp_path, monkeypatch)
    yield app
    sys.modules.pop(app.module, None)


def slug(app, channel: str) -> str:
    return f"{app.module}_{channel}"


def counts(app) -> tuple[int, int]:
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(Signature)),
                db.session.scalar(select(func.count()).select_from(OutboxMessage)))


def signature_of(app, email: str) -> Signature:
    with app.app_context():
        signature = db.session.scalar(select(Signature).where(Signature.email == email))
        db.session.expunge(signature)
        return signature


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def confirm(app, client, email: str) -> str:
    """Follow the confirmation link mailed to ``email`` and press the button; the thanks page's path."""
    deliver(app)
    link = urlsplit(link_in(mails_to(app, email)[-1].get_body(("plain",)).get_content())).path
    page = client.get(link).get_data(as_text=True)
    confirmed = client.post(link, data={"csrf_token": form_inputs(page)["csrf_token"]})
    assert confirmed.status_code == 302
    return urlsplit(confirmed.location).path


def test_the_form_offers_the_paragraph_with_its_limits(app):
    html = app.test_client().get(f"/c/{slug(app, 'email')}").get_data(as_text=True)
    textarea = re.search(r'<textarea[^>]*name="personal_paragraph"[^>]*>', html).group(0)
    assert 'maxlength="300"' in textarea and "required" not in textarea
    assert '<label for="personal_paragraph">Your own paragraph (optional)</label>' in html
    assert "Up to 300 characters. At least 20 characters. Up to 4 lines." in html


@pytest.mark.parametrize("language, label, hint", [
    ("ru", "Ваш собственный абзац (по желанию)", "Не больше 300 символов. Не меньше 20 символов. Не больше 4 строк."),
    ("be", "Ваш уласны абзац (па жаданні)", "Не больш за 300 сімвалаў. Не менш за 20 сімвалаў. Не больш за 4 радкі."),
])
def test_the_paragraph_is_offered_in_the_readers_language(app, language, label, hint):
    html = app.test_client().get(f"/{language}/c/{slug(app, 'email')}").get_data(as_text=True)
    assert f'<label for="personal_paragraph">{label}</label>' in html and hint in html


def test_the_paragraph_reaches_the_letter_the_recipient_gets(app, smtp_server):
    use_smtp(app, smtp_server)
    client = app.test_client()
    assert sign(client, app, slug(app, "email"), **SIGNER, personal_paragraph=PARAGRAPH).status_code == 302
    deliver(app)
    [mail] = [m for m in smtp_server.messages if m["To"] == SIGNER["email"]]
    link = urlsplit(link_in(mail.get_body(("plain",)).get_content())).path
    page = client.get(link).get_data(as_text=True)
    assert client.post(link, data={"csrf_token": form_inputs(page)["csrf_token"]}).status_code == 302
    deliver(app)
    [letter] = [m for m in smtp_server.messages if m["To"] == "mayor@city.example"]
    assert f"Please fix the potholes.\n\n{STORED}\n\nRosa Parks" in text_of(letter)
    assert letter["Reply-To"] == SIGNER["email"]


def test_the_paragraph_is_in_the_self_submit_copy_and_on_the_page(app):
    client = app.test_client()
    paragraph = "Our street <b>is</b> a danger & a disgrace to the city."
    assert sign(client, app, slug(app, "self_submit"), **SIGNER, personal_paragraph=paragraph).status_code == 302
    thanks = client.get(confirm(app, client, SIGNER["email"])).get_data(as_text=True)
    deliver(app)
    [copy] = [m for m in mails_to(app, SIGNER["email"]) if "Your letter to send" in m["Subject"]]
    assert f"Please fix the potholes.\n\n{paragraph}\n\nRosa Parks" in text_of(copy)
    assert str(escape(paragraph)) in thanks and paragraph not in thanks


def test_the_preview_shows_the_paragraph_escaped_and_keeps_its_lines(app):
    client = app.test_client()
    inputs = form_inputs(client.get(f"/c/{slug(app, 'email')}").get_data(as_text=True))
    before = counts(app)
    html = client.post(f"/c/{slug(app, 'email')}", data=dict(SIGNER, csrf_token=inputs.get("csrf_token"), preview="1",
                                                           personal_paragraph="<i>Elm</i> Street\r\nis broken.")
                       ).get_data(as_text=True)
    assert '<p class="personal-paragraph"><span class="letter-field" data-field="personal_paragraph"' in html
    assert "&lt;i&gt;Elm&lt;/i&gt; Street\nis broken.</span>" in html
    assert counts(app) == before


def test_the_signature_records_the_edit_for_organizers(app):
    client = app.test_client()
    assert sign(client, app, slug(app, "email"), **SIGNER, personal_paragraph=PARAGRAPH).status_code == 302
    other = dict(SIGNER, email="ada@example.org", first_name="Ada", last_name="Lovelace", letter_name="Ada Lovelace")
    assert sign(app.test_client(), app, slug(app, "email"), **other, personal_paragraph="  \r\n ").status_code == 302
    edited, plain = signature_of(app, SIGNER["email"]), signature_of(app, "ada@example.org")
    assert (edited.letter_edited, edited.fields["personal_paragraph"]) == (True, STORED)
    assert (plain.letter_edited, plain.fields["personal_paragraph"]) == (False, "")
    listed = cli(app, "signatures", "list", slug(app, "email")).output.splitlines()
    assert re.search(r"pending\s+edited\s+Rosa Parks$", listed[0]) and "edited" not in listed[1]
    exported = cli(app, "signatures", "export", slug(app, "email"))
    assert exported.exit_code == 0, exported.output
    rows = list(csv.DictReader(io.StringIO(exported.output)))
    assert [(row["personal_paragraph"], row["letter_edited"]) for row in rows] == [(STORED, "yes"), ("", "no")]


REFUSED = [
    ("over-the-limit", "Elm Street is broken, " * 14 + "again.", "Please use at most 300 characters."),
    ("too-short", "Fix it.", "Please write at least 20 characters, or leave this empty."),
    ("too-many-lines", "Elm Street is broken.\n1\n2\n3\n4", "Please use at most 4 lines."),
    ("a-link", "Look at https://spam.example/x for photos.", "Please leave out links and web addresses"),
    ("a-bare-www", "Photos on www.spam.example of our street.", "Please leave out links and web addresses"),
    ("a-script-url", "javascript:alert(1) in the middle of words", "Please leave out links and web addresses"),
    ("a-bare-domain", "Verify your vote at evil-example.com/verify today.", "Please leave out links and web addresses"),
    ("a-short-link", "Photos of the holes: bit.ly/3xYz12 and more.", "Please leave out links and web addresses"),
    ("a-spaced-scheme", "Photos of the holes: https ://evil.example now.", "Please leave out links and web addresses"),
    ("an-e-mail-address", "Write to me at rosa.parks@example.org any day.", "Please leave out links and web addresses"),
    ("a-tel-link", "Call the council on tel:+12025550100 today.", "Please leave out links and web addresses"),
    ("a-null-byte", "Elm Street is broken\x00 again and again.", "Please remove the invisible control characters."),
    ("an-rtl-override", "Elm Street \u202eis broken again and again.", "Please remove the invisible control characters."),
    ("cyrillic", "Улица Вязов вся в ямах, почините её.", "Please write this in Latin letters"),
    ("combining-flood", "Elm Stre\u0301\u0302\u0303\u0304\u0305\u0306et is broken.", "Please remove the extra accent marks."),
]


@pytest.mark.parametrize("value, message", [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED])
def test_a_paragraph_breaking_the_rules_is_refused_keeping_what_was_typed(app, value, message):
    client = app.test_client()
    before = counts(app)
    response = sign(client, app, slug(app, "email"), **SIGNER, personal_paragraph=value)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert counts(app) == before
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "Your own paragraph (optional)" in summary and message in summary
    textarea = re.search(r'<textarea[^>]*name="personal_paragraph"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    assert textarea.strip("\r\n") == str(escape(unicodedata.normalize("NFC", value)))
    assert 'value="Rosa"' in html  # the other fields are kept too


@pytest.fixture(scope="module")
def battery_app(tmp_path_factory):
    """One app for the hostile-input battery: a paragraph of up to 300 characters, no other limit."""
    tmp_path = tmp_path_factory.mktemp("paragraph")
    with pytest.MonkeyPatch.context() as patch:
        app = paragraph_app(tmp_path, patch, channels=("email",), options="max_length=300", RATELIMIT_ENABLED=False)
        yield app
    sys.modules.pop(app.module, None)


#: The battery's payloads a paragraph may hold: markup is text like any other (escaped wherever
#: shown), line breaks are its own, 300 characters is its limit (``crlf-bcc-header`` names an
#: e-mail address, which a mail client would turn into a link).
PARAGRAPH_OK = {"script-tag", "attribute-breakout", "single-quote-breakout", "textarea-breakout", "svg-onload",
                "template-expression", "template-statement", "pre-escaped", "html-comment", "cdata", "url-encoded",
                "lf-subject-header", "cr-only", "crlf-alone", "300-characters", "emoji",
                "decomposed-accent", "only-spaces"}


@pytest.mark.parametrize("payload", PAYLOADS, ids=[payload.id for payload in PAYLOADS])
def test_the_hostile_input_battery_in_the_paragraph(battery_app, payload):
    app, client = battery_app, battery_app.test_client()
    before = counts(app)
    email = f"{payload.id}@example.org"
    response = sign(client, app, slug(app, "email"), **dict(SIGNER, email=email), personal_paragraph=payload.value)
    html = response.get_data(as_text=True)
    if payload.too_large:
        assert response.status_code == 413 and counts(app) == before
    elif payload.id in PARAGRAPH_OK:
        assert response.status_code == 302, html[:300]
        stored = signature_of(app, email)
        expected = tidy_lines(unicodedata.normalize("NFC", payload.value))
        assert (stored.fields["personal_paragraph"], stored.letter_edited) == (expected, bool(expected))
    else:
        assert response.status_code == 400 and counts(app) == before
        assert 'class="error-summary"' in html and "<script>alert" not in html
        assert str(escape(tidy_lines(unicodedata.normalize("NFC", payload.value)))) in html  # kept, escaped


def test_withdrawal_and_the_purge_erase_the_paragraph(app):
    client = app.test_client()
    assert sign(client, app, slug(app, "self_submit"), **SIGNER, personal_paragraph=PARAGRAPH).status_code == 302
    confirm(app, client, SIGNER["email"])
    other = dict(SIGNER, email="ada@example.org", first_name="Ada", last_name="Lovelace", letter_name="Ada Lovelace")
    assert sign(app.test_client(), app, slug(app, "self_submit"), **other, personal_paragraph=PARAGRAPH).status_code == 302
    deliver(app)
    with app.test_request_context():
        campaign = registry_of().get(slug(app, "self_submit"))
        withdrawn = db.session.scalar(select(Signature).where(Signature.email == SIGNER["email"]))
        assert privacy.withdraw(withdrawn, campaign)
        closed = dataclasses.replace(campaign, closes=dt.date(2020, 1, 1))
        assert privacy.purge([closed], after_days=30).signatures == 1
        for signature in db.session.scalars(select(Signature)):
            assert "personal_paragraph" not in signature.fields and signature.erased_at is not None
        held = db.session.scalars(select(OutboxMessage.body_text)).all()
    assert held and not any("broke my bike" in body for body in held)


JOINT = '''\
from pathlib import Path

from undersigned.contract import Campaign, ParagraphOptions, Recipient, hookimpl

HERE = Path(__file__).resolve().parent


@hookimpl
def undersigned_campaigns(config):
    return [Campaign(slug=__name__, title="Fix the potholes", summary="Ask the mayor.",
                     recipient=Recipient(name="Ana Gomez"), channel="joint",
                     template_folder=HERE / "templates", personal_paragraph=ParagraphOptions())]
'''


def test_a_campaign_whose_channel_delivers_one_letter_for_all_cannot_offer_it(tmp_path, monkeypatch):
    module = unique("paragraph_joint")
    write_plugin(tmp_path / "campaigns", module, templates=TEMPLATES, source=JOINT)
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(tmp_path / "campaigns"))
    output = cli(app, "campaigns", "list").output
    assert "delivery channel 'joint' does not deliver each signer's own letter: it allows no personal_paragraph" in output
    assert app.test_client().get(f"/c/{module}").status_code == 404
    sys.modules.pop(module, None)


def test_a_letter_that_does_not_place_the_paragraph_does_not_load(tmp_path, monkeypatch):
    templates = dict(TEMPLATES, **{"letter.txt": "Dear {{ recipient.display_name }},\n\n{{ letter_name }}\n"})
    app = paragraph_app(tmp_path, monkeypatch, channels=("email",), options="max_length=0, max_lines=0",
                        templates=templates)
    output = cli(app, "campaigns", "list").output
    assert "template 'letter.txt' does not place the personal paragraph" in output
    assert "personal_paragraph.max_length must be at least 1" in output
    assert "personal_paragraph.max_lines must be at least 1" in output
    sys.modules.pop(app.module, None)
