"""Languages: the locale chosen per request, campaign translation domains, catalog commands."""


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now (it is translated when shown)."""
    return message
