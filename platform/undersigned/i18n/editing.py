"""Editing catalogs from the console: one entry at a time, or a whole uploaded ``.po``.

Every save is checked (placeholders, plural forms, HTML tags), written, compiled and reloaded
at once.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from textwrap import shorten

import polib
from flask import Flask
from flask_babel import gettext as _, ngettext

from undersigned.i18n.catalogs import (CatalogDomain, compile_catalog, entry_errors, is_translated,
                                       markup_errors, nplurals)
from undersigned.i18n.reload import forget_translations


class CatalogError(ValueError):
    """A translation that cannot be saved, with the reason for the translator."""


@dataclass(frozen=True)
class EntryView:
    index: int
    msgid: str
    msgid_plural: str
    msgstr: str
    msgstr_plural: dict[int, str]
    fuzzy: bool
    translated: bool
    occurrences: str


def load(domain: CatalogDomain, locale: str) -> polib.POFile:
    path = domain.po_path(locale)
    if not path.exists():
        raise CatalogError(_("There is no catalog %(name)s.", name=path.name))
    return polib.pofile(str(path), wrapwidth=100)


def entries(po: polib.POFile) -> list[EntryView]:
    """Every live entry, untranslated and fuzzy first."""
    views = [EntryView(index, e.msgid, e.msgid_plural or "", e.msgstr, dict(e.msgstr_plural), e.fuzzy,
                       is_translated(e) and not e.fuzzy,
                       ", ".join(f"{path}:{line}" for path, line in e.occurrences[:3]))
             for index, e in enumerate(po) if not e.obsolete]
    return sorted(views, key=lambda v: (v.translated, not v.fuzzy, v.index))


def save_entry(app: Flask, domain: CatalogDomain, locale: str, index: int,
               msgstr: str | None, msgstr_plural: dict[int, str] | None) -> None:
    """Set one translation, clear its fuzzy flag, write, compile and reload."""
    po = load(domain, locale)
    if not 0 <= index < len(po) or po[index].obsolete:
        raise CatalogError(_("That entry no longer exists; please reload the page."))
    entry = po[index]
    if entry.msgid_plural:
        forms = msgstr_plural or {}
        if sorted(forms) != list(range(nplurals(po))) or not all(v.strip() for v in forms.values()):
            raise CatalogError(ngettext("Please fill in the %(num)s plural form.",
                                                "Please fill in all %(num)s plural forms.", nplurals(po)))
        entry.msgstr_plural = {k: v.strip() for k, v in forms.items()}
    else:
        if not (msgstr or "").strip():
            raise CatalogError(_("The translation is empty."))
        entry.msgstr = msgstr.strip()
    problem = entry_errors(entry, nplurals(po))
    if problem:
        raise CatalogError(_("The placeholders or plural forms differ from the original: %(detail)s", detail=problem))
    tags = markup_errors(entry)
    if tags:
        raise CatalogError(_("The HTML tags differ from the original: %(tags)s. A translation may use "
                             "only the tags of the original, exactly as they are written there.",
                             tags=" ".join(tags)))
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    _write(app, domain, locale, po)


def replace_catalog(app: Flask, domain: CatalogDomain, locale: str, content: bytes) -> int:
    """Replace the catalog with an uploaded ``.po`` after checking it; return its entry count."""
    po = parse_upload(content)
    language = po.metadata.get("Language", "")
    if language and language != locale:
        raise CatalogError(_("This file is for the language %(found)s, not %(expected)s.",
                                         found=language, expected=locale))
    catalog = load(domain, locale)
    current = {(e.msgctxt, e.msgid) for e in catalog if not e.obsolete}
    uploaded = {(e.msgctxt, e.msgid) for e in po if not e.obsolete}
    if not uploaded & current:
        raise CatalogError(_("This file shares no messages with the catalog. Is it the right one?"))
    # every translation that would go live (fuzzy ones do not), checked against the language's
    # plural forms as the catalog declares them, whatever the file's header says
    live = [e for e in po if not e.obsolete and not e.fuzzy and _filled(e)]
    problems = [p for p in (entry_errors(e, nplurals(catalog)) for e in live) if p]
    if problems:
        raise CatalogError(_("The placeholders or plural forms differ from the original: %(detail)s", detail=problems[0]))
    for entry in po:
        tags = markup_errors(entry)
        if tags and not entry.obsolete:
            raise CatalogError(_("The HTML tags in the translation of “%(message)s” differ from the "
                                 "original: %(tags)s. A translation may use only the tags of the "
                                 "original, exactly as they are written there.",
                                 message=shorten(entry.msgid, 60, placeholder="…"), tags=" ".join(tags)))
    _write(app, domain, locale, po)
    return len(uploaded)


def _filled(entry: polib.POEntry) -> bool:
    """Whether ``entry`` holds any translation at all."""
    return bool(entry.msgstr.strip()) or any(text.strip() for text in entry.msgstr_plural.values())


def parse_upload(content: bytes) -> polib.POFile:
    """Parse uploaded bytes as a UTF-8 ``.po``, and only as content.

    ``polib.pofile`` opens a *path* when the text it is given names an existing file (an upload
    saying ``/etc/passwd`` would read that file), so the bytes go through a private temporary
    file and polib only ever sees that file's path."""
    try:
        content.decode("utf-8")
        with tempfile.NamedTemporaryFile(suffix=".po") as upload:
            upload.write(content)
            upload.flush()
            return polib.pofile(upload.name, encoding="utf-8", wrapwidth=100)
    except (UnicodeDecodeError, OSError, ValueError):
        # polib's message names the temporary file: say only what the translator can act on
        raise CatalogError(_("This is not a valid .po file in UTF-8.")) from None


def _write(app: Flask, domain: CatalogDomain, locale: str, po: polib.POFile) -> None:
    path = domain.po_path(locale)
    po.save(str(path))
    compile_catalog(path)
    forget_translations(app)
