"""Where the catalogs live (the core's and each campaign's) and compiling them."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask

from undersigned.app_state import registry_of


@dataclass(frozen=True)
class CatalogDomain:
    """One gettext domain: the core's ``messages`` or a campaign's ``<slug>``."""

    name: str
    folder: Path

    def po_files(self) -> list[Path]:
        return sorted(self.folder.glob(f"*/LC_MESSAGES/{self.name}.po"))


def catalog_domains(app: Flask) -> list[CatalogDomain]:
    """The core's domain first, then every loaded campaign that ships a catalog."""
    domains = [CatalogDomain("messages", Path(app.config["BABEL_TRANSLATION_DIRECTORIES"]))]
    for campaign in registry_of(app):
        if campaign.translations_folder is not None:
            domains.append(CatalogDomain(campaign.slug, Path(campaign.translations_folder)))
    return domains


def compile_catalog(po_path: Path) -> Path:
    """Write the ``.mo`` beside ``po_path`` (fuzzy entries left out, as gettext does)."""
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=po_path.parents[1].name)
    mo_path = po_path.with_suffix(".mo")
    with mo_path.open("wb") as mo_file:
        write_mo(mo_file, catalog, use_fuzzy=False)
    return mo_path
