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


def fragment(key: tuple[Hashable, ...], make: Callable[[], T], *, version: Hashable = None) -> T:
    """``make()`` for ``key`` in the reader's language, computed once per process until a
    catalog changes, or until it is asked for with another ``version`` (of what it is made from):
    then it is made again and replaces the old one."""
    entries: dict = current_app.extensions.setdefault(EXTENSION, {})
    full_key = (str(get_locale()), *key)
    kept = entries.get(full_key)
    if kept is not None and kept[0] == version:
        return kept[1]
    value = make()
    if len(entries) >= MAX_ENTRIES and full_key not in entries:
        entries.clear()
    entries[full_key] = (version, value)
    return value


def forget_fragments(app: Flask) -> None:
    """Drop every cached fragment of ``app`` (its catalogs changed)."""
    app.extensions.get(EXTENSION, {}).clear()
