"""Translation management: coverage per domain and language, editing entries (plural forms
included, each labelled with the numbers it serves) found by search and filter, 50 to a page,
downloading ``.po`` files (uploading one: :mod:`undersigned.console.catalog_uploads`). Needs the
``translate`` permission."""
from __future__ import annotations

import dataclasses

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   send_file, url_for)
from flask_babel import gettext as _

from undersigned.audit.log import record
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.i18n.catalogs import CatalogDomain, catalog_domains, coverage, target_locales
from undersigned.i18n.catalogs import nplurals
from undersigned.i18n.editing import CatalogError, EntryView, entries, load, save_entry
from undersigned.i18n.locale import LANGUAGE_NAMES
from undersigned.i18n.plurals import form_labels
from undersigned.i18n.texts import campaign_text
from undersigned.i18n.uploads import last_replaced
from undersigned.paging import of_list
from undersigned.users.auth import requires

bp = Blueprint("translations", __name__, url_prefix="/console/translations", template_folder="templates")
#: Which entries a catalog page lists: ``todo`` is untranslated and fuzzy ones.
FILTERS = ("todo", "untranslated", "fuzzy", "all")


def domain_or_404(name: str, locale: str) -> CatalogDomain:
    """The catalog domain ``name``, if ``locale`` is one of its translations; 404 otherwise."""
    if locale not in target_locales(current_app):
        abort(404)
    for domain in catalog_domains(current_app):
        if domain.name == name:
            return domain
    abort(404)


def catalog_name(domain: CatalogDomain, locale: str) -> str:
    """The catalog in words: "Platform texts" or the campaign's title, and the language."""
    campaign = registry_of().get(domain.name) if domain.name != "messages" else None
    texts = (_("Platform texts") if domain.name == "messages" else
             _("Texts of the campaign “%(title)s”", title=campaign_text(campaign, campaign.title)) if campaign
             else domain.name)
    return f"{texts} · {LANGUAGE_NAMES.get(locale, locale)}"


@bp.get("/")
@requires("translate")
def matrix():
    locales = target_locales(current_app)
    rows = [(domain, [coverage(domain, locale) for locale in locales]) for domain in catalog_domains(current_app)]
    return render_template("console/translations.html", rows=rows, locales=locales)


@bp.get("/<name>/<locale>")
@requires("translate")
def catalog(name: str, locale: str):
    return _catalog_page(domain_or_404(name, locale), locale, _view(request.args))


def _view(values) -> dict[str, object]:
    """The list a page shows, from its query or a saved form: filter, search and page."""
    show = values.get("show") if values.get("show") in FILTERS else "todo"
    page = values.get("page", "1")
    return {"show": show, "q": (values.get("q") or "").strip()[:200],
            "page": int(page) if page.isdigit() and int(page) > 0 else 1}


def _matches(entry: EntryView, show: str, query: str) -> bool:
    """Whether ``entry`` passes the filter ``show`` and has ``query`` in its source or translation."""
    wanted = {"todo": not entry.translated, "untranslated": not entry.translated and not entry.fuzzy,
              "fuzzy": entry.fuzzy, "all": True}[show]
    texts = (entry.msgid, entry.msgid_plural, entry.msgstr, *entry.msgstr_plural.values())
    return wanted and (not query or any(query.casefold() in text.casefold() for text in texts))


def _catalog_page(domain: CatalogDomain, locale: str, view: dict[str, object],
                  refused: EntryView | None = None, error: str = "") -> str:
    """A page of the catalog's entries that match ``view``; ``refused`` (an entry as the
    translator typed it) is shown with ``error`` instead of its saved version."""
    po = load(domain, locale)
    refused_index = refused.index if refused else None
    found = [refused if entry.index == refused_index else entry for entry in entries(po)
             if entry.index == refused_index or _matches(entry, view["show"], view["q"])]
    page = of_list(found, number=view["page"])
    return render_template("console/catalog.html", domain=domain, locale=locale, view=dict(view, page=page.number),
                           entries=page, filters=FILTERS, catalog_name=catalog_name(domain, locale),
                           form_labels=form_labels(po.metadata.get("Plural-Forms", ""), nplurals(po)),
                           stats=coverage(domain, locale), refused=refused_index, error=error,
                           replaced=last_replaced(current_app._get_current_object(), domain, locale))


@bp.post("/<name>/<locale>/<int:index>")
@requires("translate")
def save(name: str, locale: str, index: int):
    domain = domain_or_404(name, locale)
    view = _view(request.form)
    msgstr = request.form.get("msgstr")
    plural = {int(key.split("_")[-1]): value for key, value in request.form.items()
              if key.startswith("msgstr_plural_") and key.split("_")[-1].isdigit()}
    try:
        save_entry(current_app._get_current_object(), domain, locale, index, msgstr, plural or None)
    except CatalogError as error:
        entry = next((entry for entry in entries(load(domain, locale)) if entry.index == index), None)
        if entry is None:  # the entry is gone: nothing to show the typed text in
            flash(_("Not saved: %(reason)s", reason=str(error)), "error")
            return redirect(url_for("translations.catalog", name=name, locale=locale, **view))
        typed = dataclasses.replace(entry, msgstr=msgstr or "", msgstr_plural=plural or entry.msgstr_plural)
        return _catalog_page(domain, locale, view, typed, _("Not saved: %(reason)s", reason=str(error))), 400
    audit("translation.save", name, locale, entry=index)
    flash(_("Saved and compiled. The change is live."), "success")
    return redirect(url_for("translations.catalog", name=name, locale=locale, **view) + f"#entry-{index}")


@bp.get("/<name>/<locale>.po")
@requires("translate")
def download(name: str, locale: str):
    domain = domain_or_404(name, locale)
    return send_file(domain.po_path(locale), mimetype="text/x-gettext-translation", as_attachment=True,
                     download_name=f"{name}-{locale}.po")


def audit(action: str, domain: str, locale: str, **details: int) -> None:
    """Record a change to a catalog (a file, not a row: the entry commits on its own). A
    campaign's domain is named after the campaign."""
    campaign = domain if domain != "messages" else None
    record(action, campaign, domain=domain, locale=locale, **details)
    db.session.commit()
