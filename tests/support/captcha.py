"""Captcha tokens as an attacker would send them."""
from __future__ import annotations


def respellings(token: str) -> list[str]:
    """Ways to write a signed ``token`` that base64 decoding (which skips characters outside its
    alphabet) reads as the same token."""
    value, signature = token.rsplit(".", 1)
    return [token + "~~", token + "!!", token + "==", token + "\n", f"{value}.{signature[:5]}*{signature[5:]}",
            f"{value}.!{signature}"]
