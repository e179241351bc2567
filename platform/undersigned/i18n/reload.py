"""Compiled catalogs take effect without a restart: every process notices a changed ``.mo``
(checked at most every few seconds) and drops its cached translations."""
from __future__ import annotations

import time
from pathlib import Path

from flask import Flask
from flask_babel import get_babel

from undersigned.contract.state import registry_of
from undersigned.i18n.fragments import forget_fragments

CHECK_SECONDS = 2.0


def forget_translations(app: Flask) -> None:
    """Drop this process's cached translations of every domain, and what was rendered with them."""
    get_babel(app).instance.domain_instance.cache.clear()
    for domain in registry_of(app).domains.values():
        domain.cache.clear()
    forget_fragments(app)


def catalog_stamp(app: Flask) -> float:
    folders = [Path(app.config["BABEL_TRANSLATION_DIRECTORIES"])]
    folders += [Path(c.translations_folder) for c in registry_of(app).campaigns.values() if c.translations_folder]
    return max((path.stat().st_mtime for folder in folders for path in folder.glob("*/LC_MESSAGES/*.mo")),
               default=0.0)


def configure_catalog_watch(app: Flask) -> None:
    seen = {"stamp": catalog_stamp(app), "checked": time.monotonic()}

    @app.before_request
    def reload_changed_catalogs() -> None:
        now = time.monotonic()
        if now - seen["checked"] < CHECK_SECONDS:
            return
        seen["checked"] = now
        stamp = catalog_stamp(app)
        if stamp != seen["stamp"]:
            seen["stamp"] = stamp
            forget_translations(app)
