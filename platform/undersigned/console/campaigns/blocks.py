"""The block lists from a campaign's signatures page: blocking a domain or an IP hash asks first,
on a page naming it (a GET, so it works without JavaScript), and the page after offers to undo it;
unblocking acts at once. A block belongs to the campaign; only an admin keeps the blocks for
every campaign. :mod:`undersigned.signing.fraud` does the work."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from undersigned.campaigns.lookup import campaign_or_404
from undersigned.console.campaigns.blueprint import bp
from undersigned.i18n.translate import gettext as _
from undersigned.security import blocklist
from undersigned.signing import fraud
from undersigned.users.auth import requires

#: What each kind of entry is checked and kept as.
CLEANERS = {"domain": blocklist.clean_domain, "ip_hash": blocklist.clean_ip_hash}
#: The block form's fields, and its two boxes ("yes" when ticked).
FIELDS = ("kind", "value", "note")
BOXES = ("whole_provider", "every_campaign")


def _typed() -> dict[str, str]:
    """The block form's fields as typed (from the query or the form)."""
    return {name: request.values.get(name, "").strip()[:253] for name in FIELDS + BOXES}


def _back_to_the_form(slug: str, typed: dict[str, str]):
    """The signatures page's block form again, holding what was typed."""
    return redirect(url_for("campaign.signatures", slug=slug, _anchor="blocks",
                            **{f"block_{name}": typed[name] or None for name in typed}))


def _scope(slug: str, typed: dict[str, str]) -> str | None:
    """The campaign a block form acts on: ``slug``, or ``None`` (every campaign) when an admin
    asked for that; 403 for anyone else asking."""
    if typed["every_campaign"] != "yes":
        return slug
    if not current_user.can("admin"):
        abort(403)
    return None


def _cleaned(typed: dict[str, str]) -> str:
    """The value as it will be kept; ``ValueError`` (or its kinds :class:`blocklist.TooBroad`,
    :class:`blocklist.WholeProvider`) when it cannot be blocked as asked."""
    if typed["kind"] not in CLEANERS:
        raise ValueError(typed["kind"])
    value = CLEANERS[typed["kind"]](typed["value"])
    if typed["kind"] == "domain":
        blocklist.check_breadth(value, typed["whole_provider"] == "yes")
    return value


def _refusal(exc: ValueError) -> str:
    if isinstance(exc, blocklist.TooBroad):
        return _("%(value)s is a top-level domain: blocking it would refuse far too many signers. Please "
                 "give an organisation's own domain, such as example.org.", value=str(exc))
    if isinstance(exc, blocklist.WholeProvider):
        return _("%(value)s is a large e-mail provider: blocking it refuses everyone who uses it. If that "
                 "is what you want, tick “Yes, block all of it” and block it again.", value=str(exc))
    return _("Please give an e-mail domain (example.org) or an IP hash (32 hexadecimal digits).")


@bp.get("/signatures/blocks/confirm")
@requires("organize")
def confirm_block(slug: str):
    """Ask before blocking: the domain or IP hash as it will be kept, where, and what it does."""
    campaign = campaign_or_404(slug)
    typed = _typed()
    scope = _scope(slug, typed)
    try:
        value = _cleaned(typed)
    except ValueError as exc:
        flash(_refusal(exc), "error")
        return _back_to_the_form(slug, typed)
    return render_template("console/campaigns/block.html", campaign=campaign, kind=typed["kind"], value=value,
                           note=typed["note"], whole_provider=typed["whole_provider"], every_campaign=scope is None)


@bp.post("/signatures/blocks")
@requires("organize")
def block(slug: str):
    """Block a domain or an IP hash for this campaign, or (admins only) for every campaign."""
    campaign_or_404(slug)
    typed = _typed()
    scope = _scope(slug, typed)
    try:
        _cleaned(typed)
        if typed["kind"] == "domain":
            value, added = fraud.block_domain(typed["value"], typed["note"] or None, campaign=scope,
                                              whole_provider=typed["whole_provider"] == "yes")
        else:
            value, added = fraud.block_ip_hash(typed["value"], typed["note"] or None, campaign=scope)
    except ValueError as exc:
        flash(_refusal(exc), "error")
        return _back_to_the_form(slug, typed)
    if not added:
        flash(_("%(value)s was already blocked.", value=value), "success")
        return redirect(url_for("campaign.signatures", slug=slug, _anchor="blocks"))
    flash(_("%(value)s is blocked.", value=value), "success")
    return redirect(url_for("campaign.signatures", slug=slug, blocked=value,
                            blocked_everywhere="yes" if scope is None else None, _anchor="blocks"))


@bp.post("/signatures/blocks/remove")
@requires("organize")
def unblock(slug: str):
    """Unblock a value for this campaign, or (admins only) for every campaign."""
    campaign_or_404(slug)
    value = request.form.get("value", "")
    if fraud.unblock(value, campaign=_scope(slug, _typed())):
        flash(_("%(value)s is no longer blocked.", value=value), "success")
    else:
        flash(_("%(value)s was not blocked.", value=value), "error")
    return redirect(url_for("campaign.signatures", slug=slug, _anchor="blocks"))
