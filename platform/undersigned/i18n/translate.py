"""``_()`` on a page: translations go through :func:`~undersigned.i18n.markup.translation_markup`
(text, or the source's own tags), never straight into the HTML.

flask-babel installs Jinja's newstyle gettext, which wraps a translation in ``Markup`` whenever
autoescaping is on, and its lazy strings hand the translation to templates as markup
(``__html__``): either way a translator could add tags to every page. The callables here keep
newstyle's behaviour otherwise (``%``-formatting, with variables escaped).
"""
from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import get_translations, gettext, ngettext
from flask_babel.speaklater import LazyString
from jinja2.nodes import EvalContext
from jinja2.utils import pass_eval_context
from markupsafe import Markup

from undersigned.i18n.markup import translation_markup


def _for_page(eval_ctx: EvalContext, source: str, translation: str) -> str:
    """HTML templates get safe markup; plain-text ones (e-mails) the text as it is."""
    return translation_markup(source, translation) if eval_ctx.autoescape else translation


@pass_eval_context
def _gettext(eval_ctx: EvalContext, message: str) -> str:
    return _for_page(eval_ctx, message, get_translations().ugettext(message))


@pass_eval_context
def _ngettext(eval_ctx: EvalContext, singular: str, plural: str, num: int) -> str:
    source = singular if num == 1 else plural
    return _for_page(eval_ctx, source, get_translations().ungettext(singular, plural, num))


@pass_eval_context
def _pgettext(eval_ctx: EvalContext, context: str, message: str) -> str:
    return _for_page(eval_ctx, message, get_translations().upgettext(context, message))


@pass_eval_context
def _npgettext(eval_ctx: EvalContext, context: str, singular: str, plural: str, num: int) -> str:
    source = singular if num == 1 else plural
    return _for_page(eval_ctx, source, get_translations().unpgettext(context, singular, plural, num))


def install_jinja_gettext(app: Flask) -> None:
    """Replace the gettext callables flask-babel gave the app's templates."""
    app.jinja_env.install_gettext_callables(gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext,
                                            npgettext=_npgettext, newstyle=True)


def _formatted(markup: Markup, variables: dict[str, Any]) -> Markup:
    return markup % variables if variables else markup


def gettext_markup(message: str, **variables: Any) -> Markup:
    """``gettext`` for an HTML page: the translation as text, or with the source's own tags."""
    return _formatted(translation_markup(message, get_translations().ugettext(message)), variables)


def ngettext_markup(singular: str, plural: str, num: int, **variables: Any) -> Markup:
    """``ngettext`` for an HTML page, like :func:`gettext_markup`."""
    variables.setdefault("num", num)
    translation = get_translations().ungettext(singular, plural, num)
    return _formatted(translation_markup(singular if num == 1 else plural, translation), variables)


class LazyText(LazyString):
    """flask-babel's lazy string, but shown on a page through :func:`translation_markup`."""

    def __init__(self, text, html, *args: Any, **kwargs: Any) -> None:
        super().__init__(text, *args, **kwargs)
        self._html = html

    def __html__(self) -> Markup:
        return self._html(*self._args, **self._kwargs)


def lazy_gettext(message: str, **variables: Any) -> LazyText:
    """``flask_babel.lazy_gettext``, safe in templates (form labels, validation messages)."""
    return LazyText(gettext, gettext_markup, message, **variables)


def lazy_ngettext(singular: str, plural: str, num: int, **variables: Any) -> LazyText:
    """``flask_babel.lazy_ngettext``, safe in templates."""
    return LazyText(ngettext, ngettext_markup, singular, plural, num, **variables)
