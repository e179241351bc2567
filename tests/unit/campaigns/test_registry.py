"""A campaign's checks at load (campaigns.registry): a field's name is the campaign's own, except
the few names the platform had when the plugin contract was first documented; the problem names
the field."""
from __future__ import annotations

import dataclasses

import pytest

from tests.support.signing import page_inputs, form_inputs
from undersigned.campaigns.fields import RESERVED_FIELD_NAMES, all_fields
from undersigned.campaigns.registry import CampaignRegistry, check_campaign
from undersigned.contract import Campaign, FormField
from undersigned.signing.records import export_table

#: The names a campaign's field may not take, each the platform's since the plugin contract was
#: first documented (docs/plugins.md as of stop 5, commit 562d626): the shared fields, the
#: letter's own names, what the sign form posted and the form object's attributes.
FIRST_CONTRACT_NAMES = frozenset({
    "first_name", "last_name", "email",
    "campaign", "recipient", "today", "signatories",
    "csrf_token", "public_name", "website", "preview", "captcha_token", "captcha_answer", "altcha",
    "data", "errors", "form_errors", "meta", "validate", "process", "populate_obj", "hidden_tag",
})


def the_seed(app) -> Campaign:
    return app.extensions["undersigned"].campaigns.get("belarus_state_dept")


def problems_of(app, campaign: Campaign) -> list[str]:
    return check_campaign(campaign, app, app.extensions["undersigned"].plugins, CampaignRegistry())


def problems_with_field(app, name: str, campaign: Campaign | None = None) -> list[str]:
    """What the checks say of ``campaign`` (the seed campaign) with one more field called ``name``."""
    campaign = campaign or the_seed(app)
    return problems_of(app, dataclasses.replace(campaign, fields=(*campaign.fields, FormField(name, "A question"))))


def test_the_export_heads_the_campaigns_own_fields_apart_from_its_columns(app):
    seed = the_seed(app)
    with app.app_context():
        header, _ = export_table(seed)
    assert len(header) == len(set(header))
    assert [column for column in header if column.startswith("field:")] == ["field:country", "field:us_state"]
    assert {"id", "status", "email", "first_name", "letter_name", "language", "ip_hash"} <= set(header)


def test_every_name_the_sign_form_posts_is_reserved(app, client):
    seed = the_seed(app)
    posted = set(page_inputs(client, "/c/belarus_state_dept"))
    assert posted - {f.name for f in all_fields(seed)} <= set(RESERVED_FIELD_NAMES)
    assert {"public_name", "captcha_answer", "captcha_token"} <= posted


def test_no_name_is_reserved_since_the_first_documented_contract(app):
    """A campaign's field names are its own: a name the platform takes later refuses a plugin
    that loaded and signed the release before (a ``status`` field was refused once the export
    had a ``status`` column). Only the names the platform already had when the contract was
    first documented may be refused, and this list must never grow: keep a new name of the
    platform's apart from the fields instead (the export heads them ``field:<name>``; a new
    input of the sign form takes a name no field can have, e.g. with a ``-``)."""
    seed = the_seed(app)
    in_cyrillic = dataclasses.replace(seed, letter_language="ru")  # no letter_name asked
    candidates = set(RESERVED_FIELD_NAMES) | {field.name for campaign in (seed, in_cyrillic)
                                              for field in all_fields(campaign) if field not in campaign.fields}
    refused = {name for name in candidates for campaign in (seed, in_cyrillic)
               if set(problems_with_field(app, name, campaign)) - set(problems_of(app, campaign))}
    assert set(RESERVED_FIELD_NAMES) <= FIRST_CONTRACT_NAMES
    assert refused == FIRST_CONTRACT_NAMES


@pytest.mark.parametrize("name", ["email", "public_name", "csrf_token", "website", "recipient", "data"])
def test_a_field_with_a_reserved_name_is_refused_naming_the_field(app, name):
    problems = problems_with_field(app, name)
    assert any(repr(name) in problem for problem in problems), problems
    if name != "email":  # a shared field: reported as defined twice
        assert any(f"field {name!r} has a reserved name" in problem for problem in problems), problems


@pytest.mark.parametrize("name", [
    "status", "id", "created_at", "language", "referral", "ip_hash", "letter_edited",  # export columns
    "letter_name", "gettext", "ngettext", "houseNumber"])
def test_a_name_the_platform_took_after_the_first_contract_is_the_campaigns(app, name):
    assert problems_with_field(app, name) == []


@pytest.mark.parametrize("name", ["house number", "2nd_line", "street-name", "_hidden"])
def test_a_field_name_that_is_no_placeholder_is_refused(app, name):
    assert any(f"field {name!r} must be named with letters, digits and '_'" in problem
               for problem in problems_with_field(app, name))


def test_an_ordinary_field_name_passes(app):
    assert problems_with_field(app, "house_number") == []
