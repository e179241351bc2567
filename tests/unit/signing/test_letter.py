"""The letter (signing.letter): read in translation while the original is what is delivered; and
its placeholders are one fact: what ``letter_context`` fills in is exactly what the campaign
checks allow (``campaigns.fields.letter_placeholders``)."""
from __future__ import annotations

import pytest

from undersigned.app_state import registry_of
from undersigned.campaigns.fields import letter_placeholders
from undersigned.campaigns.model import FormField
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
        assert set(letter_context(campaign, {}, preview=preview)) == letter_placeholders(campaign.fields)


def test_the_allowed_names_are_the_fields_and_the_letters_context():
    assert letter_placeholders((FormField("street", "Street"),)) == {
        "first_name", "last_name", "email", "street", "campaign", "recipient", "today", "signatories"}
