"""Translations are text. A translation may carry HTML only where its source (the msgid) does,
and then only the source's own tags and attributes, exactly as written there: a translator
can reword a link, not add a ``<meta http-equiv="refresh">`` or an ``onclick``.

:func:`translation_markup` makes a translation safe to put on a page; :func:`markup_difference`
names what a translation adds or drops, for the console to refuse it on saving.
"""
from __future__ import annotations

import functools
import logging
import re
from collections import Counter
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

from markupsafe import Markup, escape

log = logging.getLogger(__name__)
#: What a browser starts a tag (or comment) with, left unclosed in text.
TAG_OPENING = re.compile(r"<[A-Za-z/!?][^\s<>]*")


@dataclass(frozen=True)
class Tag:
    """A tag, comment or declaration: as written, and what makes two of them the same."""

    text: str
    key: tuple


@dataclass(frozen=True)
class Text:
    """Text between tags: as written, and what it reads (entities decoded)."""

    raw: str
    value: str


class _Splitter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.pieces: list[Tag | Text] = []

    def _add_tag(self, kind: str, name: str, attrs: list[tuple[str, str | None]] = ()) -> None:
        text = self.get_starttag_text() if kind in ("start", "startend") else f"</{name}>"
        self.pieces.append(Tag(text, (kind, name, tuple(sorted((k, v or "") for k, v in attrs)))))

    def handle_starttag(self, tag, attrs):
        self._add_tag("start", tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._add_tag("startend", tag, attrs)

    def handle_endtag(self, tag):
        self._add_tag("end", tag)

    def handle_data(self, data):
        self.pieces.append(Text(data, data))

    def handle_entityref(self, name):
        self.pieces.append(Text(f"&{name};", unescape(f"&{name};")))

    def handle_charref(self, name):
        self.pieces.append(Text(f"&#{name};", unescape(f"&#{name};")))

    def handle_comment(self, data):
        self.pieces.append(Tag(f"<!--{data}-->", ("comment", data, ())))

    def handle_decl(self, decl):
        self.pieces.append(Tag(f"<!{decl}>", ("decl", decl, ())))

    def unknown_decl(self, data):
        self.pieces.append(Tag(f"<![{data}]>", ("decl", data, ())))

    def handle_pi(self, data):
        self.pieces.append(Tag(f"<?{data}>", ("pi", data, ())))


@functools.lru_cache(maxsize=2048)
def split(text: str) -> tuple[Tag | Text, ...]:
    """``text`` as a sequence of tags and text, as a browser would read it."""
    splitter = _Splitter()
    try:
        splitter.feed(text)
        splitter.close()
    except AssertionError:  # html.parser gives up on some broken declarations (``<![%``)
        return (Tag(text, ("unreadable", text, ())),)
    return tuple(splitter.pieces)


def has_markup(source: str) -> bool:
    """Whether a msgid carries HTML (most carry none, and their translations are plain text)."""
    return "<" in source and any(isinstance(piece, Tag) for piece in split(source))


def _tags(text: str) -> Counter[tuple]:
    return Counter(piece.key for piece in split(text) if isinstance(piece, Tag))


def _tag_texts(text: str) -> dict[tuple, str]:
    return {piece.key: piece.text for piece in split(text) if isinstance(piece, Tag)}


def _unclosed_tags(text: str) -> list[str]:
    """Tag openings a parser leaves in the text (``<meta http-equiv=...`` with no ``>``)."""
    raw = "".join(piece.raw if isinstance(piece, Text) and piece.raw == piece.value else " "
                  for piece in split(text))  # an entity such as &lt; is text, never a tag
    return TAG_OPENING.findall(raw)


def markup_difference(source: str, translation: str) -> list[str]:
    """The tags ``translation`` adds to ``source`` or drops from it, as written; empty when the
    translation uses exactly the source's tags and attributes (in any order)."""
    mine, theirs = _tags(translation), _tags(source)
    written = {**_tag_texts(source), **_tag_texts(translation)}
    changed = list((mine - theirs) + (theirs - mine))
    return [written[key] for key in changed] + _unclosed_tags(translation)


def _rebuilt(text: str, tags: dict[tuple, str]) -> Markup:
    """``text`` with each tag written as in ``tags`` (the source's, so the page only ever gets
    markup the source has) and every piece of text escaped (a stray ``<`` opens nothing)."""
    return Markup("".join(tags[piece.key] if isinstance(piece, Tag) else escape(piece.value)
                          for piece in split(text)))


def translation_markup(source: str, translation: str) -> Markup:
    """``translation`` of the msgid ``source``, safe to put on an HTML page.

    For a source without HTML the translation is text, escaped. For a source with HTML the
    translation keeps its tags only if they are the source's own; otherwise the page shows the
    source instead, and the log names the message once (a msgid holds no personal data).
    """
    if not has_markup(source):
        return escape(translation)
    tags = _tag_texts(source)
    if markup_difference(source, translation):
        _report_once(source)
        translation = source
    return _rebuilt(translation, tags)


_reported: set[str] = set()


def _report_once(source: str) -> None:
    if source not in _reported:
        _reported.add(source)
        log.warning("a translation of %r changes its HTML tags; showing the original instead", source)
