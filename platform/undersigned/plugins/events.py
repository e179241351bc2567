"""Deprecated since contract 1.1: ``notify`` lives in :mod:`undersigned.contract`."""
from undersigned import contract
from undersigned.contract.deprecation import moved

__getattr__ = moved(__name__, "undersigned.contract", notify=contract.notify)
