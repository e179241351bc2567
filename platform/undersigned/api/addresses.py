"""Which webhook addresses may be called: never a private one (loopback, link-local, private
ranges, cloud metadata endpoints) unless ``WEBHOOK_ALLOW_PRIVATE_ADDRESSES`` allows it, and only
http(s). The host is resolved at each delivery, so a name that later points inside is refused."""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from flask import current_app


class RefusedAddress(Exception):
    """The URL may not be called; ``args[0]`` says why (no secret, no personal data)."""


def check_url(url: str) -> list[str]:
    """The addresses ``url``'s host resolves to, each allowed; :class:`RefusedAddress` otherwise."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # an unclosed IPv6 bracket, a port out of range
        raise RefusedAddress("not a URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedAddress("only http and https URLs with a host")
    try:
        infos = socket.getaddrinfo(parts.hostname, port or (443 if parts.scheme == "https" else 80),
                                   proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise RefusedAddress("the host does not resolve") from None
    found = sorted({info[4][0] for info in infos})
    if not current_app.config["WEBHOOK_ALLOW_PRIVATE_ADDRESSES"]:
        for address in found:
            ip = ipaddress.ip_address(address.split("%")[0])
            if not ip.is_global or ip.is_multicast:
                raise RefusedAddress("a private, loopback, link-local or reserved address")
    return found
