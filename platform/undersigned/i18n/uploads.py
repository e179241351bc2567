"""Replacing a catalog with an uploaded ``.po``: asked first, and undone on request.

An upload is checked (:func:`check`: a bad one is refused with the reason), then kept aside in
the instance folder (``catalog-uploads/``) until a translator, having seen what it would change
(:func:`compare`), confirms or cancels it. Confirming keeps the catalog it replaces in
``catalog-history/<domain>/<locale>/``, so the last upload can be undone: the catalog as it was
comes back, compiled and live."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from textwrap import shorten

import polib
from flask import Flask
from flask_babel import gettext as _

from undersigned.contract import utcnow
from undersigned.i18n.catalogs import CatalogDomain, compile_catalog, entry_errors, markup_errors, nplurals
from undersigned.i18n.editing import CatalogError, load, parse_upload, write_catalog
from undersigned.i18n.reload import forget_translations

UPLOADS, HISTORY = "catalog-uploads", "catalog-history"
#: An upload neither confirmed nor cancelled is forgotten after this long.
KEEP_PENDING = dt.timedelta(days=1)
#: Catalogs replaced by uploads kept per domain and language (the newest), each one undo.
KEEP_REPLACED = 10
TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")
#: What becomes of a translation: another text, a text where there was none, none where there was.
CHANGED, ADDED, REMOVED = "changed", "added", "removed"


@dataclass(frozen=True)
class Kept:
    """A catalog file kept aside: an upload waiting (``token``), or a catalog an upload replaced
    (``token`` names the upload), with who uploaded it and when."""

    token: str
    domain: str
    locale: str
    by: str
    at: dt.datetime
    filename: str
    path: Path


@dataclass(frozen=True)
class Change:
    """One translation an upload changes (``CHANGED``), adds or removes (or empties, or marks fuzzy)."""

    kind: str
    msgid: str
    before: str
    after: str


def check(domain: CatalogDomain, locale: str, content: bytes) -> polib.POFile:
    """The uploaded ``content`` as a catalog, if it may replace ``locale``'s catalog of ``domain``;
    :class:`CatalogError` saying why not (not a UTF-8 ``.po``, another language, no message in
    common, placeholders, plural forms or HTML tags that differ from the original)."""
    po = parse_upload(content)
    language = po.metadata.get("Language", "")
    if language and language != locale:
        raise CatalogError(_("This file is for the language %(found)s, not %(expected)s.",
                             found=language, expected=locale))
    catalog = load(domain, locale)
    if not {(e.msgctxt, e.msgid) for e in po if not e.obsolete} & {(e.msgctxt, e.msgid) for e in catalog
                                                                     if not e.obsolete}:
        raise CatalogError(_("This file shares no messages with the catalog. Is it the right one?"))
    # every translation that would go live, checked against the language's plural forms as the
    # catalog declares them, whatever the file's header says
    problems = [p for p in (entry_errors(e, nplurals(catalog)) for e in po if _live(e)) if p]
    if problems:
        raise CatalogError(_("The placeholders or plural forms differ from the original: %(detail)s",
                             detail=problems[0]))
    for entry in po:
        tags = markup_errors(entry)
        if tags and not entry.obsolete:
            raise CatalogError(_("The HTML tags in the translation of “%(message)s” differ from the "
                                 "original: %(tags)s. A translation may use only the tags of the "
                                 "original, exactly as they are written there.",
                                 message=shorten(entry.msgid, 60, placeholder="…"), tags=" ".join(tags)))
    return po


def keep(app: Flask, domain: CatalogDomain, locale: str, content: bytes, *, by: str, filename: str) -> Kept:
    """Check ``content`` (:func:`check`) and keep it aside until it is confirmed or cancelled."""
    check(domain, locale, content)
    folder = Path(app.instance_path) / UPLOADS
    folder.mkdir(parents=True, exist_ok=True)
    _forget_stale(folder)
    token = secrets.token_urlsafe(16)
    kept = Kept(token, domain.name, locale, by, utcnow(), shorten(filename or "", 100, placeholder="…"),
                folder / f"{token}.po")
    kept.path.write_bytes(content)
    _write_note(kept)
    return kept


def pending(app: Flask, domain: CatalogDomain, locale: str, token: str) -> Kept | None:
    """The upload ``token`` waiting to replace ``locale``'s catalog of ``domain``, if there is one."""
    if not TOKEN.match(token):
        return None
    kept = _read(Path(app.instance_path) / UPLOADS / f"{token}.po")
    return kept if kept is not None and (kept.domain, kept.locale) == (domain.name, locale) else None


def discard(kept: Kept) -> None:
    """Forget an upload kept aside (cancelled, or done)."""
    kept.path.unlink(missing_ok=True)
    kept.path.with_suffix(".json").unlink(missing_ok=True)


def stamp(domain: CatalogDomain, locale: str) -> str:
    """A digest of the catalog as it is: what a confirmation page was drawn from."""
    return hashlib.sha256(domain.po_path(locale).read_bytes()).hexdigest()


@dataclass(frozen=True)
class Comparison:
    """What replacing a catalog with an upload changes, entry by entry, in the catalog's order
    (then the file's new entries), and how many entries the file holds."""

    changes: list[Change]
    entries: int

    def count(self, kind: str) -> int:
        return sum(change.kind == kind for change in self.changes)


def compare(domain: CatalogDomain, locale: str, kept: Kept) -> Comparison:
    """What replacing ``locale``'s catalog of ``domain`` with the upload ``kept`` changes."""
    uploaded = parse_upload(_content(kept))
    before, after = _translations(load(domain, locale)), _translations(uploaded)
    found = []
    for key in [*before, *(key for key in after if key not in before)]:
        old, new = before.get(key, ""), after.get(key, "")
        if old != new:
            found.append(Change(ADDED if not old else REMOVED if not new else CHANGED, key[1], old, new))
    return Comparison(found, sum(not entry.obsolete for entry in uploaded))


def replace(app: Flask, domain: CatalogDomain, locale: str, kept: Kept) -> Kept:
    """Replace the catalog with the upload ``kept`` (checked again), compiled and live at once;
    the catalog it replaces is kept to undo it. The kept catalog."""
    po = check(domain, locale, _content(kept))
    folder = _history(app, domain, locale)
    folder.mkdir(parents=True, exist_ok=True)
    now = utcnow()
    replaced = Kept(kept.token, domain.name, locale, kept.by, now, kept.filename,
                    folder / f"{now:%Y%m%dT%H%M%S%f}-{kept.token}.po")
    replaced.path.write_bytes(domain.po_path(locale).read_bytes())
    _write_note(replaced)
    write_catalog(app, domain, locale, po)
    discard(kept)
    for old in _replaced(app, domain, locale)[KEEP_REPLACED:]:
        discard(old)
    return replaced


def last_replaced(app: Flask, domain: CatalogDomain, locale: str) -> Kept | None:
    """The catalog the last upload replaced (what undoing it brings back), if any is kept."""
    return next(iter(_replaced(app, domain, locale)), None)


def undo(app: Flask, domain: CatalogDomain, locale: str, token: str) -> Kept | None:
    """Undo the upload ``token`` if it is the last one: the catalog it replaced comes back,
    compiled and live. That catalog, or ``None`` if the upload is not the last one kept."""
    replaced = last_replaced(app, domain, locale)
    if replaced is None or replaced.token != token:
        return None
    try:
        previous = replaced.path.read_bytes()
    except OSError:  # undone by another request a moment ago
        return None
    path = domain.po_path(locale)
    path.write_bytes(previous)
    compile_catalog(path)
    forget_translations(app)  # other processes see the new .mo (reload.py)
    discard(replaced)
    return replaced


def _content(kept: Kept) -> bytes:
    """The upload's bytes; :class:`CatalogError` if another request confirmed or cancelled it."""
    try:
        return kept.path.read_bytes()
    except OSError:
        raise CatalogError(_("That upload was confirmed or cancelled a moment ago.")) from None


def _live(entry: polib.POEntry) -> bool:
    """Whether ``entry``'s translation goes live: not obsolete, not fuzzy, and filled."""
    return not entry.obsolete and not entry.fuzzy and (
        bool(entry.msgstr.strip()) or any(text.strip() for text in entry.msgstr_plural.values()))


def _translations(po: polib.POFile) -> dict[tuple[str | None, str], str]:
    """Each live translation of ``po`` by its context and message, plural forms joined by " / "."""
    return {(e.msgctxt, e.msgid): " / ".join(text for _form, text in sorted(e.msgstr_plural.items()))
            if e.msgid_plural else e.msgstr for e in po if _live(e)}


def _history(app: Flask, domain: CatalogDomain, locale: str) -> Path:
    return Path(app.instance_path) / HISTORY / domain.name / locale


def _replaced(app: Flask, domain: CatalogDomain, locale: str) -> list[Kept]:
    """The catalogs replaced by uploads, the newest first."""
    found = (_read(path) for path in sorted(_history(app, domain, locale).glob("*.po"), reverse=True))
    return [kept for kept in found if kept is not None]


def _write_note(kept: Kept) -> None:
    note = {"token": kept.token, "domain": kept.domain, "locale": kept.locale, "by": kept.by,
            "at": kept.at.isoformat(), "filename": kept.filename}
    kept.path.with_suffix(".json").write_text(json.dumps(note), encoding="utf-8")


def _read(path: Path) -> Kept | None:
    """The file kept at ``path`` with its note, if both are there."""
    try:
        note = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        kept = Kept(note["token"], note["domain"], note["locale"], note["by"],
                    dt.datetime.fromisoformat(note["at"]), note.get("filename", ""), path)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return kept if path.is_file() else None


def _forget_stale(folder: Path) -> None:
    """Forget the uploads left waiting longer than :data:`KEEP_PENDING` (and any file there
    that old without its note)."""
    cutoff = (utcnow() - KEEP_PENDING).replace(tzinfo=dt.timezone.utc).timestamp()
    for path in [*folder.glob("*.po"), *folder.glob("*.json")]:
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
