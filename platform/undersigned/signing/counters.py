"""Deprecated since contract 1.1: a campaign's counters live in :mod:`undersigned.campaigns.counters`."""
from undersigned.campaigns import counters
from undersigned.contract.deprecation import moved

__getattr__ = moved(__name__, "undersigned.campaigns.counters", **{
    name: getattr(counters, name) for name in ("CONFIRMED", "DELIVERED", "REPORTED_SENT", "add", "confirmed_count",
                                               "totals")})
