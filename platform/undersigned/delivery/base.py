"""Deprecated since contract 1.1: ``DeliveryChannel`` lives in :mod:`undersigned.contract`."""
from undersigned import contract
from undersigned.contract.deprecation import moved

__getattr__ = moved(__name__, "undersigned.contract", DeliveryChannel=contract.DeliveryChannel)
