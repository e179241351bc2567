"""Editing catalogs from the console, one entry at a time (a whole uploaded ``.po``:
:mod:`undersigned.i18n.uploads`).

Every save is checked (placeholders, plural forms, HTML tags), written, compiled and reloaded
at once.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass

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
    write_catalog(app, domain, locale, po)


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


def write_catalog(app: Flask, domain: CatalogDomain, locale: str, po: polib.POFile) -> None:
    """Write ``po`` as ``locale``'s catalog of ``domain``, compile it and make it live."""
    path = domain.po_path(locale)
    po.save(str(path))
    compile_catalog(path)
    forget_translations(app)
