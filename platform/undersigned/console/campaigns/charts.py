"""A campaign's charts: server-drawn SVG (pygal) from the bars kept as signatures change
(:mod:`undersigned.signing.tallies`), never from the signatures themselves; each followed on
the page by its numbers as a table, so they read without JavaScript and with a screen reader."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import pygal
from babel import Locale
from babel.numbers import get_group_symbol
from flask import Response, abort, render_template, request
from flask_babel import format_number
from pygal.style import Style

from undersigned.campaigns import counters
from undersigned.campaigns.lookup import campaign_or_404
from undersigned.console.campaigns.blueprint import bp
from undersigned.contract import Campaign, utcnow
from undersigned.i18n.locale import LANGUAGE_NAMES, current_language
from undersigned.i18n.translate import gettext as _
from undersigned.signing import tallies
from undersigned.users.auth import requires

SCRIPT = re.compile(rb"<script.*?</script>", re.S)
CHARTS = ("signatures", "countries", "states", "languages", "referrals")
#: The bars a chart by category shows at most (most first); the rest are summed in a note.
MOST = 25
#: Tick marks on the value axis, about.
TICKS = 6
#: Dark bars on white: contrast well above WCAG's 3:1 for graphics; labels drawn at 14 px and
#: up in an 800 px wide picture, shown at its full width on a desktop.
STYLE = Style(background="white", plot_background="white", foreground="#1a1a1a",
              foreground_strong="#1a1a1a", foreground_subtle="#595959", colors=("#1f4e79",),
              font_family="sans-serif", label_font_size=14, major_label_font_size=14,
              no_data_font_size=18, tooltip_font_size=14, value_font_size=14,
              value_label_font_size=14, legend_font_size=14, title_font_size=18)


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    label: str
    counts: list[tuple[str, int]]
    #: What the chart says when it has no bars: why, truthfully.
    empty: str
    #: Bars left out (beyond :data:`MOST`) and the signatures they hold.
    more: int = 0
    more_count: int = 0


def chart(campaign: Campaign, name: str, by: str) -> Chart:
    """The numbers of chart ``name`` of ``campaign`` (``by`` day or hour for signatures)."""
    slug = campaign.slug
    none_yet = _("No confirmed signatures yet.")
    confirmed = counters.confirmed_count(slug)
    if name == "signatures" and by == "hour":
        counts = tallies.per_hour(slug, utcnow() - tallies.SURGE_WINDOW)
        return Chart(name, _("Confirmed signatures per hour, last 48 hours (UTC)"), _("Hour"), counts,
                     _("No confirmed signatures in the last 48 hours.") if confirmed else none_yet)
    if name == "signatures":
        return Chart(name, _("Confirmed signatures per day (UTC)"), _("Day"), tallies.per_day(slug), none_yet)
    if name == "countries":
        territories = Locale.parse(current_language()).territories
        return _by_field(campaign, tallies.COUNTRY, _("Confirmed signatures by country"), _("Country"),
                         _("None of the confirmed signatures names a country.") if confirmed else none_yet,
                         territories.get)
    if name == "states":
        return _by_field(campaign, tallies.US_STATE, _("Confirmed signatures by US state"), _("State"),
                         _("None of the confirmed signatures names a US state.") if confirmed else none_yet,
                         lambda code: None)
    if name == "languages":
        counts = [(LANGUAGE_NAMES.get(code, code), n) for code, n in tallies.most(slug, tallies.LANGUAGE)]
        return Chart(name, _("Confirmed signatures by language"), _("Language"), counts, none_yet)
    if name == "referrals":
        empty = _("None of the confirmed signatures came through a referral code.") if confirmed else none_yet
        return _limited(Chart(name, _("Confirmed signatures by referral code"), _("Referral code"),
                              tallies.most(slug, tallies.REFERRAL, MOST + 1), empty), slug, tallies.REFERRAL)
    abort(404)


def _by_field(campaign: Campaign, kind: str, title: str, label: str, empty: str, named) -> Chart:
    """A chart by the campaign's first field of type ``kind``, its codes ``named`` (or as kept),
    saying ``empty`` when it has no bars."""
    name = "countries" if kind == tallies.COUNTRY else "states"
    if tallies.field_of_type(campaign, kind) is None:
        return Chart(name, title, label, [], _("This campaign's form does not ask for it."))
    counts = [(named(code) or code, n) for code, n in tallies.most(campaign.slug, kind, MOST + 1)]
    return _limited(Chart(name, title, label, counts, empty), campaign.slug, kind)


def _limited(data: Chart, slug: str, kind: str) -> Chart:
    """``data`` cut to its first :data:`MOST` bars, noting how many more there are."""
    if len(data.counts) <= MOST:
        return data
    shown = data.counts[:MOST]
    bars, total = counters.bar_count(slug, kind)
    return Chart(data.name, data.title, data.label, shown, data.empty, bars - MOST,
                 total - sum(n for _key, n in shown))


def _grouping(slug: str) -> str:
    """``day`` or ``hour``, as asked, else ``hour`` when the last 48 hours hold a surge."""
    asked = request.args.get("by")
    if asked in ("day", "hour"):
        return asked
    return "hour" if tallies.surging(slug) else "day"


@bp.get("/charts")
@requires("organize")
def charts(slug: str):
    campaign = campaign_or_404(slug)
    by = _grouping(slug)
    return render_template("console/campaigns/charts.html", campaign=campaign, by=by,
                           charts=[chart(campaign, name, by) for name in CHARTS], count_text=whole_numbers())


def whole_numbers() -> Callable[[int], str]:
    """A formatter of whole numbers in the page's language, grouped by its symbol: what Babel's
    ``format_number`` writes for English, Russian and Belarusian (a language that leaves four
    digits ungrouped would see 1 234 for 1234), a hundred times faster for a year of days."""
    group = get_group_symbol(current_language())
    return lambda number: f"{number:,}".replace(",", group)


@bp.get("/charts/<name>.svg")
@requires("organize")
def chart_svg(slug: str, name: str):
    campaign = campaign_or_404(slug)
    if name not in CHARTS:
        abort(404)
    return Response(render_svg(chart(campaign, name, _grouping(slug))), mimetype="image/svg+xml")


def ticks(highest: int) -> list[int]:
    """Whole-number ticks from 0 up to ``highest`` or just past it, 1, 2 or 5 times a power of ten apart."""
    if highest <= 0:
        return [0, 1]
    rough = highest / TICKS
    power = 10 ** max(0, math.floor(math.log10(rough))) if rough >= 1 else 1
    step = next(power * factor for factor in (1, 2, 5, 10) if power * factor >= rough)
    return list(range(0, math.ceil(highest / step) * step + 1, step))


def render_svg(data: Chart) -> bytes:
    """``data`` as a bar chart (horizontal for categories), an SVG without scripts; its title is
    the page's heading, so the picture repeats none. The same numbers in the same language are
    drawn once (a year of days takes pygal a good part of 100 ms)."""
    return _drawn(data.name, data.label, tuple(data.counts), data.empty, current_language())


@lru_cache(maxsize=64)
def _drawn(name: str, label: str, counts: tuple[tuple[str, int], ...], empty: str, language: str) -> bytes:
    """The picture :func:`render_svg` draws (``language`` keys the cache: it formats the numbers)."""
    over_time = name == "signatures"
    kind = pygal.Bar if over_time else pygal.HorizontalBar
    values = [count for _label, count in counts]
    marks = ticks(max(values, default=0))
    drawing = kind(style=STYLE, js=[], show_legend=False, width=800, y_labels=marks, range=(0, marks[-1]),
                   height=400 if over_time else max(200, 60 + 32 * len(counts)),
                   x_label_rotation=45 if over_time else 0, show_minor_x_labels=not over_time,
                   value_formatter=lambda value: format_number(int(value)), truncate_label=40,
                   no_data_text=empty, disable_xml_declaration=False)
    labels = [bar for bar, _count in counts]
    drawing.x_labels = labels
    if over_time and len(labels) > 24:
        drawing.x_labels_major_every = len(labels) // 12
    drawing.add(label, values)
    # pygal always embeds its (interactive) configuration as a script; a picture needs none
    return SCRIPT.sub(b"", drawing.render())

