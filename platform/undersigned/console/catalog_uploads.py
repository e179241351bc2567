"""Replacing a catalog with an uploaded ``.po`` asks first and can be undone (``translate``): the
upload is checked and kept aside, then a page names the catalog and what would change (each
translation changed, added, removed or emptied, 50 a page), where it is confirmed or cancelled;
once confirmed (audited) the catalog's page offers to undo the last upload (audited too).
:mod:`undersigned.i18n.uploads` does the work."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from undersigned.console.translations import audit, catalog_name, domain_or_404
from undersigned.i18n import uploads
from undersigned.i18n.editing import CatalogError
from undersigned.i18n.catalogs import CatalogDomain
from undersigned.paging import of_list
from undersigned.users.auth import requires

bp = Blueprint("catalog_uploads", __name__, url_prefix="/console/translations/<name>/<locale>",
               template_folder="templates")
MAX_UPLOAD = 2 * 1024 * 1024


@bp.post("/upload")
@requires("translate")
def upload(name: str, locale: str):
    """Check an uploaded ``.po`` (refused with the reason) and keep it until confirmed."""
    domain = domain_or_404(name, locale)
    uploaded = request.files.get("catalog")
    content = uploaded.read() if uploaded else b""
    try:
        if not content:
            raise CatalogError(_("Please choose a .po file."))
        if len(content) > MAX_UPLOAD:
            raise CatalogError(_("The file is too large."))
        kept = uploads.keep(current_app._get_current_object(), domain, locale, content, by=current_user.email,
                            filename=uploaded.filename or "")
    except CatalogError as error:
        flash(_("Not uploaded: %(reason)s", reason=str(error)), "error")
        return redirect(url_for("translations.catalog", name=name, locale=locale))
    return redirect(url_for(".confirm", name=name, locale=locale, token=kept.token))


upload.max_content_length = MAX_UPLOAD + 64 * 1024


@bp.route("/upload/<token>", methods=["GET", "POST"])
@requires("translate")
def confirm(name: str, locale: str, token: str):
    """What the upload would change, then (sent back, the catalog unchanged meanwhile) the
    catalog replaced by it, compiled and live, the one before kept to undo it."""
    domain = domain_or_404(name, locale)
    kept = _kept_or_404(domain, locale, token)
    # confirmed for the catalog the page was drawn from, not one changed meanwhile
    confirming = request.method == "POST" and request.form.get("stamp") == uploads.stamp(domain, locale)
    try:
        comparison = uploads.compare(domain, locale, kept)
        if confirming:
            uploads.replace(current_app._get_current_object(), domain, locale, kept)
    except CatalogError as refused:
        uploads.discard(kept)
        flash(_("Not uploaded: %(reason)s", reason=str(refused)), "error")
        return redirect(url_for("translations.catalog", name=name, locale=locale))
    if confirming:
        audit("translation.upload", name, locale, messages=comparison.entries,
              **{kind: comparison.count(kind) for kind in (uploads.CHANGED, uploads.ADDED, uploads.REMOVED)})
        flash(_("%(catalog)s is replaced by the upload, compiled and live. You can undo it below.",
                catalog=catalog_name(domain, locale)), "success")
        return redirect(url_for("translations.catalog", name=name, locale=locale, _anchor="undo"))
    error = _("The catalog changed since you opened this page. Please check what the upload changes now.") \
        if request.method == "POST" else None
    page = render_template("console/catalog_upload.html", domain=domain, locale=locale, kept=kept, error=error,
                           catalog_name=catalog_name(domain, locale), comparison=comparison,
                           changes=of_list(comparison.changes), stamp=uploads.stamp(domain, locale),
                           kinds={uploads.CHANGED: _("changed"), uploads.ADDED: _("added"),
                                  uploads.REMOVED: _("removed or emptied")})
    return page, 409 if error else 200


@bp.post("/upload/<token>/cancel")
@requires("translate")
def cancel(name: str, locale: str, token: str):
    """Forget the upload: the catalog stays as it is."""
    domain = domain_or_404(name, locale)
    uploads.discard(_kept_or_404(domain, locale, token))
    flash(_("The upload is cancelled: %(catalog)s is unchanged.", catalog=catalog_name(domain, locale)), "info")
    return redirect(url_for("translations.catalog", name=name, locale=locale))


@bp.post("/undo")
@requires("translate")
def undo(name: str, locale: str):
    """Undo the last upload (the one the page named): the catalog before it comes back, live."""
    domain = domain_or_404(name, locale)
    restored = uploads.undo(current_app._get_current_object(), domain, locale, request.form.get("upload", ""))
    if restored is None:
        flash(_("Nothing changed: that upload was undone already, or another came after it."), "error")
    else:
        audit("translation.upload_undo", name, locale)
        flash(_("The upload is undone: %(catalog)s is back as it was before it, compiled and live.",
                catalog=catalog_name(domain, locale)), "success")
    return redirect(url_for("translations.catalog", name=name, locale=locale))


def _kept_or_404(domain: CatalogDomain, locale: str, token: str) -> uploads.Kept:
    kept = uploads.pending(current_app._get_current_object(), domain, locale, token)
    if kept is None:
        abort(404)
    return kept
