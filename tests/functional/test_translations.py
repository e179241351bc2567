"""Russian and Belarusian through every page a supporter reaches and every e-mail they get:
nothing is left in English."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import polib
import pytest

from tests.conftest import REPO
from tests.support.catalogs import compile_repository_catalogs
from tests.support.outbox import deliver
from tests.support.helpdesk import IVAN
from tests.support.signing import SENATE_SIGNER, STATE_DEPT_SIGNER, form_inputs, link_in, post_form, sign
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage
from undersigned.signing.letter import render_letter_text
from undersigned.signing.models import Signature

TARGETS = ("ru", "be")


@pytest.fixture(scope="module", autouse=True)
def compiled(tmp_path_factory):
    compile_repository_catalogs(tmp_path_factory.mktemp("catalogs"))


def source_strings() -> set[str]:
    """Every English msgid of the core and the campaigns, as it would appear in a page."""
    strings: set[str] = set()
    for pot in [REPO / "translations" / "messages.pot", *REPO.glob("campaigns/*/translations/*.pot")]:
        for entry in polib.pofile(str(pot)):
            for text in (entry.msgid, entry.msgid_plural):
                # the literal parts between placeholders, long enough to be a phrase
                strings |= {part.strip() for part in re.split(r"%\(\w+\)\w|\{\w*\}", text or "")
                            if len(part.strip().split()) >= 2}
    return strings


def without_english_parts(html: str) -> str:
    """Drop what is meant to stay English: the delivered letter (lang="en" blocks), markup."""
    html = re.sub(r'<div class="letter[^"]*" lang="en"[^>]*>.*?</div>\s*(?=<(?:/?section|/?details|/main))', "", html, flags=re.S)
    html = re.sub(r'<textarea[^>]*lang="en"[^>]*>.*?</textarea>|<input[^>]*lang="en"[^>]*>', "", html, flags=re.S)
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", html)


def english_left(text: str) -> list[str]:
    from html import unescape
    text = unescape(text)
    return sorted(s for s in source_strings() if s in text)


@pytest.mark.parametrize("language", TARGETS)
def test_the_confirmation_email_is_in_the_signers_language(app, client, language):
    sign(client, app, "belarus_state_dept", f"/{language}", **STATE_DEPT_SIGNER)
    deliver(app)
    with app.app_context():
        message = db.session.scalars(db.select(OutboxMessage)).one()
    assert message.language == language
    assert f"/{language}/c/belarus_state_dept/confirm/" in message.body_text
    assert english_left(message.body_text) == []
    assert english_left(message.subject) == []


def public_pages(app, client, language: str) -> dict[str, str]:
    """Every page a supporter can reach, rendered in ``language``."""
    prefix = f"/{language}"
    pages = {"home": client.get(f"{prefix}/").get_data(as_text=True)}
    for slug, signer in (("belarus_state_dept", STATE_DEPT_SIGNER), ("belarus_senate", SENATE_SIGNER)):
        pages[slug] = client.get(f"{prefix}/c/{slug}").get_data(as_text=True)
        wrong = sign(client, app, slug, prefix, captcha="WRONG", **dict(signer, email=""))
        pages[f"{slug} errors"] = wrong.get_data(as_text=True)
        done = sign(client, app, slug, prefix, **signer)
        pages[f"{slug} check"] = client.get(done.location).get_data(as_text=True)
        again = sign(client, app, slug, prefix, **signer)
        pages[f"{slug} repeat"] = client.get(again.location).get_data(as_text=True)
        deliver(app)
        with app.app_context():
            body = db.session.scalars(db.select(OutboxMessage).filter_by(campaign=slug, kind="confirm")).one().body_text
        link = urlsplit(re.search(r"https?://\S+", body).group(0)).path
        confirm = client.get(link).get_data(as_text=True)
        pages[f"{slug} confirm"] = confirm
        thanks = client.post(link, data={"csrf_token": form_inputs(confirm)["csrf_token"]}, follow_redirects=True)
        pages[f"{slug} thanks"] = thanks.get_data(as_text=True)
    pages["joint letter"] = client.get(f"{prefix}/c/belarus_senate/letter").get_data(as_text=True)
    pages["not found"] = client.get(f"{prefix}/c/nothing-here").get_data(as_text=True)
    pages["expired form"] = client.post(f"{prefix}/c/belarus_senate/confirm/x", data={}).get_data(as_text=True)
    pages["login"] = client.get(f"{prefix}/console/login").get_data(as_text=True)
    pages["help form"] = client.get(f"{prefix}/c/belarus_senate/help").get_data(as_text=True)
    asked = post_form(client, app, f"{prefix}/c/belarus_senate/help", None, dict(IVAN, language=language))
    with app.app_context():
        acknowledgement = db.session.scalars(db.select(OutboxMessage).filter_by(kind="help_ack")).one()
    pages["help sent"] = client.get(asked.location).get_data(as_text=True)
    pages["help request"] = client.get(urlsplit(link_in(acknowledgement.body_text)).path).get_data(as_text=True)
    return pages


@pytest.mark.parametrize("language", TARGETS)
def test_no_english_is_left_on_any_public_page_or_email(app, client, language):
    for name, html in public_pages(app, client, language).items():
        assert f'lang="{language}"' in html, name
        assert english_left(without_english_parts(html)) == [], name
    deliver(app)
    with app.app_context():
        messages = db.session.scalars(db.select(OutboxMessage)).all()
        assert {message.kind for message in messages} == {"confirm", "reminder", "letter_copy", "help_ack"}
        for message in messages:
            assert message.language == language
            body = message.body_text
            if message.kind == "letter_copy":  # the letter itself stays as it is delivered
                signature = db.session.get(Signature, message.signature_id)
                body = body.replace(render_letter_text(registry_of().get(message.campaign), signature.fields), "")
            assert english_left(message.subject) == [] and english_left(body) == [], message.kind


def recipient_block(html: str) -> str:
    """The name in the campaign page's recipient section."""
    return re.search(r'<section class="recipient".*?<strong>(.*?)</strong>', html, re.S).group(1)


@pytest.mark.parametrize("language, named, addressed", [
    ("en", "The Honorable Mike Pompeo", "The Honorable Mike Pompeo<br>"),
    ("ru", "Майк Помпео", "Государственному секретарю США<br>\n  Майку Помпео<br>"),
    ("be", "Майк Пампеа", "Дзяржаўнаму сакратару ЗША<br>\n  Майку Пампеа<br>"),
])
def test_the_recipient_is_named_one_way_per_language_on_both_campaigns(client, language, named, addressed):
    prefix = "" if language == "en" else f"/{language}"
    pages = {slug: client.get(f"{prefix}/c/{slug}").get_data(as_text=True)
             for slug in ("belarus_state_dept", "belarus_senate")}
    assert {slug: recipient_block(html) for slug, html in pages.items()} == dict.fromkeys(pages, named)
    home = client.get(f"{prefix}/").get_data(as_text=True)
    assert home.count(named) == 2 and "Michael" not in home  # "To: ..." under each campaign
    # "The Honorable" has no Russian or Belarusian equivalent: not «господин», not «спадар»
    assert not re.search(r"господин\w* Майк|спадар\w* Майк", home + "".join(pages.values()))
    letter = pages["belarus_senate"]
    if language != "en":
        letter = letter.split('class="letter-translation"', 1)[1]
    assert addressed in letter  # a letter's address block is in the dative
