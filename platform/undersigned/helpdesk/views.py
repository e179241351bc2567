"""The help desk's pages: the supporter's help form on every campaign (``/c/<slug>/help``) and
their request's page (``/c/<slug>/help/<token>``, linked from the acknowledgement), and the
organizers' list and thread in the console (``/console/campaigns/<slug>/help``)."""
from __future__ import annotations

import logging

from flask import (Blueprint, abort, flash, has_request_context, make_response, redirect, render_template, request,
                   url_for)
from flask_babel import format_datetime, format_timedelta
from flask_babel import gettext as _
from flask_login import current_user

from undersigned.campaigns.lookup import campaign_or_404
from undersigned.captcha.providers import current_provider
from undersigned.contract import Campaign, utcnow
from undersigned.contract.state import registry_of
from undersigned.extensions import csrf
from undersigned.helpdesk import service
from undersigned.helpdesk.forms import AnswerForm, HelpForm, make_help_form
from undersigned.helpdesk.models import CLOSED, STATUSES, HelpRequest
from undersigned.paging import by_place
from undersigned.security.identity import canonical_email
from undersigned.security.limits import LimitExceeded, check, email_key, form_over_limit, limit
from undersigned.signing.choices import country_choices
from undersigned.users.auth import requires

bp = Blueprint("helpdesk", __name__, template_folder="templates")
console_bp = Blueprint("helpdesk_console", __name__, url_prefix="/console/campaigns/<slug>/help",
                       template_folder="templates")
log = logging.getLogger(__name__)


@bp.get("/c/<slug>/help")
def form(slug: str):
    return _render_form(campaign_or_404(slug), make_help_form())


@bp.post("/c/<slug>/help")
@csrf.exempt  # the form's own CSRF field is checked, so a failure keeps what was typed
def send(slug: str):
    campaign = campaign_or_404(slug)
    help_form = make_help_form()
    try:
        with limit("RATELIMIT_HELP"):
            if help_form.website.data:
                # a bot filled the invisible field: answer as if it worked, write nothing
                log.info("honeypot filled on the help form of %s", slug)
                return redirect(url_for("helpdesk.sent", slug=slug))
            form_ok = help_form.validate()
            provider = current_provider()
            captcha_ok = provider.verify(request.form)
            if not (form_ok and captcha_ok):
                captcha_error = None if captcha_ok else str(provider.failure_message)
                return _render_form(campaign, help_form, captcha_error), 400
            check("RATELIMIT_HELP_EMAIL", key=email_key(canonical_email(help_form.email.data)))
            service.submit(campaign, name=help_form.name.data.strip(), email=help_form.email.data,
                           country=help_form.country.data,
                           state=help_form.state.data if help_form.country.data == "US" else None,
                           language=help_form.language.data, message=help_form.message.data.strip())
    except LimitExceeded as over:  # the form comes back as typed, saying when to send it again
        return form_over_limit(help_form, over, lambda: _render_form(campaign, help_form))
    return redirect(url_for("helpdesk.sent", slug=slug))


def _render_form(campaign: Campaign, help_form: HelpForm, captcha_error: str | None = None):
    captcha = current_provider()
    return render_template("helpdesk/form.html", campaign=campaign, form=help_form, captcha=captcha,
                           challenge=captcha.challenge(), captcha_error=captcha_error)


@bp.get("/c/<slug>/help/sent")
def sent(slug: str):
    return render_template("helpdesk/sent.html", campaign=campaign_or_404(slug))


@bp.get("/c/<slug>/help/<token>")
def request_page(slug: str, token: str):
    """The supporter's request and the organizers' answers, behind the link only their mailbox
    got: never cached, never sent on as a referrer."""
    campaign = campaign_or_404(slug)
    help_request = service.request_for_token(slug, token)
    if help_request is None:
        abort(404)
    response = make_response(render_template("helpdesk/request.html", campaign=campaign, help_request=help_request))
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.app_context_processor
def helpdesk_context():
    return {"help_link": _help_link}


def _help_link() -> str | None:
    """The help form of the campaign this public page belongs to, if it is one."""
    if not has_request_context():
        return None
    rule = request.url_rule
    slug = (request.view_args or {}).get("slug")
    if rule is None or not rule.rule.startswith("/c/<slug>") or request.blueprint == "helpdesk":
        return None
    return url_for("helpdesk.form", slug=slug) if registry_of().get(slug) is not None else None


# --- the console -------------------------------------------------------------------------------

@console_bp.context_processor
def console_context():
    return {"format_datetime": format_datetime, "format_timedelta": format_timedelta,
            "country_name": lambda code: dict(country_choices()).get(code, code)}


@console_bp.get("")
@requires("organize")
def list_page(slug: str):
    """The campaign's requests, those waiting too long marked, filtered by status, 50 a page."""
    campaign = campaign_or_404(slug)
    status = request.args.get("status")
    if status not in STATUSES:
        status = None
    return render_template("helpdesk/console_list.html", campaign=campaign, status=status,
                           statuses=STATUSES, requests=by_place(service.listing(slug, status)),
                           overdue=service.overdue, now=utcnow())


@console_bp.get("/<int:request_id>")
@requires("organize")
def request_page(slug: str, request_id: int):
    campaign = campaign_or_404(slug)
    return _render_thread(campaign, _request_or_404(slug, request_id), AnswerForm())


@console_bp.post("/<int:request_id>/answer")
@requires("organize")
def answer(slug: str, request_id: int):
    campaign = campaign_or_404(slug)
    help_request = _request_or_404(slug, request_id)
    answer_form = AnswerForm()
    if help_request.status == CLOSED or help_request.email is None:
        abort(409)
    if not answer_form.validate_on_submit():
        return _render_thread(campaign, help_request, answer_form), 400
    service.answer(help_request, campaign, body=answer_form.body.data.strip(), author=current_user.email)
    flash(_("Your answer is on its way to the supporter."), "success")
    return redirect(url_for(".request_page", slug=slug, request_id=request_id))


@console_bp.post("/<int:request_id>/close")
@requires("organize")
def close(slug: str, request_id: int):
    help_request = _request_or_404(slug, request_id)
    if help_request.status != CLOSED:
        service.close(help_request)
    return redirect(url_for(".request_page", slug=slug, request_id=request_id))


@console_bp.post("/<int:request_id>/reopen")
@requires("organize")
def reopen(slug: str, request_id: int):
    help_request = _request_or_404(slug, request_id)
    if help_request.status == CLOSED:
        service.reopen(help_request)
    return redirect(url_for(".request_page", slug=slug, request_id=request_id))


def _request_or_404(slug: str, request_id: int) -> HelpRequest:
    help_request = service.request_of(slug, request_id)
    if help_request is None:
        abort(404)
    return help_request


def _render_thread(campaign: Campaign, help_request: HelpRequest, answer_form: AnswerForm):
    return render_template("helpdesk/console_request.html", campaign=campaign, help_request=help_request,
                           form=answer_form, overdue=service.overdue(help_request), now=utcnow())
