"""The help desk's reads and writes: a supporter's request (stored with its e-mails in one
transaction), the organizers' answers, closing and reopening, and erasure by the purge."""
from __future__ import annotations

import datetime as dt
import logging
from typing import Iterable

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Select, case, func, select, update

from undersigned.audit.log import record
from undersigned.contract import Campaign, utcnow
from undersigned.extensions import db
from undersigned.helpdesk.models import ANSWERED, CLOSED, NEW, HelpMessage, HelpRequest
from undersigned.i18n.texts import campaign_text
from undersigned.mail.outbox import enqueue
from undersigned.security.hosts import public_url
from undersigned.security.tokens import HELP, make_token, read_token

log = logging.getLogger(__name__)

#: The seed's promise: every request is answered within this time.
ANSWER_WITHIN = dt.timedelta(hours=24)
#: Outbox kinds: the supporter's acknowledgement, the organizers' notice, an organizer's answer.
ACKNOWLEDGEMENT, NOTICE, ANSWER = "help_ack", "help_notice", "help_answer"


def submit(campaign: Campaign, *, name: str, email: str, country: str, state: str | None,
           language: str, message: str) -> HelpRequest:
    """Store a supporter's request and queue, in the same transaction, the acknowledgement to
    them (in ``language``) and the notice to the campaign's help address.

    The address has proved nothing yet, so the acknowledgement carries no text the sender typed
    (else anyone could have the platform mail anyone their words): only a link to the request's
    page, where the mailbox's owner reads it."""
    help_request = HelpRequest(campaign=campaign.slug, name=name, email=email, country=country,
                               state=state or None, language=language, message=message, status=NEW)
    db.session.add(help_request)
    db.session.flush()
    with force_locale(language):
        enqueue(kind=ACKNOWLEDGEMENT, to=email, template="helpdesk/emails/acknowledgement",
                language=language, campaign=campaign.slug,
                subject=_("We have your request for help: %(title)s", title=campaign_text(campaign, campaign.title)),
                campaign_obj=campaign, link=page_link(help_request, language))
    address = help_address(campaign)
    if address:
        organizers = current_app.config["BABEL_DEFAULT_LOCALE"]
        with force_locale(organizers):
            enqueue(kind=NOTICE, to=address, template="helpdesk/emails/notice", language=organizers,
                    campaign=campaign.slug,
                    subject=_("Help request %(id)s: %(title)s", id=help_request.id,
                              title=campaign_text(campaign, campaign.title)),
                    campaign_obj=campaign, help_request=help_request,
                    link=public_url("helpdesk_console.request_page", _language=organizers,
                                    slug=campaign.slug, request_id=help_request.id))
    else:
        log.warning("help request %s on %s: no help address (Campaign.help_address, HELP_EMAIL) "
                    "to notify", help_request.id, campaign.slug)
    db.session.commit()
    log.info("help request %s received on %s", help_request.id, campaign.slug)
    return help_request


def page_link(help_request: HelpRequest, language: str) -> str:
    """The address of the request's page for the supporter, in ``language``: a signed link only
    their mailbox gets."""
    return public_url("helpdesk.request_page", _language=language, slug=help_request.campaign,
                      token=make_token(HELP, str(help_request.id)))


def request_for_token(slug: str, token: str) -> HelpRequest | None:
    """The request of the campaign ``slug`` that a page link's ``token`` names, unless the link
    is forged or the request's data was erased."""
    request_id = read_token(HELP, token)
    help_request = request_of(slug, int(request_id)) if request_id and request_id.isdigit() else None
    return help_request if help_request is not None and help_request.erased_at is None else None


def help_address(campaign: Campaign) -> str | None:
    """Where ``campaign``'s help requests are announced: its own address, else ``HELP_EMAIL``."""
    return campaign.help_address or current_app.config.get("HELP_EMAIL") or None


def listing(slug: str, status: str | None = None) -> Select:
    """The campaign's requests (in ``status``, if given): the unanswered ones first, the
    longest waiting first; then the others, the newest first. A query, to read a page at a time."""
    waiting = HelpRequest.status == NEW
    query = (select(HelpRequest).where(HelpRequest.campaign == slug)
             .order_by(case((waiting, 0), else_=1), case((waiting, HelpRequest.created_at)).asc(),
                       case((waiting, HelpRequest.id)).asc(), HelpRequest.created_at.desc(), HelpRequest.id.desc()))
    return query.where(HelpRequest.status == status) if status else query



def request_of(slug: str, request_id: int) -> HelpRequest | None:
    """The request ``request_id`` if it belongs to the campaign ``slug``."""
    return db.session.scalar(select(HelpRequest).filter_by(id=request_id, campaign=slug))


def open_count(slug: str) -> int:
    """How many of the campaign's requests are open (not closed: new or answered)."""
    return db.session.scalar(select(func.count()).select_from(HelpRequest).where(
        HelpRequest.campaign == slug, HelpRequest.status != CLOSED)) or 0


def overdue(help_request: HelpRequest, now: dt.datetime | None = None) -> bool:
    """Whether the request has waited longer than :data:`ANSWER_WITHIN` without an answer."""
    return help_request.status == NEW and (now or utcnow()) - help_request.created_at > ANSWER_WITHIN


def answer(help_request: HelpRequest, campaign: Campaign, *, body: str, author: str) -> HelpMessage:
    """Keep an organizer's answer in the thread and e-mail it to the supporter, in the language
    they asked for (the wrapper text translated, the organizer's text as typed, nothing the
    supporter typed: their address has proved nothing)."""
    reply = HelpMessage(request=help_request, from_organizer=True, author=author, body=body)
    db.session.add(reply)
    if help_request.status == NEW:
        help_request.status = ANSWERED
    help_request.answered_at = utcnow()
    db.session.flush()
    with force_locale(help_request.language):
        enqueue(kind=ANSWER, to=help_request.email, template="helpdesk/emails/answer",
                language=help_request.language, campaign=campaign.slug, automatic=False,
                subject=_("An answer to your request for help: %(title)s",
                          title=campaign_text(campaign, campaign.title)),
                campaign_obj=campaign, body=body)
    record("help.answer", campaign=campaign.slug, request=help_request.id, message=reply.id)
    db.session.commit()
    log.info("help request %s answered (message %s)", help_request.id, reply.id)
    return reply


def close(help_request: HelpRequest) -> None:
    """Close the request: nothing more to do."""
    help_request.status = CLOSED
    help_request.closed_at = utcnow()
    record("help.close", campaign=help_request.campaign, request=help_request.id)
    db.session.commit()


def reopen(help_request: HelpRequest) -> None:
    """Open a closed request again: answered if it has an answer, else new."""
    help_request.status = ANSWERED if help_request.messages else NEW
    help_request.closed_at = None
    record("help.reopen", campaign=help_request.campaign, request=help_request.id)
    db.session.commit()


def erasable_count(slugs: Iterable[str]) -> int:
    """How many requests of the campaigns ``slugs`` still hold personal data."""
    return db.session.scalar(select(func.count()).select_from(HelpRequest).where(
        HelpRequest.campaign.in_(tuple(slugs)), HelpRequest.erased_at.is_(None))) or 0


def erase(slugs: Iterable[str]) -> int:
    """Erase the personal data of every request of the campaigns ``slugs`` (name, e-mail,
    message, the answers' text), keeping status, country, state, language and dates; in the
    caller's transaction. How many requests were erased."""
    slugs = tuple(slugs)
    erasing = select(HelpRequest.id).where(HelpRequest.campaign.in_(slugs), HelpRequest.erased_at.is_(None))
    db.session.execute(update(HelpMessage).where(HelpMessage.request_id.in_(erasing))
                       .values(body="").execution_options(synchronize_session=False))
    erased = db.session.execute(
        update(HelpRequest).where(HelpRequest.campaign.in_(slugs), HelpRequest.erased_at.is_(None))
        .values(name="", email=None, message="", erased_at=utcnow())
        .execution_options(synchronize_session=False))
    return erased.rowcount
