"""Sorting names the way a reader of the language expects (Python compares code points, which
puts Belarusian і and ў and Russian ё after я)."""
from __future__ import annotations

ALPHABETS = {
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "be": "абвгдеёжзійклмнопрстуўфхцчшыьэюя'",
}


def sort_key(text: str, language: str) -> tuple[int, ...]:
    """A key ordering ``text`` by ``language``'s alphabet; other letters keep code-point order
    after it."""
    alphabet = ALPHABETS.get(language, "")
    base = len(alphabet)
    return tuple(alphabet.index(char) if char in alphabet else base + ord(char)
                 for char in text.lower().replace("\u2019", "'"))
