"""Collecting the campaigns that plugins describe, checking each, and keeping the good ones.

A campaign with a problem is reported (log, ``flask campaigns list/check``, console) and skipped;
the platform keeps serving every other campaign.
"""
from __future__ import annotations

import logging
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pluggy
from flask import Flask
from flask_babel import Domain
from jinja2 import Environment, FileSystemLoader, TemplateError, meta

from undersigned.campaigns.embedding import origin_problems
from undersigned.campaigns.fields import (
    FIELD_TYPES,
    PERSONAL_PARAGRAPH,
    RESERVED_FIELD_NAMES,
    all_fields,
    letter_placeholders,
)
from undersigned.campaigns.settings import with_all_settings, with_settings
from undersigned.contract import Campaign, DeliveryChannel
from undersigned.contract.problems import TRACEBACK_HINT, PluginProblem, describe, format_traceback
from undersigned.plugins.loader import deprecations

log = logging.getLogger(__name__)

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{1,63}$")
#: A field's name is a letter's placeholder (``{{ name }}``), so an identifier; one starting
#: with ``_`` would never reach the form (WTForms leaves such attributes out).
FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
REQUIRED_TEMPLATES = ("letter.txt", "letter.html", "instructions.html")
LETTER_TEMPLATES = ("letter.txt", "letter.html")
#: gettext's functions, which every template may call.
GETTEXT = frozenset({"_", "gettext", "ngettext"})


@dataclass
class CampaignRegistry:
    """The campaigns being served, where each came from, and what failed.

    ``campaigns`` holds them as their plugins describe them; :meth:`get` and iterating give them
    with the settings organizers changed in the console applied, read from the database once
    per request (so every process sees a change at its next request): use those in a request
    or a command.
    """

    campaigns: dict[str, Campaign] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    domains: dict[str, Domain] = field(default_factory=dict)
    problems: list[PluginProblem] = field(default_factory=list)
    #: What served plugins should change (deprecated names they use), reported, never fatal.
    notices: list[PluginProblem] = field(default_factory=list)

    def get(self, slug: str) -> Campaign | None:
        campaign = self.campaigns.get(slug)
        return with_settings(campaign) if campaign is not None else None

    def __iter__(self):
        return iter(with_all_settings(self.campaigns.values()))


def build_registry(app: Flask, pm: pluggy.PluginManager, plugin_sources: dict[str, str],
                   problems: list[PluginProblem], notices: list[PluginProblem]) -> CampaignRegistry:
    """Ask every plugin for its campaigns, one plugin at a time, and check each campaign."""
    registry = CampaignRegistry(problems=list(problems), notices=list(notices))
    core_translations = app.config["BABEL_TRANSLATION_DIRECTORIES"]
    providers = [impl for impl in pm.hook.undersigned_campaigns.get_hookimpls()
                 if not (impl.wrapper or impl.hookwrapper)]
    for impl in providers:
        name = impl.plugin_name
        source = plugin_sources.get(name, name)
        others = [other.plugin for other in providers if other is not impl]
        try:  # through pluggy's own caller, one plugin at a time, so monitoring and wrappers see it
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", DeprecationWarning)
                answers = pm.subset_hook_caller("undersigned_campaigns", remove_plugins=others)(config=app.config)
                campaigns = [campaign for answer in answers for campaign in answer]
        except Exception as exc:  # a plugin's bug must not stop the others
            _report(registry, name, source, describe(exc), exc=exc)
            continue
        for message in deprecations(caught):
            log.warning("campaign plugin %s (%s): %s", name, source, message)
            registry.notices.append(PluginProblem(plugin=name, source=source, message=message))
        for campaign in campaigns:
            errors = check_campaign(campaign, app, pm, registry)
            if errors:
                for error in errors:
                    _report(registry, name, source, error, getattr(campaign, "slug", None))
                continue
            registry.campaigns[campaign.slug] = campaign
            registry.sources[campaign.slug] = source
            registry.domains[campaign.slug] = _domain(campaign, core_translations)
    return registry


def check_campaign(campaign: Any, app: Flask, pm: pluggy.PluginManager,
                   registry: CampaignRegistry) -> list[str]:
    """Everything wrong with ``campaign``, as sentences an organizer can act on."""
    if not isinstance(campaign, Campaign):
        return [f"undersigned_campaigns returned {type(campaign).__name__}, not a Campaign"]
    errors: list[str] = []
    if not SLUG.match(campaign.slug):
        errors.append(f"slug {campaign.slug!r} must be 2-64 lowercase letters, digits, '-' or '_'")
    if campaign.slug in registry.campaigns:
        errors.append(f"duplicate slug {campaign.slug!r}: already provided by "
                      f"{registry.sources[campaign.slug]}")
    channel = pm.hook.undersigned_delivery_channel(name=campaign.channel)
    if channel is None:
        errors.append(f"unknown delivery channel {campaign.channel!r}")
    elif not isinstance(channel, DeliveryChannel):
        errors.append(f"delivery channel {campaign.channel!r} is a {type(channel).__name__}, "
                      "not a DeliveryChannel")
    else:
        errors += channel.problems(campaign)
        if campaign.personal_paragraph and not channel.allows_personal_paragraph:
            errors.append(f"delivery channel {campaign.channel!r} does not deliver each signer's own "
                          "letter: it allows no personal_paragraph")
    unknown_languages = set(campaign.languages) - set(app.config["LANGUAGES"])
    if unknown_languages:
        errors.append(f"unsupported languages: {', '.join(sorted(unknown_languages))}")
    errors += _check_fields(campaign)
    errors += _check_paragraph(campaign)
    errors += _check_templates(campaign)
    errors += origin_problems(campaign, app.config.get("EMBED_ORIGINS"))
    return errors


def _check_fields(campaign: Campaign) -> list[str]:
    errors = []
    names = [f.name for f in all_fields(campaign)]
    shared = [f for f in all_fields(campaign) if f not in campaign.fields]
    for duplicate in sorted({n for n in names if names.count(n) > 1}):
        errors.append(f"field {duplicate!r} is defined twice (shared fields: "
                      f"{', '.join(f.name for f in shared)})")
    for f in campaign.fields:
        if f.name in RESERVED_FIELD_NAMES:
            errors.append(f"field {f.name!r} has a reserved name ({RESERVED_FIELD_NAMES[f.name]}): "
                          "rename it, e.g. to a word saying what the supporter answers")
        elif not FIELD_NAME.match(f.name):
            errors.append(f"field {f.name!r} must be named with letters, digits and '_', "
                          "starting with a letter (it is the letter's placeholder)")
        if f.type not in FIELD_TYPES:
            errors.append(f"field {f.name!r} has unknown type {f.type!r} "
                          f"(known: {', '.join(sorted(FIELD_TYPES))})")
        if f.type == "select" and not f.choices:
            errors.append(f"field {f.name!r} is a select without choices")
        if f.required_if and f.required_if[0] not in names:
            errors.append(f"field {f.name!r} depends on unknown field {f.required_if[0]!r}")
    return errors


def _check_paragraph(campaign: Campaign) -> list[str]:
    options = campaign.personal_paragraph
    if options is None:
        return []
    errors = []
    if options.max_length < 1:
        errors.append("personal_paragraph.max_length must be at least 1")
    if not 0 <= options.min_length <= options.max_length:
        errors.append("personal_paragraph.min_length must be between 0 and max_length")
    if options.max_lines is not None and options.max_lines < 1:
        errors.append("personal_paragraph.max_lines must be at least 1 (or None for no limit)")
    return errors


def _check_templates(campaign: Campaign) -> list[str]:
    folder = Path(campaign.template_folder)
    missing = [name for name in REQUIRED_TEMPLATES if not (folder / name).is_file()]
    if missing:
        return [f"missing template {name!r} in {folder}" for name in missing]
    env = Environment(loader=FileSystemLoader(folder))
    allowed = letter_placeholders(campaign) | GETTEXT
    errors = []
    translations = sorted(path.name for path in folder.glob("letter.*.html") if path.name != "letter.html")
    for name in (*LETTER_TEMPLATES, *translations):
        try:
            source = env.loader.get_source(env, name)[0]
            used = meta.find_undeclared_variables(env.parse(source))
        except TemplateError as exc:
            errors.append(f"template {name!r} does not parse: {exc}")
            continue
        for placeholder in sorted(used - allowed):
            errors.append(f"template {name!r} uses placeholder {placeholder!r}, "
                          "which the form does not provide")
        if campaign.personal_paragraph and name in LETTER_TEMPLATES and PERSONAL_PARAGRAPH not in used:
            errors.append(f"template {name!r} does not place the personal paragraph: add "
                          f"{{{{ {PERSONAL_PARAGRAPH} }}}} where it belongs in the letter")
    return errors


def _domain(campaign: Campaign, core_translations: str) -> Domain:
    """The campaign's gettext domain, falling back to the core's catalog."""
    if campaign.translations_folder is None:
        return Domain(core_translations, "messages")
    return Domain([core_translations, str(campaign.translations_folder)], f"messages;{campaign.slug}")


def _report(registry: CampaignRegistry, plugin: str, source: str, message: str,
            slug: str | None = None, exc: BaseException | None = None) -> None:
    where = f"campaign {slug!r} from plugin {plugin}" if slug else f"campaign plugin {plugin}"
    hint = f" ({TRACEBACK_HINT})" if exc else ""  # one line: `campaigns check -v` shows the traceback
    log.error("%s (%s) is not served: %s%s", where, source, message, hint)
    registry.problems.append(PluginProblem(plugin=plugin, source=source, message=message, slug=slug,
                                           traceback=format_traceback(exc) if exc else ""))
