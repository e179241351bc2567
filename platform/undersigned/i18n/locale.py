"""Choosing the language: URL prefix (``/ru/...``), then the switcher's cookie, then
``Accept-Language``.

The prefix is moved from ``PATH_INFO`` to ``SCRIPT_NAME`` by
:class:`~undersigned.urls.LocalePrefixMiddleware`, so every route works under every prefix and
``url_for`` keeps the reader in their language.
"""
from __future__ import annotations

from flask import Flask, current_app, g, request
from flask_babel import Babel, format_date, format_number, format_percent, get_locale

from undersigned.i18n.reload import configure_catalog_watch
from undersigned.i18n.texts import campaign_text, recipient_name
from undersigned.i18n.translate import install_jinja_gettext
from undersigned.urls import ENVIRON_KEY, LocalePrefixMiddleware

COOKIE = "lang"


def select_locale() -> str:
    """The language of this request (flask-babel's locale selector)."""
    languages = current_app.config["LANGUAGES"]
    forced = getattr(g, "force_locale", None)
    if forced in languages:
        return forced
    from_url = request.environ.get(ENVIRON_KEY)
    if from_url in languages:
        return from_url
    from_cookie = request.cookies.get(COOKIE)
    if from_cookie in languages:
        return from_cookie
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def url_in_language(language: str) -> str:
    """This page's address in ``language`` (for the switcher and ``hreflang`` alternates)."""
    path = request.full_path if request.query_string else request.path
    root = "" if language == current_app.config["BABEL_DEFAULT_LOCALE"] else f"/{language}"
    base = request.environ.get("SCRIPT_NAME", "")
    if request.environ.get(ENVIRON_KEY):
        base = base[: -len(request.environ[ENVIRON_KEY]) - 1]
    return f"{base}{root}{path}"


def configure_i18n(app: Flask) -> None:
    # one Babel per app: its default domain caches translations, which must not leak between apps
    Babel(app, locale_selector=select_locale)
    install_jinja_gettext(app)
    configure_catalog_watch(app)
    app.wsgi_app = LocalePrefixMiddleware(app.wsgi_app, app.config["LANGUAGES"])

    app.jinja_env.globals.update(
        current_language=current_language, url_in_language=url_in_language,
        LANGUAGE_NAMES=LANGUAGE_NAMES, campaign_text=campaign_text, recipient_name=recipient_name, format_number=format_number,
        format_percent=format_percent, format_date=format_date)


#: Each language's name in itself, for the switcher.
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "be": "Беларуская"}
