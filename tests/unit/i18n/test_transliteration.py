"""Names in Latin letters (i18n.transliteration): ICAO Doc 9303 for Russian and Belarusian
Cyrillic, and which letter languages are written in the Latin script."""
from __future__ import annotations

import pytest

from undersigned.i18n.transliteration import (non_latin_letters, suggest_letter_name, transliterate,
                                              writes_latin)

#: The examples are the standard's own (Belarusian) or read off its table letter by letter.
CASES = [
    ("Бабрыковіч Аляксандр", "Babrykovich Aliaksandr"),  # Belarusian: І, Я -> IA
    ("Міховіч Марыя", "Mikhovich Maryia"),
    ("Ігар", "Ihar"),  # Belarusian Г is H
    ("Аляксандр Ўладзіміравіч", "Aliaksandr Uladzimiravich"),  # Ў -> U
    ("Гаўрыла", "Hauryla"),
    ("Вераб'ёў", "Verabiou"),  # Belarusian: the apostrophe goes, Ё -> IO
    ("Мар’я Ігнатава", "Maria Ihnatava"),  # a typographic apostrophe goes too
    ("Михаил Горбачёв", "Mikhail Gorbachev"),  # Russian: Г -> G, Ё -> E
    ("Щукин Юрий", "Shchukin Iurii"),
    ("Объедков", "Obieedkov"),  # Ъ -> IE
    ("Игорь Ильич", "Igor Ilich"),  # Ь is left out
    ("Цыганкова Эльвира", "Tsygankova Elvira"),
    ("Жук", "Zhuk"),  # a capital that becomes two letters: only the first stays capital
    ("ЖУК", "ZHUK"),  # ... unless the whole word is in capitals
    ("БОРЩ", "BORSHCH"),
    ("Ж. Борщ", "Zh. Borshch"),  # an initial
    ("СВЯТЛАНА Ціханоўская", "SVIATLANA Tsikhanouskaia"),
    ("Анна-Мария O'Brien", "Anna-Mariia O'Brien"),  # Latin text and its apostrophe stay as they are
]


@pytest.mark.parametrize("cyrillic, latin", CASES)
def test_names_are_transliterated_as_in_a_passport(cyrillic, latin):
    assert transliterate(cyrillic) == latin


def test_a_name_without_telling_letters_follows_the_readers_language():
    # Г is G in Russian and H in Belarusian; "Ганна" has no letter only one alphabet has
    assert transliterate("Ганна", "be") == "Hanna"
    assert transliterate("Ганна", "ru") == "Ganna"
    assert transliterate("Ганна", "en") == "Ganna"
    assert transliterate("Гіна", "ru") == "Hina"  # І is Belarusian, whatever the page's language


def test_the_suggestion_joins_first_and_last_name():
    assert suggest_letter_name(" Аляксандр ", "Ўладзіміравіч") == "Aliaksandr Uladzimiravich"
    assert suggest_letter_name("Jane", "") == "Jane"
    assert suggest_letter_name("", "") == ""


def test_which_letters_are_written_in_latin_script():
    assert writes_latin("en") and writes_latin("de") and writes_latin("pl")
    assert not writes_latin("ru") and not writes_latin("be") and not writes_latin("zh")
    assert non_latin_letters("Сенатор") and non_latin_letters("Senator Ιωάννης")
    assert not non_latin_letters("José Müller-Łukasz, 3rd District (D.C.)")
