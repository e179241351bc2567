"""The letter (signing.letter): read in translation while the original is what is delivered."""
from __future__ import annotations

import pytest


TARGETS = ("ru", "be")


@pytest.mark.parametrize("language", TARGETS)
def test_the_letter_can_be_read_in_translation_while_the_original_is_delivered(client, language):
    html = client.get(f"/{language}/c/belarus_state_dept").get_data(as_text=True)
    assert "Dear Mr. Pompeo and the State Department Team," in html  # the original, as delivered
    translation = html.split('class="letter-translation"', 1)[1]
    assert f'lang="{language}"' in translation
    assert "Dear Mr. Pompeo" not in translation
