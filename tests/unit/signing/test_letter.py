"""The letter (signing.letter): read in translation while the original is what is delivered; and
its placeholders are one fact: what ``letter_context`` fills in is exactly what the campaign
checks allow (``campaigns.fields.letter_placeholders``)."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from undersigned.app_state import registry_of
from undersigned.campaigns.fields import letter_placeholders
from undersigned.campaigns.model import Campaign, FormField, Recipient
from undersigned.signing.letter import letter_context

TARGETS = ("ru", "be")


@pytest.mark.parametrize("language", TARGETS)
def test_the_letter_can_be_read_in_translation_while_the_original_is_delivered(client, language):
    html = client.get(f"/{language}/c/belarus_state_dept").get_data(as_text=True)
    assert "Dear Mr. Pompeo and the State Department Team," in html  # the original, as delivered
    translation = html.split('class="letter-translation"', 1)[1]
    assert f'lang="{language}"' in translation
    assert "Dear Mr. Pompeo" not in translation


@pytest.mark.parametrize("slug", ["belarus_state_dept", "belarus_senate"])
@pytest.mark.parametrize("preview", [False, True])
def test_the_letter_gets_exactly_the_names_the_checks_allow(app, slug, preview):
    with app.test_request_context():
        campaign = registry_of().get(slug)
        assert set(letter_context(campaign, {}, preview=preview)) == letter_placeholders(campaign)


def test_the_allowed_names_are_the_fields_and_the_letters_context():
    campaign = Campaign("potholes", "Potholes", "", Recipient("Ana Gomez"), "email", Path("."),
                        fields=(FormField("street", "Street"),))
    assert letter_placeholders(campaign) == {
        "first_name", "last_name", "letter_name", "email", "street", "campaign", "recipient", "today", "signatories"}
    # a letter in Russian is written in Cyrillic: no name in Latin letters is asked for
    assert "letter_name" not in letter_placeholders(dataclasses.replace(campaign, letter_language="ru"))
