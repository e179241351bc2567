"""``flask translations extract | update | compile | status`` over the core and every campaign."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from undersigned.i18n.catalogs import (CatalogDomain, catalog_domains, compile_catalog, coverage, extract,
                                       target_locales, update)

translations_cli = AppGroup("translations", help="Manage the core's and the campaigns' catalogs.")
domain_option = click.option(
    "--domain", "domain_name", metavar="NAME",
    help="Only this domain: 'messages' (the core's) or a campaign's slug. Default: every one.")


def chosen_domains(name: str | None) -> list[CatalogDomain]:
    """Every domain, or only the one called ``name`` (a usage error names the known ones)."""
    domains = catalog_domains(current_app)
    if name is None:
        return domains
    chosen = [domain for domain in domains if domain.name == name]
    if not chosen:
        raise click.BadParameter(f"no catalog domain {name!r}; known: "
                                 f"{', '.join(domain.name for domain in domains)}", param_hint="--domain")
    return chosen


@translations_cli.command("extract")
@domain_option
def extract_command(domain_name: str | None) -> None:
    """Collect the marked strings of the core and of each campaign into their .pot files."""
    for domain in chosen_domains(domain_name):
        catalog = extract(domain)
        click.echo(f"{domain.name}: {len(catalog)} messages -> {domain.template}")


@translations_cli.command("update")
@domain_option
def update_command(domain_name: str | None) -> None:
    """Merge each .pot into every language's .po (creating missing catalogs)."""
    for domain in chosen_domains(domain_name):
        for locale in target_locales(current_app):
            click.echo(f"{domain.name}/{locale}: {update(domain, locale)}")


@translations_cli.command("compile")
@domain_option
def compile_command(domain_name: str | None) -> None:
    """Compile every .po catalog to the .mo file the app reads."""
    count = 0
    for domain in chosen_domains(domain_name):
        for po_path in domain.po_files():
            compile_catalog(po_path)
            count += 1
    click.echo(f"compiled {count} catalogs")


@translations_cli.command("status")
@domain_option
@click.option("--min-percent", default=100.0, show_default=True,
              help="Exit non-zero if any catalog is less translated than this.")
def status_command(domain_name: str | None, min_percent: float) -> None:
    """Translated / fuzzy / untranslated counts per domain and language; exits non-zero, naming
    the entry, if a translation's placeholders or plural forms differ from its original."""
    failed = False
    click.echo(f"{'domain':<22}{'locale':<8}{'translated':>11}{'fuzzy':>7}{'untranslated':>14}{'%':>8}")
    for domain in chosen_domains(domain_name):
        for locale in target_locales(current_app):
            result = coverage(domain, locale)
            click.echo(f"{result.domain:<22}{result.locale:<8}{result.translated:>11}{result.fuzzy:>7}"
                       f"{result.untranslated:>14}{result.percent:>7.1f}%")
            for error in result.errors:
                click.secho(f"    refused: {error}", fg="red")
            failed |= result.percent < min_percent or bool(result.errors)
    if failed:
        raise SystemExit(1)
