"""The OSDI routes: the entry point, the petitions a token reaches, a petition's signatures a
page at a time (every page read is in the audit log, since it holds personal data), and the
record-signature helper (its rules: :mod:`undersigned.api.write`)."""
from __future__ import annotations

from flask import abort
from sqlalchemy import func, select

from undersigned.api.auth import calling_token, token_for
from undersigned.api.blueprint import bp
from undersigned.api.models import READ, WRITE
from undersigned.api.paging import collection, requested_paging
from undersigned.api.resources import entry_point, hal, petition, signature_resource
from undersigned.audit.log import record
from undersigned.campaigns.lookup import campaign_or_404
from undersigned.contract.state import registry_of
from undersigned.api.write import recorded_signature
from undersigned.extensions import csrf, db
from undersigned.signing.models import Signature


@bp.get("/api/v1/")
def entry():
    return hal(entry_point())


@bp.get("/api/v1/petitions")
def petitions():
    """The campaigns the calling token reaches."""
    token = calling_token()
    paging = requested_paging()
    reached = [campaign for campaign in registry_of() if campaign.slug in token.campaigns]
    shown = reached[paging.offset:paging.offset + paging.per_page]
    return hal(collection("osdi:petitions", [petition(c) for c in shown], paging, len(reached), "api.petitions"))


@bp.get("/api/v1/petitions/<slug>", endpoint="petition")
def petition_view(slug: str):
    campaign = campaign_or_404(slug)
    token_for(slug, READ)
    return hal(petition(campaign))


@bp.get("/api/v1/petitions/<slug>/signatures")
def signatures(slug: str):
    """A page of the petition's signatures in the order they came, filtered by last change."""
    campaign = campaign_or_404(slug)
    token = token_for(slug, READ)
    paging = requested_paging()
    where = [Signature.campaign == slug]
    if paging.modified:
        operator, moment = paging.modified
        where.append(Signature.modified_at > moment if operator == "gt" else Signature.modified_at < moment)
    total = db.session.scalar(select(func.count()).select_from(Signature).where(*where))
    rows = list(db.session.scalars(select(Signature).where(*where).order_by(Signature.id)
                                   .offset(paging.offset).limit(paging.per_page)))
    record("api.signatures_read", campaign=slug, token=token.id, page=paging.page, signatures=len(rows))
    db.session.commit()
    return hal(collection("osdi:signatures", [signature_resource(campaign, s) for s in rows], paging, total,
                          "api.signatures", slug=slug))


@bp.get("/api/v1/petitions/<slug>/signatures/<public_id>")
def signature(slug: str, public_id: str):
    campaign = campaign_or_404(slug)
    token = token_for(slug, READ)
    found = db.session.scalar(select(Signature).filter_by(campaign=slug, public_id=public_id))
    if found is None:
        abort(404)
    record("api.signatures_read", campaign=slug, token=token.id, signatures=1)
    db.session.commit()
    return hal(signature_resource(campaign, found))


@bp.post("/api/v1/petitions/<slug>/signatures")
@csrf.exempt  # no cookie, no browser: the request is authenticated by its token alone
def record_signature(slug: str):
    """Record a signature through the sign form's rules (pending, or confirmed by a partner's
    token allowed to); 201 with it."""
    campaign = campaign_or_404(slug)
    token = token_for(slug, WRITE)
    return hal(signature_resource(campaign, recorded_signature(campaign, token)), 201)
