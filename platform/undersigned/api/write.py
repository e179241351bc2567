"""OSDI write: the record-signature helper. A partner's signature goes through the sign form's
own validation and :func:`undersigned.signing.intake.accept`, as one from the form: canonical
e-mail, one per mailbox, the block list, the limits, and the double opt-in (the signer gets the
confirmation e-mail and counts only once they confirm). A partner that has confirmed the address
itself says so with ``email_confirmed_by_partner``, which only a token allowed to confirm may
send: the signature is then confirmed and counted at once, in the same one transaction, and
audited."""
from __future__ import annotations

from flask import current_app, request
from pydantic import ValidationError
from werkzeug.datastructures import MultiDict

from undersigned.api.errors import ApiError
from undersigned.api.models import ApiToken
from undersigned.api.person import form_values, property_of
from undersigned.api.schema import SignatureRequest
from undersigned.contract import Campaign
from undersigned.i18n.locale import current_language
from undersigned.security.identity import ip_hash
from undersigned.sharing.referrals import valid_code
from undersigned.signing import intake, service
from undersigned.signing.forms import make_form
from undersigned.signing.models import Signature

#: The audit log's action for a signature recorded confirmed by a partner's token.
CONFIRMED_BY_PARTNER = "api.signature_confirmed_by_partner"


def recorded_signature(campaign: Campaign, token: ApiToken) -> Signature:
    """Record the request's person as a signature of ``campaign`` sent with ``token``: pending,
    or confirmed at once when the partner says it confirmed the address and ``token`` may say so;
    :class:`ApiError` 400 naming each field's problem, 403 for a token that may not confirm or a
    blocked signer, 409 if the mailbox has signed (a
    :class:`~undersigned.security.limits.LimitExceeded` past a limit)."""
    body = _json_body()
    if not isinstance(body, dict):
        raise ApiError(400, "Send a JSON object with a person, as OSDI's record signature helper does.")
    try:
        signing = SignatureRequest.model_validate(body)
    except ValidationError as invalid:
        raise ApiError(400, "Some values are not of the kind expected.", _kinds(invalid)) from None
    confirmed = signing.email_confirmed_by_partner
    if confirmed and not token.confirms(campaign.slug):
        raise ApiError(403, "This token may not confirm signatures: send email_confirmed_by_partner only with a "
                            "token made to confirm (flask api token create --may-confirm), or leave it out so the "
                            "signer confirms by e-mail.", {"email_confirmed_by_partner": [
                                "This token may not confirm signatures."]})
    if not campaign.is_open:
        raise ApiError(409, "This petition is not accepting signatures now.")
    form = make_form(campaign, formdata=MultiDict(form_values(campaign, signing)), meta={"csrf": False})
    if not form.validate():
        raise ApiError(400, "Some fields have problems.", _problems(campaign, form))
    try:
        signature = intake.accept(campaign, form, locale=_language(body), ip_hash=ip_hash(), public_name=False,
                                  referral=_referral(body),
                                  confirmed_audit=CONFIRMED_BY_PARTNER if confirmed else None,
                                  details={"token": token.id})
    except intake.Undeliverable:
        raise ApiError(400, "Mail to this address fails.", _problems(campaign, form)) from None
    except service.Refused:
        raise ApiError(403, "This signature cannot be accepted.") from None
    except service.AlreadySigned:
        raise ApiError(409, "This e-mail address has already signed this petition.") from None
    return signature


def _json_body() -> object:
    """The request's JSON, or ``None`` for a body that is not JSON (nested past the parser's
    depth included: a ``RecursionError`` is a client's mistake, not the server's)."""
    try:
        return request.get_json(silent=True)
    except RecursionError:
        return None


def _kinds(invalid: ValidationError) -> dict[str, list[str]]:
    """pydantic's errors by the dotted property they are about (list positions left out)."""
    problems: dict[str, list[str]] = {}
    for error in invalid.errors(include_url=False, include_input=False):
        where = ".".join(str(part) for part in error["loc"] if not isinstance(part, int)) or "body"
        problems.setdefault(where, []).append(error["msg"])
    return problems


def _problems(campaign: Campaign, form: object) -> dict[str, list[str]]:
    return {property_of(campaign, name): [str(message) for message in messages]
            for name, messages in form.errors.items() if isinstance(messages, list)}


def _language(body: dict) -> str:
    """The signer's language: the person's first ``languages_spoken`` we serve, else the request's."""
    person = body.get("person") if isinstance(body.get("person"), dict) else {}
    spoken = person.get("languages_spoken")
    for language in spoken if isinstance(spoken, list) else []:
        if isinstance(language, str) and language in current_app.config["LANGUAGES"]:
            return language
    return current_language()


def _referral(body: dict) -> str | None:
    data = body.get("referrer_data")
    referrer = data.get("referrer") if isinstance(data, dict) else None
    return valid_code(referrer) if isinstance(referrer, str) else None
