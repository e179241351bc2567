"""Who is calling: the token a request sends in ``OSDI-API-Token``, checked for the campaign and
scope the view needs, and counted against the token's rate limit. Failed attempts are counted
per client, so nobody can guess secrets at speed."""
from __future__ import annotations

from flask import request

from undersigned.api import tokens
from undersigned.api.errors import ApiError
from undersigned.api.models import ApiToken
from undersigned.security.limits import LimitExceeded, check, count, exceeded

HEADER = "OSDI-API-Token"


def calling_token() -> ApiToken:
    """The request's valid token (401 without one, 429 for a client that failed too often,
    or a token over its own limit)."""
    wait = exceeded("RATELIMIT_API_FAILURES")
    if wait:
        raise LimitExceeded("RATELIMIT_API_FAILURES", wait)
    token = tokens.authenticate(request.headers.get(HEADER, ""))
    if token is None:
        count("RATELIMIT_API_FAILURES")
        raise ApiError(401, f"Send a valid API token in the {HEADER} header.")
    check("RATELIMIT_API", key=f"api-token:{token.id}")
    return token


def token_for(campaign: str, scope: str) -> ApiToken:
    """:func:`calling_token`, which must reach ``campaign`` with ``scope`` (403 otherwise)."""
    token = calling_token()
    if not token.reaches(campaign, scope):
        raise ApiError(403, f"This token may not {scope} this petition.")
    return token
