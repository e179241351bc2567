"""A campaign's signatures: look one up by e-mail, filter and page through them (addresses masked;
showing one in full, like a look-up, is audited), remove one with a reason, invalidate a batch,
see signing bursts and keep the block lists. The pages parse what
organizers type; :mod:`undersigned.signing.fraud` and :mod:`undersigned.signing.records` do the
work (the same functions ``flask signatures`` calls)."""
from __future__ import annotations

import datetime as dt
import functools

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from undersigned.audit.log import record
from undersigned.campaigns.lookup import campaign_or_404
from undersigned.console.campaigns.blueprint import bp
from undersigned.delivery.log import signature_named
from undersigned.extensions import db
from undersigned.i18n.translate import gettext as _, lazy_gettext as _l, ngettext
from undersigned.security import blocklist
from undersigned.security.routing import LARGEST_ID
from undersigned.signing import fraud, records
from undersigned.security.identity import mask_email
from undersigned.signing.models import CONFIRMED, STATUSES, Signature
from undersigned.users.auth import requires

PAGE_SIZE = 50
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
    before = request.args.get("before", type=int)
    if before is not None and not 0 < before <= LARGEST_ID:
        before = None
    page = records.page_of(slug, status=status, since=since, until=until, before=before, size=PAGE_SIZE)
    return render_template("console/campaigns/signatures.html", campaign=campaign, page=page,
                           errors=errors, found=found, looked_up=looked_up, status=status,
                           statuses=STATUS_NAMES, reasons=REASON_NAMES,
                           blocks=fraud.blocks(slug, every_campaign=current_user.can("admin")),
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
    signature = db.session.get(Signature, signature_id)
    if signature is None or signature.campaign != slug:
        abort(404)
    _audited("signature.reveal", slug, signature=signature.id)
    return render_template("console/campaigns/signature.html", campaign=campaign, rows=[signature],
                           revealed=True, statuses=STATUS_NAMES, reasons=REASON_NAMES)


@bp.post("/signatures/<int:signature_id>/remove")
@requires("organize")
def remove(slug: str, signature_id: int):
    campaign = campaign_or_404(slug)
    reason = request.form.get("reason")
    if reason not in fraud.REMOVAL_REASONS:
        flash(_("Please choose why the signature is removed."), "error")
    elif fraud.invalidate_ids(campaign, [signature_id], reason)[0]:
        flash(_("Signature %(id)s is removed: it no longer counts, and is kept for the record.",
                id=signature_id), "success")
    else:
        flash(_("Signature %(id)s was not removed: it is unknown or no longer counts.", id=signature_id), "error")
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
    error, found = None, []
    try:
        minimum = int(form["min"])
        if minimum < 1:
            raise ValueError(form["min"])
        found = fraud.bursts(slug, window=fraud.parse_duration(form["window"]),
                             since=fraud.parse_when(form["since"]), minimum=minimum)
    except ValueError:
        error = _("Please give a window and a time ago as a number and s, m, h, d or w (10m, 24h), "
                  "and a whole number of signatures.")
    return render_template("console/campaigns/bursts.html", campaign=campaign, form=form,
                           error=error, bursts=found), 400 if error else 200


@bp.post("/signatures/blocks")
@requires("organize")
def block(slug: str):
    """Block a domain or an IP hash for this campaign, or (admins only) for every campaign."""
    campaign_or_404(slug)
    kind, value = request.form.get("kind"), request.form.get("value", "").strip()
    note = request.form.get("note") or None
    scope = _scope(slug)
    blockers = {"domain": functools.partial(fraud.block_domain, whole_provider=request.form.get("whole_provider") == "yes"),
                "ip_hash": fraud.block_ip_hash}
    try:
        if kind not in blockers:
            raise ValueError(kind)
        value, added = blockers[kind](value, note, campaign=scope)
    except blocklist.TooBroad as exc:
        flash(_("%(value)s is a top-level domain: blocking it would refuse far too many signers. Please "
                "give an organisation's own domain, such as example.org.", value=str(exc)), "error")
    except blocklist.WholeProvider as exc:
        flash(_("%(value)s is a large e-mail provider: blocking it refuses everyone who uses it. If that "
                "is what you want, tick “Yes, block all of it” and block it again.", value=str(exc)), "error")
    except ValueError:
        flash(_("Please give an e-mail domain (example.org) or an IP hash (32 hexadecimal digits)."), "error")
    else:
        flash(_("%(value)s is blocked.", value=value) if added else _("%(value)s was already blocked.", value=value),
              "success")
        return redirect(url_for("campaign.signatures", slug=slug, _anchor="blocks"))
    # what was typed comes back in the form
    return redirect(url_for("campaign.signatures", slug=slug, block_kind=kind, block_value=value[:253],
                            block_note=(note or "")[:200], _anchor="blocks"))


@bp.post("/signatures/blocks/remove")
@requires("organize")
def unblock(slug: str):
    """Unblock a value for this campaign, or (admins only) for every campaign."""
    campaign_or_404(slug)
    value = request.form.get("value", "")
    if fraud.unblock(value, campaign=_scope(slug)):
        flash(_("%(value)s is no longer blocked.", value=value), "success")
    else:
        flash(_("%(value)s was not blocked.", value=value), "error")
    return redirect(url_for("campaign.signatures", slug=slug, _anchor="blocks"))


def _scope(slug: str) -> str | None:
    """The campaign a block form acts on: ``slug``, or ``None`` (every campaign) when an admin
    asked for that; 403 for anyone else asking."""
    if request.form.get("every_campaign") != "yes":
        return slug
    if not current_user.can("admin"):
        abort(403)
    return None
