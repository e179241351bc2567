"""The joint letter's public page links the latest delivered version as a PDF anyone may read:
the letter as delivered, naming only the co-signers who agree to be shown now and counting the
others (the recipient's copy names them all and is never published), drawn once per change to
the co-signers. For a reader of Russian or Belarusian it links the letter's reading translation,
shown below the letter."""
from __future__ import annotations

import re

from sqlalchemy import select

from tests.functional.test_joint_letter_versions import pdf_text
from tests.functional.delivery.test_joint_public_names import SLUG, sign_all
from tests.unit.delivery.test_joint_public_page import reads_of_signatures
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.privacy.service import withdraw
from undersigned.signing.models import Signature

PAGE = f"/c/{SLUG}/letter"


def freeze_and_deliver(runner, number: int) -> None:
    assert runner.invoke(args=["signatures", "freeze", SLUG]).exit_code == 0
    delivered = runner.invoke(args=["signatures", "deliver", SLUG, str(number), "--by", "hand"])
    assert delivered.exit_code == 0, delivered.output


def pdf_link(page: str) -> str | None:
    match = re.search(r'<a href="([^"]+\.pdf)" type="application/pdf">The letter as delivered, version (\d+) \(PDF\)</a>', page)
    return match and match.group(1)


def test_the_latest_delivered_version_is_linked_and_names_only_the_co_signers_shown(app, client, runner):
    sign_all(app, runner)  # Ada is shown, Grace and Katherine are not
    assert runner.invoke(args=["signatures", "freeze", SLUG]).exit_code == 0
    assert pdf_link(client.get(PAGE).get_data(as_text=True)) is None  # frozen is not delivered
    assert client.get(f"{PAGE}/v1.pdf").status_code == 404
    assert runner.invoke(args=["signatures", "deliver", SLUG, "1", "--by", "post"]).exit_code == 0
    freeze_and_deliver(runner, 2)

    link = pdf_link(client.get(PAGE).get_data(as_text=True))
    assert link == f"{PAGE}/v2.pdf"
    response = client.get(link)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("inline") and "belarus_senate-v2.pdf" in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    assert "Sincerely," in text and "Ada Lovelace" in text and "and 2 more co-signers" in text
    assert all(name not in text for name in ("Grace", "Hopper", "Katherine", "Johnson"))
    assert client.get(f"{PAGE}/v3.pdf").status_code == 404


def test_a_co_signer_who_withdraws_after_delivery_is_no_longer_named_but_still_counted(app, client, runner):
    sign_all(app, runner)
    freeze_and_deliver(runner, 1)
    assert "Ada Lovelace" in pdf_text(client.get(f"{PAGE}/v1.pdf").data)
    with app.app_context():
        ada = db.session.scalar(select(Signature).filter_by(campaign=SLUG, id=1))
        assert withdraw(ada, registry_of().get(SLUG))
    text = pdf_text(client.get(f"{PAGE}/v1.pdf").data)
    assert "Ada" not in text and "Lovelace" not in text and "and 3 more co-signers" in text


def test_a_repeated_request_for_a_version_is_served_from_the_copy_drawn(app, client, runner):
    sign_all(app, runner)
    freeze_and_deliver(runner, 1)
    first = client.get(f"{PAGE}/v1.pdf").data
    with reads_of_signatures(app) as reads:
        assert client.get(f"{PAGE}/v1.pdf").data == first
    assert reads == []


def test_the_public_copy_reads_the_same_in_every_language_of_the_page(app, client, runner):
    sign_all(app, runner)
    freeze_and_deliver(runner, 1)
    russian = client.get(f"/ru{PAGE}/v1.pdf")
    assert russian.status_code == 200 and "and 2 more co-signers" in pdf_text(russian.data)  # the letter's language


def test_a_russian_or_belarusian_reader_gets_the_reading_translation_linked(client):
    english = client.get(PAGE).get_data(as_text=True)
    assert 'href="#translation"' not in english and 'id="translation"' not in english
    for language, words in (("ru", "Уважаемый"), ("be", "Паважаны")):
        page = client.get(f"/{language}{PAGE}").get_data(as_text=True)
        assert page.index('href="#translation"') < page.index('<div class="letter joint-letter" lang="en">')
        translation = page[page.index('id="translation"'):]
        assert f'<div class="letter" lang="{language}">' in translation and words in translation
