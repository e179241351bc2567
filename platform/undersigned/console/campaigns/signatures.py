"""A campaign's signatures: look one up by e-mail, filter and page through them (addresses masked;
showing one in full, like a look-up, is audited), remove one with a reason (asked first, on a
page naming the signer, and undone on request), invalidate a batch and see signing bursts (the
block lists are in :mod:`blocks`). The pages parse what
organizers type; :mod:`undersigned.signing.fraud` and :mod:`undersigned.signing.records` do the
work (the same functions ``flask signatures`` calls)."""
from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from undersigned.audit.log import record
from undersigned.campaigns.lookup import campaign_or_404
from undersigned.console.campaigns.blueprint import bp
from undersigned.delivery.log import signature_named
from undersigned.extensions import db
from undersigned.i18n.translate import gettext as _, lazy_gettext as _l, ngettext
from undersigned.paging import by_key, by_place
from undersigned.security.routing import LARGEST_ID
from undersigned.signing import fraud, records
from undersigned.security.identity import mask_email
from undersigned.signing.models import CONFIRMED, INVALIDATED, STATUSES, Signature
from undersigned.signing.service import reinstate
from undersigned.users.auth import requires

REASON_NAMES = {"duplicate": _l("a duplicate"), "fraud": _l("fraud or a bot"),
                "signer_request": _l("the signer asked"), "test": _l("a test"), "other": _l("another reason")}
STATUS_NAMES = {"pending": _l("waiting for confirmation"), "confirmed": _l("confirmed"),
                "withdrawn": _l("withdrawn"), "invalidated": _l("invalidated")}


def _date(name: str, errors: dict[str, str]) -> dt.datetime | None:
    """The date in the query's ``name`` (``YYYY-MM-DD``) as midnight UTC; an error if malformed."""
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        return dt.datetime.combine(dt.date.fromisoformat(value), dt.time())
    except ValueError:
        errors[name] = _("Please give a date as YYYY-MM-DD.")
        return None


@bp.get("/signatures")
@requires("organize")
def signatures(slug: str):
    campaign = campaign_or_404(slug)
    errors: dict[str, str] = {}
    found, looked_up = None, request.args.get("email", "").strip()
    if looked_up:
        try:
            found = signature_named(slug, looked_up) if "@" in looked_up else None
        except ValueError:
            found = None
        if "@" not in looked_up:
            errors["email"] = _("Please give an e-mail address.")
        else:
            _audited("signatures.lookup", slug, found=found.id if found else None)
    status = request.args.get("status") if request.args.get("status") in STATUSES else None
    since, until = _date("since", errors), _date("until", errors)
    if until:
        until += dt.timedelta(days=1)  # the whole day given
    page = by_key(records.listing(slug, status=status, since=since, until=until), Signature.id,
                  total=records.count_of(slug, status=status, since=since, until=until))
    removed = _signature_or_none(slug, request.args.get("removed", 0, type=int))
    return render_template("console/campaigns/signatures.html", campaign=campaign, page=page,
                           removed=removed if removed and removed.status == INVALIDATED else None,
                           errors=errors, found=found, looked_up=looked_up, status=status,
                           statuses=STATUS_NAMES, reasons=REASON_NAMES,
                           blocks=by_place(fraud.block_listing(slug, every_campaign=current_user.can("admin")),
                                           argument="blocks_page"),
                           block_form={name: request.args.get(f"block_{name}", "") for name in ("kind", "value", "note", "whole_provider", "every_campaign")},
                           blocked=request.args.get("blocked"), blocked_everywhere=request.args.get("blocked_everywhere"),
                           mask_email=mask_email), 400 if errors else 200


def _audited(action: str, slug: str, **details) -> None:
    """Note in the audit log that a signer's personal data was looked at (ids, never the data)."""
    record(action, campaign=slug, **details)
    db.session.commit()


@bp.post("/signatures/<int:signature_id>/reveal")
@requires("organize")
def reveal(slug: str, signature_id: int):
    """One signature with its e-mail address in full (the list masks it); the audit log notes who
    saw it. A POST, so no link or prefetch shows it unnoticed."""
    campaign = campaign_or_404(slug)
    signature = _signature_or_none(slug, signature_id)
    if signature is None:
        abort(404)
    _audited("signature.reveal", slug, signature=signature.id)
    return render_template("console/campaigns/signature.html", campaign=campaign, rows=[signature],
                           revealed=True, statuses=STATUS_NAMES, reasons=REASON_NAMES)


def _signature_or_none(slug: str, signature_id: int) -> Signature | None:
    """Signature ``signature_id`` if it is campaign ``slug``'s."""
    signature = db.session.get(Signature, signature_id) if signature_id else None
    return signature if signature is not None and signature.campaign == slug else None


@bp.route("/signatures/<int:signature_id>/remove", methods=["GET", "POST"])
@requires("organize")
def remove(slug: str, signature_id: int):
    """Ask first, on a page naming the signer (with why), then remove the signature: it stops
    counting and is kept, and the signatures page offers to undo it."""
    campaign = campaign_or_404(slug)
    signature = _signature_or_none(slug, signature_id)
    if signature is None or signature.status not in ("pending", "confirmed"):
        flash(_("That signature is unknown, or no longer counts: nothing to remove."), "error")
        return redirect(url_for("campaign.signatures", slug=slug))
    reason, error = request.form.get("reason"), None
    if request.method == "POST":
        if reason not in fraud.REMOVAL_REASONS:
            error = _("Please choose why the signature is removed.")
        elif fraud.invalidate_ids(campaign, [signature_id], reason)[0]:
            flash(_("The signature of %(name)s is removed: it no longer counts, and is kept for the record.",
                    name=signature.full_name), "success")
            return redirect(url_for("campaign.signatures", slug=slug, removed=signature_id))
        else:
            flash(_("The signature of %(name)s was not removed: it no longer counts.", name=signature.full_name),
                  "error")
            return redirect(url_for("campaign.signatures", slug=slug))
    return render_template("console/campaigns/remove.html", campaign=campaign, row=signature, reason=reason,
                           error=error, reasons=REASON_NAMES, statuses=STATUS_NAMES,
                           mask_email=mask_email), 400 if error else 200


@bp.post("/signatures/<int:signature_id>/restore")
@requires("organize")
def restore_signature(slug: str, signature_id: int):
    """Undo a removal: the signature counts again as it did before."""
    campaign = campaign_or_404(slug)
    signature = _signature_or_none(slug, signature_id)
    if signature is not None and reinstate(signature, campaign, audit="signature.restore"):
        flash(_("The signature of %(name)s counts again.", name=signature.full_name), "success")
    else:
        flash(_("Nothing changed: that signature is not removed."), "error")
    return redirect(url_for("campaign.signatures", slug=slug))


@bp.route("/signatures/invalidate", methods=["GET", "POST"])
@requires("organize")
def invalidate(slug: str):
    """A batch by IP hash or domain (within dates): first the count, then, confirmed, done."""
    campaign = campaign_or_404(slug)
    form = {name: request.values.get(name, "").strip() for name in ("ip_hash", "domain", "since", "until")}
    error, selected = None, None
    if request.method == "POST":
        try:
            since = fraud.parse_when(form["since"]) if form["since"] else None
            until = fraud.parse_when(form["until"]) if form["until"] else None
            selected = fraud.select_batch(slug, ip_hashes=[form["ip_hash"]], domains=[form["domain"]],
                                          since=since, until=until)
        except ValueError:
            error = _("Please give an IP hash (as the bursts show it) or an e-mail domain, and times "
                      "as YYYY-MM-DDTHH:MM (UTC) or a time ago such as 24h.")
        if selected is not None and request.form.get("confirm") == "yes":
            done = fraud.invalidate(campaign, selected)
            flash(ngettext("%(num)s signature invalidated.", "%(num)s signatures invalidated.", done),
                  "success")
            return redirect(url_for("campaign.signatures", slug=slug))
    confirmed = sum(s.status == CONFIRMED for s in selected) if selected else 0
    return render_template("console/campaigns/invalidate.html", campaign=campaign, form=form,
                           error=error, selected=selected, confirmed=confirmed), 400 if error else 200


@bp.get("/signatures/bursts")
@requires("organize")
def bursts(slug: str):
    campaign = campaign_or_404(slug)
    form = {"window": request.args.get("window", "10m"), "since": request.args.get("since", "24h"),
            "min": request.args.get("min", "5")}
    error, found = None, None
    try:
        minimum = int(form["min"])
        if not 0 < minimum <= LARGEST_ID:
            raise ValueError(form["min"])
        query = fraud.bursts_query(slug, window=fraud.parse_duration(form["window"]),
                                   since=fraud.parse_when(form["since"]), minimum=minimum)
    except ValueError:
        error = _("Please give a window and a time ago as a number and s, m, h, d or w (10m, 24h), "
                  "and a whole number of signatures.")
    else:
        found = by_place(query).map(fraud.burst_rows)
    return render_template("console/campaigns/bursts.html", campaign=campaign, form=form,
                           error=error, bursts=found), 400 if error else 200
