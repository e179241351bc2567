"""Lists sorted in the reader's alphabet (i18n.collation)."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("language, before, after", [
    ("be", "Агаё", "Ілінойс"), ("be", "Аёва", "Арэгон"), ("ru", "Мэн", "Огайо"), ("en", "Alabama", "Wyoming")])
def test_lists_of_states_follow_the_readers_alphabet(client, language, before, after):
    html = client.get(f"/{language}/c/belarus_state_dept").get_data(as_text=True)
    states = html.split('name="us_state"', 1)[1].split("</select>", 1)[0]
    assert states.index(f">{before}<") < states.index(f">{after}<")
