"""Names in Latin letters: passport-style transliteration (ICAO Doc 9303, part 3) of Russian and
Belarusian Cyrillic, and which letter languages are written in the Latin script.

The table is the one source for both the server and the sign form's script, which reads
:func:`browser_table` from the page (``letter.js`` repeats :func:`transliterate` in JavaScript).
"""
from __future__ import annotations

import functools
import unicodedata
from typing import Any

from babel.core import get_global

#: ICAO Doc 9303 part 3, lowercase; uppercase letters follow the case of the text around them.
RUSSIAN: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}
#: Where Belarusian differs: Г is H, Ё is IO, and it has І and Ў.
BELARUSIAN: dict[str, str] = {**RUSSIAN, "г": "h", "ё": "io", "і": "i", "ў": "u"}
TABLES = {"ru": RUSSIAN, "be": BELARUSIAN}
#: Letters only one of the two alphabets has: they tell which table a name needs.
ONLY_IN = {"be": "іў", "ru": "ищъ"}
#: Apostrophes a Belarusian name may carry between letters (Мар'я); ICAO drops them.
APOSTROPHES = "'\u2019\u02bc"


def transliterate(text: str, language: str = "ru") -> str:
    """``text`` with its Russian or Belarusian Cyrillic letters in Latin letters, the rest as is.

    The alphabet is read from the text (І and Ў are Belarusian; И, Щ and Ъ Russian), else
    ``language`` decides. A letter that becomes two keeps the case of its word: Жук -> Zhuk,
    ЖУК -> ZHUK."""
    table = TABLES[_alphabet(text, language)]
    out = []
    for index, ch in enumerate(text):
        lower = ch.lower()
        if ch in APOSTROPHES and index and text[index - 1].lower() in table:
            continue
        if lower not in table:
            out.append(ch)
            continue
        latin = table[lower]
        if ch != lower:
            latin = latin.upper() if _upper_word(text, index) else latin.capitalize()
        out.append(latin)
    return "".join(out)


def _alphabet(text: str, language: str) -> str:
    lower = text.lower()
    for name, letters in ONLY_IN.items():
        if any(letter in lower for letter in letters):
            return name
    return language if language in TABLES else "ru"


def _upper_word(text: str, index: int) -> bool:
    """Whether the capital at ``index`` is part of a word in capitals (the next letter, or the
    previous one at the end of a word, is a capital too)."""
    following = text[index + 1:index + 2]
    if following.isalpha():
        return following.isupper()
    previous = text[index - 1:index] if index else ""
    return previous.isalpha() and previous.isupper()


def suggest_letter_name(first_name: str, last_name: str, language: str = "ru") -> str:
    """The supporter's name as a Latin-script letter would carry it."""
    return transliterate(" ".join(filter(None, (first_name.strip(), last_name.strip()))), language)


def browser_table() -> dict[str, Any]:
    """What the sign form's script needs to make the same suggestion as the server."""
    return {"tables": TABLES, "only_in": ONLY_IN, "apostrophes": APOSTROPHES}


@functools.cache
def writes_latin(language: str) -> bool:
    """Whether ``language`` (a letter's language, e.g. ``en``) is written in the Latin script."""
    likely = get_global("likely_subtags").get(language.split("_")[0].lower(), "")
    return "_Latn" in likely


def non_latin_letters(text: str) -> bool:
    """Whether ``text`` has a letter of another script than Latin (digits, punctuation, spaces
    and accents are fine)."""
    return any(ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN") for ch in text)
