"""The joint letter as the public sees it, with the approved co-signers who agreed to be named
(the others counted): its page, which lists the first ``JOINT_LETTER_PAGE_NAMES`` of them (and,
for a reader of another language, the campaign's reading translation), its PDF, which lists them
all, and the PDF of each delivered version, which names those of its co-signers who agreed (the
PDF the recipient got names every one and is never published).

All are made once per revision of the campaign's approved co-signers
(:mod:`undersigned.signing.revisions`, raised with every approval, move, removal, erasure and
delivery) and served from that copy, so a request costs what a campaign page costs however long
the list is: it reads the revision (one row), and nothing more until the revision changes. Each
process keeps its copy of the page (it is small) and of the delivered versions' PDFs (asked for
far less often); the letter's PDF, slow to draw for thousands of names, is kept in the database,
drawn once for every process and machine.
"""
from __future__ import annotations

import datetime as dt
import hashlib

from flask import current_app, render_template, request
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from undersigned.contract import Campaign
from undersigned.delivery.joint.models import JointLetterVersion, PublicLetterPdf
from undersigned.delivery.joint.service import letter_pdf, public_list, signature_id_of, versions
from undersigned.extensions import db
from undersigned.i18n.fragments import campaign_key, fragment
from undersigned.i18n.locale import current_language
from undersigned.security.public_pages import first_time_reader
from undersigned.signing import revisions
from undersigned.signing.letter import render_letter_html, render_letter_translation
from undersigned.signing.models import CONFIRMED, Signature

#: Where each process keeps the public PDFs it has served, by campaign: (stamp, bytes).
PDFS = "undersigned.joint_public_pdfs"
#: The same for delivered versions, by campaign and number.
VERSION_PDFS = "undersigned.joint_public_version_pdfs"


def page(campaign: Campaign) -> str:
    """The letter's page: this process's copy for the current revision and day."""
    if not first_time_reader():  # a notice may be waiting, or a query: made for this request alone
        return _render_page(campaign)
    key = ("joint_letter", campaign_key(campaign), request.host_url, request.script_root, request.path)
    version = (revisions.current(campaign.slug), dt.date.today())
    return fragment(key, lambda: _render_page(campaign), version=version)


def _render_page(campaign: Campaign) -> str:
    listed = public_list(campaign, size=current_app.config["JOINT_LETTER_PAGE_NAMES"])
    return render_template("joint/letter.html", campaign=campaign, listed=listed,
                           others=listed.total - len(listed.shown),
                           letter=render_letter_html(campaign, {}, signatories=listed.shown),
                           translation=render_letter_translation(campaign, current_language(), {}),
                           delivered=versions(campaign, delivered_only=True))


def pdf(campaign: Campaign) -> tuple[bytes, str]:
    """The public PDF, dated today, and its stamp (what it was drawn from, for ``ETag``): from
    this process's copy, else from the database's, else drawn now and stored for every process."""
    today = dt.date.today()
    made_from = f"{revisions.current(campaign.slug)} {today} {campaign_key(campaign)}"
    stamp = hashlib.sha256(made_from.encode()).hexdigest()
    kept: dict[str, tuple[str, bytes]] = current_app.extensions.setdefault(PDFS, {})
    if campaign.slug in kept and kept[campaign.slug][0] == stamp:
        return kept[campaign.slug][1], stamp
    body = db.session.scalar(select(PublicLetterPdf.pdf).filter_by(campaign=campaign.slug, stamp=stamp))
    if body is None:
        listed = public_list(campaign)
        body = letter_pdf(campaign, listed.shown, today, others=listed.total - len(listed.shown))
        _store(campaign.slug, stamp, body)
    kept[campaign.slug] = (stamp, body)
    return body, stamp


def _store(slug: str, stamp: str, body: bytes) -> None:
    """Keep ``body`` as ``slug``'s public PDF; when two processes draw it at once, either's stays."""
    replaced = db.session.execute(update(PublicLetterPdf).where(PublicLetterPdf.campaign == slug)
                                  .values(stamp=stamp, pdf=body).execution_options(synchronize_session=False))
    if replaced.rowcount == 0:
        db.session.add(PublicLetterPdf(campaign=slug, stamp=stamp, pdf=body))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()


def version_pdf(campaign: Campaign, number: int) -> tuple[bytes, str] | None:
    """Delivered version ``number`` as the public may read it, and its stamp: the letter as
    delivered that day, naming those of its co-signers who agree to be named now (one who has
    withdrawn since is counted, no longer named); ``None`` if no version ``number`` was delivered."""
    delivered = db.session.execute(select(JointLetterVersion.id, JointLetterVersion.delivered_at).where(
        JointLetterVersion.campaign == campaign.slug, JointLetterVersion.number == number)).first()
    if delivered is None or delivered.delivered_at is None:
        return None
    made_from = f"{revisions.current(campaign.slug)} v{number} {campaign_key(campaign)}"
    stamp = hashlib.sha256(made_from.encode()).hexdigest()
    kept: dict[tuple[str, int], tuple[str, bytes]] = current_app.extensions.setdefault(VERSION_PDFS, {})
    if (campaign.slug, number) not in kept or kept[campaign.slug, number][0] != stamp:
        version = db.session.get(JointLetterVersion, delivered.id)
        named = set(db.session.scalars(select(Signature.id).where(
            Signature.campaign == campaign.slug, Signature.status == CONFIRMED, Signature.public_name.is_(True))))
        shown = [block for block in version.signatories if signature_id_of(block) in named]
        kept[campaign.slug, number] = (stamp, letter_pdf(campaign, shown, version.date,
                                                         others=version.signatory_count - len(shown)))
    return kept[campaign.slug, number][1], stamp
