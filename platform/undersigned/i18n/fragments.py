"""Work done once per campaign and language, kept per process: sorted choices, the form's
fields, the letter and instructions as rendered for a reader who has typed nothing yet.

A key names everything the result depends on besides the reader's language (a campaign by its
:func:`campaign_key`, so settings changed at run time give a new key). Every entry is dropped
when a catalog changes (:func:`undersigned.i18n.reload.forget_translations`).
"""
from __future__ import annotations

from typing import Callable, Hashable, TypeVar

from flask import Flask, current_app
from flask_babel import get_locale

from undersigned.contract import Campaign

T = TypeVar("T")
EXTENSION = "undersigned_fragments"
#: Entries kept before the cache starts afresh (campaigns × languages × a few parts each).
MAX_ENTRIES = 1024


def campaign_key(campaign: Campaign) -> str:
    """Everything the campaign's pages may show of it, as a key: a setting changed in the
    console makes a new campaign object, hence a new key."""
    return repr(campaign)


def fragment(key: tuple[Hashable, ...], make: Callable[[], T]) -> T:
    """``make()`` for ``key`` in the reader's language, computed once per process until a
    catalog changes."""
    entries: dict = current_app.extensions.setdefault(EXTENSION, {})
    full_key = (str(get_locale()), *key)
    try:
        return entries[full_key]
    except KeyError:
        pass
    value = make()
    if len(entries) >= MAX_ENTRIES:
        entries.clear()
    entries[full_key] = value
    return value


def forget_fragments(app: Flask) -> None:
    """Drop every cached fragment of ``app`` (its catalogs changed)."""
    app.extensions.get(EXTENSION, {}).clear()
