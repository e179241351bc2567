"""``flask translations ...``: the catalogs of the core and of every campaign."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from undersigned.i18n.catalogs import catalog_domains, compile_catalog

translations_cli = AppGroup("translations", help="Manage the core's and the campaigns' catalogs.")


@translations_cli.command("compile")
def compile_command() -> None:
    """Compile every .po catalog to the .mo file the app reads."""
    count = 0
    for domain in catalog_domains(current_app):
        for po_path in domain.po_files():
            compile_catalog(po_path)
            count += 1
    click.echo(f"compiled {count} catalogs")
