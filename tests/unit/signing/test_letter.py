"""The letter's placeholders are one fact: what ``letter_context`` fills in is exactly what the
campaign checks allow (``campaigns.fields.letter_placeholders``)."""
from __future__ import annotations

import pytest

from undersigned.app_state import registry_of
from undersigned.campaigns.fields import letter_placeholders
from undersigned.campaigns.model import FormField
from undersigned.signing.letter import letter_context


@pytest.mark.parametrize("slug", ["belarus_state_dept", "belarus_senate"])
@pytest.mark.parametrize("preview", [False, True])
def test_the_letter_gets_exactly_the_names_the_checks_allow(app, slug, preview):
    with app.test_request_context():
        campaign = registry_of().get(slug)
        assert set(letter_context(campaign, {}, preview=preview)) == letter_placeholders(campaign.fields)


def test_the_allowed_names_are_the_fields_and_the_letters_context():
    assert letter_placeholders((FormField("street", "Street"),)) == {
        "first_name", "last_name", "email", "street", "campaign", "recipient", "today", "signatories"}
