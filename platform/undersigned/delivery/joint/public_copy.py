"""The public copy of a delivered version of a joint letter: the letter as delivered that day,
naming only its co-signers who agree to be shown publicly now and counting the others, as the
letter's web page does. The PDF that went to the recipient names every co-signer and is never
published."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from undersigned.contract import Campaign
from undersigned.delivery.joint.models import JointLetterVersion
from undersigned.delivery.joint.service import letter_pdf, signature_id_of
from undersigned.extensions import db
from undersigned.i18n.fragments import campaign_key
from undersigned.signing.models import CONFIRMED, Signature

EXTENSION = "undersigned_joint_public_copies"


def public_copy(campaign: Campaign, version: JointLetterVersion) -> bytes:
    """The PDF of ``version`` as the public may read it. Made again only when who is shown changes
    (a co-signer withdraws, or changes their mind about being shown) or the campaign does; the
    last one made is kept per version."""
    public = set(db.session.scalars(select(Signature.id).where(
        Signature.campaign == campaign.slug, Signature.status == CONFIRMED, Signature.public_name.is_(True))))
    shown = [block for block in version.signatories if signature_id_of(block) in public]
    others = version.signatory_count - len(shown)
    made: dict = current_app.extensions.setdefault(EXTENSION, {})
    fingerprint = (campaign_key(campaign), tuple(signature_id_of(block) for block in shown), others)
    kept = made.get((campaign.slug, version.number))
    if kept is None or kept[0] != fingerprint:
        kept = made[(campaign.slug, version.number)] = (fingerprint, letter_pdf(campaign, shown, version.date,
                                                                               others=others))
    return kept[1]
