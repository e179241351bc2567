"""Deprecated since contract 1.1: the campaign model lives in :mod:`undersigned.contract`."""
from undersigned import contract
from undersigned.contract.deprecation import moved

__getattr__ = moved(__name__, "undersigned.contract", Campaign=contract.Campaign, FormField=contract.FormField,
                    ParagraphOptions=contract.ParagraphOptions, Recipient=contract.Recipient)
