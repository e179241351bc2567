"""The letter (signing.letter): read in translation while the original is what is delivered; and
its placeholders are one fact: what ``letter_context`` fills in is exactly what the campaign
checks allow (``campaigns.fields.letter_placeholders``)."""
from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from tests.conftest import make_app
from tests.support.plugins import unique, write_plugin
from undersigned.campaigns.fields import letter_placeholders
from undersigned.contract import Campaign, FormField, Recipient
from undersigned.contract.state import registry_of
from undersigned.signing.letter import letter_context, render_letter_html, render_letter_text

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


SELECT_AND_CONDITION = {
    "letter.txt": 'Dear {{ recipient.display_name }},\n{% if topic == "roads" %}Please repair our roads.'
                  '{% else %}Please look after our parks.{% endif %}\nTopic: {{ topic }}\n'
                  '{% if city %}I live in {{ city }}.\n{% endif %}{{ letter_name }}\n',
}
SELECT_AND_CONDITION["letter.html"] = SELECT_AND_CONDITION["letter.txt"]
TOPIC = ('FormField("topic", "Topic", type="select", choices=(("roads", "Roads and pavements"), '
         '("parks", "Parks"))), FormField("city", "Your city", required=False),')


@pytest.fixture
def topic_app(tmp_path, monkeypatch):
    name = unique("dropin")
    write_plugin(tmp_path / "campaigns", name, fields=TOPIC, templates=SELECT_AND_CONDITION)
    yield make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(tmp_path / "campaigns")), name
    sys.modules.pop(name, None)


def test_a_select_reaches_the_letter_as_its_value_and_conditions_choose_as_delivered(topic_app):
    """What docs/campaigns.md says: the value, never the label; a condition on a field chooses
    the same in the preview as in the delivered letter."""
    app, slug = topic_app
    with app.test_request_context():
        campaign = registry_of().get(slug)
        values = {"first_name": "Rosa", "last_name": "Parks", "letter_name": "Rosa Parks", "topic": "roads"}
        delivered = render_letter_text(campaign, values)
        preview = render_letter_html(campaign, values, preview=True)
        empty_preview = render_letter_html(campaign, {}, preview=True)
    assert "Please repair our roads." in delivered and "Topic: roads\n" in delivered
    assert "Roads and pavements" not in delivered and "I live in" not in delivered
    assert "Please repair our roads." in preview and 'data-field="topic"' in preview and ">roads</span>" in preview
    assert "I live in" not in preview
    assert "Please look after our parks." in empty_preview and ">[Topic]</span>" in empty_preview
    with app.test_request_context():
        assert "I live in Minsk." in render_letter_text(campaign, {**values, "city": "Minsk"})
        assert "I live in" in render_letter_html(campaign, {**values, "city": "Minsk"}, preview=True)
