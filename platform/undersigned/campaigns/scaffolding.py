"""``flask campaigns new``: a working campaign plugin, written from the files in ``scaffold/``.

The new campaign is a drop-in folder of ``CAMPAIGNS_FOLDER`` (no reinstall: the loader imports
it when the app starts). Its catalogs are made as ``flask translations extract`` and ``update``
make them, then filled from ``scaffold/translations/<lang>.po`` for the texts every scaffold has.
"""
from __future__ import annotations

import importlib.util
import json
import re
import string
from pathlib import Path

import polib
from flask import Flask

from undersigned.contract.state import registry_of
from undersigned.i18n.catalogs import CatalogDomain, compile_catalog, extract, target_locales, update

SCAFFOLD = Path(__file__).resolve().parent / "scaffold"
#: A folder plugin is imported as a top-level module named after its folder, and its name is
#: the campaign's slug: a lowercase Python identifier.
NAME = re.compile(r"^[a-z][a-z0-9_]{1,63}$")
#: How each core channel's recipient is reached, so the new campaign passes its channel's checks.
RECIPIENT_CONTACT = {
    "email": ' email="office@example.org"',
    "self_submit": ' contact_form_url="https://example.org/contact"',
}


class ScaffoldError(Exception):
    """Why a campaign cannot be made with that name or in that folder."""


def name_problem(app: Flask, name: str, folder: Path) -> str | None:
    """Why ``name`` cannot be a new campaign in ``folder``, or ``None``."""
    if not NAME.match(name):
        return (f"{name!r} is not a campaign name: use 2-64 lowercase letters, digits and '_', "
                "starting with a letter (it is the folder, the module and the slug /c/<name>)")
    if (folder / name).exists():
        return f"{folder / name} already exists"
    registry = registry_of(app)
    if name in registry.campaigns or any(p.plugin == name or p.slug == name for p in registry.problems):
        return f"a campaign or plugin named {name!r} is already loaded ({registry.sources.get(name, 'a plugin')})"
    try:
        taken = importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        taken = True
    if taken:
        return f"{name!r} is already the name of an installed module: choose another name"
    return None


def create(app: Flask, name: str, *, folder: Path, channel: str, title: str) -> Path:
    """Write campaign ``name`` into ``folder`` and compile its catalogs; return its folder."""
    problem = name_problem(app, name, folder)
    if problem:
        raise ScaffoldError(problem)
    target = folder / name
    values = {
        "name": name, "channel": channel, "title_py": json.dumps(title, ensure_ascii=False),
        "title_doc": title.replace('"""', "'''"), "recipient_contact": RECIPIENT_CONTACT.get(channel, ""),
        "dist_name": f"undersigned-campaign-{name.replace('_', '-')}",
        "test_path": str(target / f"test_{name}.py"),
    }
    for source in sorted(SCAFFOLD.rglob("*.tmpl")):
        relative = source.relative_to(SCAFFOLD).with_suffix("")
        if relative.name == "test_campaign.py":
            relative = relative.with_name(f"test_{name}.py")
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(string.Template(source.read_text(encoding="utf-8")).substitute(values), encoding="utf-8")
    _write_catalogs(app, CatalogDomain(name, target / "translations", target))
    return target


def _write_catalogs(app: Flask, domain: CatalogDomain) -> None:
    """The ``.pot`` and each language's ``.po`` as the translation commands make them, with the
    scaffold's own texts translated, compiled."""
    extract(domain)
    for locale in target_locales(app):
        path = update(domain, locale)
        known = SCAFFOLD / "translations" / f"{locale}.po"
        if known.exists():
            translations = {entry.msgid: entry.msgstr for entry in polib.pofile(str(known))}
            po = polib.pofile(str(path), wrapwidth=100)
            for entry in po:
                entry.msgstr = translations.get(entry.msgid, entry.msgstr)
            po.save(str(path))
        compile_catalog(path)
