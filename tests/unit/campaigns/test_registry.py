"""A campaign's checks at load (campaigns.registry): a field may not take a name the export, the
sign form or the letter already uses, and the problem names the field."""
from __future__ import annotations

import dataclasses

import pytest

from tests.support.signing import form_inputs
from undersigned.campaigns.fields import RESERVED_FIELD_NAMES, all_fields
from undersigned.campaigns.registry import CampaignRegistry, check_campaign
from undersigned.contract import FormField
from undersigned.signing.records import export_table


def problems_with_field(app, name: str) -> list[str]:
    """What the checks say of the seed campaign with one more field called ``name``."""
    seed = app.extensions["undersigned"].campaigns.get("belarus_state_dept")
    campaign = dataclasses.replace(seed, fields=(*seed.fields, FormField(name, "A question")))
    return check_campaign(campaign, app, app.extensions["undersigned"].plugins, CampaignRegistry())


def test_every_column_of_the_export_is_a_reserved_field_name(app):
    seed = app.extensions["undersigned"].campaigns.get("belarus_state_dept")
    with app.app_context():
        header, _ = export_table(seed)
    own = {f.name for f in all_fields(seed)}
    assert set(header) - own <= set(RESERVED_FIELD_NAMES)
    assert {"id", "status", "language", "ip_hash"} <= set(header) - own


def test_every_name_the_sign_form_posts_is_reserved(app, client):
    seed = app.extensions["undersigned"].campaigns.get("belarus_state_dept")
    posted = set(form_inputs(client.get("/c/belarus_state_dept").get_data(as_text=True)))
    assert posted - {f.name for f in all_fields(seed)} <= set(RESERVED_FIELD_NAMES)
    assert {"csrf_token", "public_name", "captcha_answer"} <= posted


@pytest.mark.parametrize("name", ["status", "email", "public_name", "csrf_token", "recipient", "data"])
def test_a_field_with_a_reserved_name_is_refused_naming_the_field(app, name):
    problems = problems_with_field(app, name)
    assert any(repr(name) in problem for problem in problems), problems
    if name != "email":  # a shared field: reported as defined twice
        assert any(f"field {name!r} has a reserved name" in problem for problem in problems), problems


@pytest.mark.parametrize("name", ["Street", "house number", "2nd_line", "street-name"])
def test_a_field_name_that_is_no_placeholder_is_refused(app, name):
    assert any(f"field {name!r} must be named with lowercase letters" in problem
               for problem in problems_with_field(app, name))


def test_an_ordinary_field_name_passes(app):
    assert problems_with_field(app, "house_number") == []
