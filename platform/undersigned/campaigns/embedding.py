"""Which sites may frame a campaign's widget: the campaign's own ``embed_origins`` plus the
``EMBED_ORIGINS`` setting (slug to origins). They become the widget's CSP ``frame-ancestors``."""
from __future__ import annotations

from typing import Iterable
from urllib.parse import urlsplit

from flask import current_app

from undersigned.contract import Campaign


def origin_problem(origin: str) -> str | None:
    """Why ``origin`` cannot stand in ``frame-ancestors``, or ``None`` if it is a plain
    ``https://host[:port]`` (or ``http://``): no path, wildcard, quote, space or semicolon
    could widen the policy or add a directive."""
    if not isinstance(origin, str):
        return f"{origin!r} is not a string"
    try:
        parts = urlsplit(origin)
        parts.port  # noqa: B018 -- raises on a port that is not a number
    except ValueError:
        return f"{origin!r} is not an origin"
    clean = parts.scheme in ("http", "https") and parts.hostname and not parts.username \
        and parts.path == "" and not parts.query and not parts.fragment \
        and all(c.isalnum() or c in ".-:[]" for c in parts.netloc)
    if not clean or origin != f"{parts.scheme}://{parts.netloc}":
        return f"{origin!r} is not an origin such as https://partner.example.org"
    return None


def configured_origins(campaign: Campaign, setting: dict | None = None) -> tuple[str, ...]:
    """Every origin configured for ``campaign``, valid or not (the registry checks them)."""
    if setting is None:
        setting = current_app.config.get("EMBED_ORIGINS") or {}
    extra = setting.get(campaign.slug) or () if isinstance(setting, dict) else ()
    return tuple(dict.fromkeys([*campaign.embed_origins, *_as_list(extra)]))


def allowed_origins(campaign: Campaign) -> tuple[str, ...]:
    """The origins that may frame ``campaign``'s widget (none: no site may)."""
    return tuple(origin for origin in configured_origins(campaign) if origin_problem(origin) is None)


def origin_problems(campaign: Campaign, setting: dict | None) -> list[str]:
    """What is wrong with ``campaign``'s configured origins, for the campaign registry."""
    if setting is not None and not isinstance(setting, dict):
        return ["EMBED_ORIGINS must map campaign slugs to lists of origins"]
    return [f"embed origin {problem}" for origin in configured_origins(campaign, setting or {})
            if (problem := origin_problem(origin))]


def _as_list(value: str | Iterable[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)
