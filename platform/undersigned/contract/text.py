"""Marking texts for translation: ``N_`` for a plugin's msgids, and the contract's own lazy text."""
from __future__ import annotations

from flask_babel import gettext
from flask_babel.speaklater import LazyString
from markupsafe import Markup, escape


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now (it is translated when shown)."""
    return message


class EscapedText(LazyString):
    """A msgid translated when shown, and always escaped on a page (flask-babel's own lazy string
    would hand a translator's tags to the page as markup)."""

    def __html__(self) -> Markup:
        return escape(str(self))


def lazy_text(message: str) -> EscapedText:
    """``message`` translated into the reader's language when it is shown."""
    return EscapedText(gettext, message)
