"""The catalogs: where each domain lives (the core's and each campaign's), extracting, updating,
compiling, and counting coverage.

A domain's templates and code sit in ``source``; its catalogs in
``folder/<locale>/LC_MESSAGES/<name>.po``, its template in ``folder/<name>.pot``.
"""
from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

import polib
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from flask import Flask

from undersigned.contract.state import registry_of
from undersigned.i18n.markup import markup_difference

PACKAGE = Path(__file__).resolve().parents[1]
METHODS = [("**/migrations/**", "ignore"), ("**.py", "python"),
           ("**/templates/**.html", "jinja2.ext:babel_extract"),
           ("**/templates/**.txt", "jinja2.ext:babel_extract")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None,
            "lazy_ngettext": (1, 2), "N_": None, "lazy_text": None, "pgettext": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifr]|\{(\w*)\}")


@dataclass(frozen=True)
class CatalogDomain:
    """One gettext domain: the core's ``messages`` or a campaign's ``<slug>``."""

    name: str
    folder: Path
    source: Path

    @property
    def template(self) -> Path:
        return self.folder / f"{self.name}.pot"

    def po_path(self, locale: str) -> Path:
        return self.folder / locale / "LC_MESSAGES" / f"{self.name}.po"

    def po_files(self) -> list[Path]:
        return sorted(self.folder.glob(f"*/LC_MESSAGES/{self.name}.po"))


def catalog_domains(app: Flask) -> list[CatalogDomain]:
    """The core's domain first, then every loaded campaign that ships a catalog."""
    domains = [CatalogDomain("messages", Path(app.config["BABEL_TRANSLATION_DIRECTORIES"]), PACKAGE)]
    for campaign in registry_of(app).campaigns.values():
        if campaign.translations_folder is not None:
            folder = Path(campaign.translations_folder)
            domains.append(CatalogDomain(campaign.slug, folder, folder.parent))
    return domains


def target_locales(app: Flask) -> list[str]:
    """Every language but the source one."""
    return [code for code in app.config["LANGUAGES"] if code != app.config["BABEL_DEFAULT_LOCALE"]]


def extract(domain: CatalogDomain) -> Catalog:
    """Collect every marked string of the domain's code and templates into its ``.pot``."""
    catalog = Catalog(project="Undersigned", domain=domain.name, charset="utf-8")
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"},
               "**/templates/**.txt": {"extensions": "jinja2.ext.i18n"}}
    for filename, lineno, message, comments, context in extract_from_dir(
            domain.source, METHODS, options, KEYWORDS, comment_tags=("TRANSLATORS:",)):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    domain.folder.mkdir(parents=True, exist_ok=True)
    with domain.template.open("wb") as out:
        write_po(out, catalog, width=100, sort_output=True)
    return catalog


def update(domain: CatalogDomain, locale: str) -> Path:
    """Create or update ``locale``'s catalog from the domain's ``.pot``."""
    with domain.template.open("rb") as pot:
        template = read_po(pot)
    path = domain.po_path(locale)
    if path.exists():
        with path.open("rb") as po:
            catalog = read_po(po, locale=locale, domain=domain.name)
        catalog.update(template, update_header_comment=False)
    else:
        catalog = Catalog(locale=Locale.parse(locale), domain=domain.name, project="Undersigned",
                          fuzzy=False)
        catalog.update(template)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        write_po(out, catalog, width=100, ignore_obsolete=True)
    return path


def compile_catalog(po_path: Path) -> Path:
    """Write the ``.mo`` beside ``po_path`` (fuzzy entries left out, as gettext does), unless
    the one there already holds the same bytes: an unchanged catalog keeps its file and date, so
    running processes keep their translations and the pages rendered with them."""
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=po_path.parents[1].name)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    mo_path = po_path.with_suffix(".mo")
    if mo_path.exists() and mo_path.read_bytes() == compiled.getvalue():
        return mo_path
    # written beside it, then moved into place: a process reloading the catalogs meanwhile
    # (i18n/reload.py) reads the old file or the new one, never half of one
    partial = mo_path.with_name(f".{mo_path.name}.{os.getpid()}.partial")
    partial.write_bytes(compiled.getvalue())
    partial.replace(mo_path)
    return mo_path


@dataclass(frozen=True)
class Coverage:
    domain: str
    locale: str
    translated: int
    fuzzy: int
    untranslated: int
    #: Translated entries that would be refused (:func:`entry_errors`), each named.
    errors: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def coverage(domain: CatalogDomain, locale: str) -> Coverage:
    """Counts with polib: an entry is translated only when every plural form is filled."""
    path = domain.po_path(locale)
    if not path.exists():
        total = len(polib.pofile(str(domain.template))) if domain.template.exists() else 0
        return Coverage(domain.name, locale, 0, 0, total)
    po = polib.pofile(str(path))
    entries = [e for e in po if not e.obsolete]
    fuzzy = [e for e in entries if e.fuzzy]
    translated = [e for e in entries if not e.fuzzy and is_translated(e)]
    forms = nplurals(po)
    return Coverage(domain.name, locale, len(translated), len(fuzzy),
                    len(entries) - len(translated) - len(fuzzy),
                    tuple(filter(None, (entry_errors(entry, forms) for entry in translated))))


def nplurals(po: polib.POFile) -> int:
    """How many plural forms the catalog's language has (its ``Plural-Forms`` header)."""
    header = po.metadata.get("Plural-Forms", "nplurals=2;")
    return int(header.split("nplurals=", 1)[1].split(";", 1)[0])


def is_translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def placeholders(text: str) -> set[str]:
    return {match.group(0) for match in PLACEHOLDER.finditer(text)}


def entry_errors(entry: polib.POEntry, forms: int) -> str:
    """Why the translation of ``entry`` cannot be used (its language has ``forms`` plural
    forms), naming the entry; '' if it can."""
    return placeholder_errors(entry) or plural_form_errors(entry, forms)


def placeholder_errors(entry: polib.POEntry) -> str:
    """A sentence naming the translation whose placeholders differ from its source, or ''.
    Every plural form keeps them all: in Russian or Belarusian each form serves many numbers
    (the "1" form also 21, 31...), so a form without ``%(num)s`` would lose the count."""
    source = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
    translations = sorted(entry.msgstr_plural.items()) if entry.msgid_plural else [(None, entry.msgstr)]
    for index, text in translations:
        found = placeholders(text)
        if found != source:
            which = f"plural form {index + 1}" if index is not None else "the translation"
            return f"{entry.msgid!r}: {which} has placeholders {sorted(found)}, the original {sorted(source)}"
    return ""


def plural_form_errors(entry: polib.POEntry, forms: int) -> str:
    """A sentence naming the plural translation without exactly ``forms`` filled forms, or ''."""
    if not entry.msgid_plural:
        return ""
    filled = sorted(index for index, text in entry.msgstr_plural.items() if text.strip())
    if filled != list(range(forms)):
        return f"{entry.msgid!r}: {len(filled)} plural forms filled, the language has {forms}"
    return ""


def markup_errors(entry: polib.POEntry) -> list[str]:
    """The HTML tags a translation of ``entry`` adds or drops (see :mod:`undersigned.i18n.markup`),
    as written; empty when every form uses exactly the source's tags."""
    translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
    for text in filter(None, translations):
        sources = filter(None, (entry.msgid, entry.msgid_plural))
        differences = [markup_difference(source, text) for source in sources]
        if all(differences):
            return differences[0]
    return []
