"""Pages any cache may hold: what a first-time reader gets of the home page, a campaign page, a
joint letter page or a widget is the same bytes for every such reader of that address and
language (no session cookie, no per-reader token, no CSP nonce in it).

Such a response says ``Cache-Control: public`` with a short shared lifetime and
``stale-while-revalidate``, carries an ``ETag`` (answered with 304) and varies only on the
cookie (a returning reader's session or chosen language) and, without a language prefix in the
address, on ``Accept-Language``. In the process it is served from a copy refreshed at most every
``PUBLIC_PAGE_SECONDS``: no database query and no Redis call per view. Every other reader (one
with a session, or a query beyond ``?ref=``) gets a page made for them alone, ``private,
no-store``.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Callable

from flask import Flask, Response, current_app, g, request, session

from undersigned.i18n.fragments import fragment
from undersigned.security.headers import allow_framing_by
from undersigned.urls import ENVIRON_KEY

#: The only query a shared page may carry: the referral code of a shared link.
SHAREABLE_QUERY = frozenset({"ref"})
PRIVATE = "private, no-store"


@dataclass(frozen=True)
class Copy:
    """A rendered public page: its bytes, their ``ETag`` and the sites that may frame it."""

    body: bytes
    etag: str
    frame_ancestors: tuple[str, ...] | None


def first_time_reader() -> bool:
    """Whether this request may get the shared page: a GET (or HEAD) with no session cookie and
    no query but a referral code."""
    return (request.method in ("GET", "HEAD")
            and current_app.config["SESSION_COOKIE_NAME"] not in request.cookies
            and set(request.args) <= SHAREABLE_QUERY)


def is_public() -> bool:
    """Whether this response is a shared page (so its HTML carries no CSP nonce)."""
    return bool(g.get("public_page"))


def public_page(render: Callable[[], str], *, shareable: bool = True) -> Response:
    """The page ``render()`` makes, as a shared page for a first-time reader (this process's copy,
    at most ``PUBLIC_PAGE_SECONDS`` old) or as a private page for anyone else, and always when
    the page is not ``shareable`` (a captcha whose challenge is written in the page)."""
    if not shareable or not first_time_reader():
        response = current_app.make_response(render())
        response.headers["Cache-Control"] = PRIVATE
        return response
    g.public_page = True
    seconds = current_app.config["PUBLIC_PAGE_SECONDS"]
    key = ("public_page", request.host_url, request.script_root, request.full_path)
    try:
        if seconds > 0:
            copy = fragment(key, lambda: _copy(render), version=int(time.monotonic() // seconds))
        else:
            copy = _copy(render)
    except Exception:
        g.public_page = False  # the error page (a campaign not found) is this response's own
        raise
    if copy.frame_ancestors is not None:
        allow_framing_by(copy.frame_ancestors)
    return _shared_response(copy)


def _copy(render: Callable[[], str]) -> Copy:
    body = render().encode()
    return Copy(body=body, etag=hashlib.sha256(body).hexdigest()[:32], frame_ancestors=g.get("frame_ancestors"))


def _shared_response(copy: Copy) -> Response:
    config = current_app.config
    response = Response(copy.body, mimetype="text/html")
    response.set_etag(copy.etag)
    response.headers["Cache-Control"] = (f"public, max-age={int(config['PUBLIC_CACHE_SECONDS'])}, "
                                         f"stale-while-revalidate={int(config['PUBLIC_STALE_SECONDS'])}")
    response.vary.add("Cookie")
    if not request.environ.get(ENVIRON_KEY):  # no /ru or /be in the address: the browser's choice counts
        response.vary.add("Accept-Language")
    return response.make_conditional(request)


def configure_public_pages(app: Flask) -> None:
    """Keep a shared page shared only while nothing personal was added to it."""
    @app.after_request
    def keep_shared_pages_impersonal(response: Response) -> Response:
        if is_public() and (session.modified or response.headers.get("Set-Cookie")):
            response.headers["Cache-Control"] = PRIVATE  # a bug put something personal on the page
            response.headers.pop("ETag", None)
        return response
