"""The masked address a page shows to the person who typed it."""
from __future__ import annotations

import pytest

from undersigned.security.identity import mask_email


@pytest.mark.parametrize("address, shown", [
    ("anna@example.org", "a•••@example.org"),
    ("A@example.org", "A•••@example.org"),
    ("jane.doe+petition@mail.example.co.uk", "j•••@mail.example.co.uk"),
    ("иван@почта.рф", "и•••@почта.рф"),
    ('"a@b"@example.org', '"•••@example.org'),
    ("  bob@example.org ", "b•••@example.org"),
    ("not-an-address", "•••"),
    ("", "•••"),
])
def test_only_the_first_character_and_the_domain_are_shown(address, shown):
    assert mask_email(address) == shown


def test_the_length_of_the_name_is_not_shown():
    assert mask_email("a@example.org") == mask_email("alexandra.konstantinopolskaya@example.org")
