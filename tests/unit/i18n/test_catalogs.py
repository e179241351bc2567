"""The catalogs (i18n.catalogs): the languages' three plural forms, and every translation is real
language, not a copy of the source."""
from __future__ import annotations

from pathlib import Path

import polib
import pytest
from flask_babel import force_locale, ngettext

from tests.conftest import REPO

TARGETS = ("ru", "be")
PLURALS = {
    "ru": {1: "1 подпись", 2: "2 подписи", 5: "5 подписей", 11: "11 подписей", 21: "21 подпись",
           22: "22 подписи", 25: "25 подписей", 111: "111 подписей"},
    "be": {1: "1 подпіс", 2: "2 подпісы", 5: "5 подпісаў", 11: "11 подпісаў", 21: "21 подпіс",
           22: "22 подпісы", 25: "25 подпісаў", 111: "111 подпісаў"},
}


@pytest.mark.parametrize("language", TARGETS)
@pytest.mark.parametrize("count", [1, 2, 5, 11, 21, 22, 25, 111])
def test_counts_use_the_languages_three_plural_forms(app, language, count):
    with app.test_request_context(f"/{language}/"), force_locale(language):
        text = ngettext("%(num)s signature", "%(num)s signatures", count)
    assert text == PLURALS[language][count]


def test_every_translation_is_real_language_not_a_copy_of_the_source():
    for po_path in [*REPO.glob("translations/*/LC_MESSAGES/*.po"), *REPO.glob("campaigns/*/translations/*/LC_MESSAGES/*.po")]:
        for entry in polib.pofile(str(po_path)):
            if entry.msgstr and len(entry.msgid.split()) >= 3:
                assert entry.msgstr != entry.msgid, f"{po_path}: {entry.msgid!r} left in English"
            if Path(po_path).parts[-3] == "be":
                assert "ъ" not in entry.msgstr and "щ" not in entry.msgstr, f"Russian letters in be: {entry.msgstr!r}"


