"""Languages: the locale chosen per request, campaign translation domains, catalog commands."""
from undersigned.contract.text import N_

__all__ = ["N_"]
