"""Deprecated since contract 1.1: the hook markers live in :mod:`undersigned.contract`, the
hooks themselves in :mod:`undersigned.contract.hookspecs`."""
from undersigned import contract
from undersigned.contract.deprecation import moved

__getattr__ = moved(__name__, "undersigned.contract", hookimpl=contract.hookimpl, hookspec=contract.hookspec)
