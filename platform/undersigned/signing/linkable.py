"""Text a mail client could turn into a link or an address: what a letter delivered in a signer's
name must not carry.

Mail clients link far more than ``https://``: bare domains (``bit.ly/3xYz12``), e-mail addresses,
telephone numbers and other schemes (``tel:``, ``data:``), and people copy "defanged" spellings
(``hxxps://``, ``evil[.]com``) into their address bar. So the text is first read as a mail client
or a reader would (full-width letters as ASCII, invisible characters gone, look-alike and
bracketed dots as dots), then searched. Ordinary prose stays clear: a full stop followed by a space,
abbreviations whose parts are single letters (``e.g.``, ``U.S.``) and numbers (``3.5``) are never
taken for a domain.
"""
from __future__ import annotations

import re
import unicodedata

#: Schemes that make a link or an action whatever follows their colon.
ALWAYS = r"h[tx]{2}ps?|ftps?|sftp|mailto|javascript|vbscript|tel"
#: Schemes that are also ordinary words ("the data: ..."): a link only with no space after the colon.
TIGHT = (r"data|file|about|blob|news|nntp|geo|maps|market|intent|magnet|bitcoin|sms|callto|skype"
         r"|facetime|whatsapp|viber|tg|sip|xmpp|irc|webcal|feed|wss?|ldap|ssh|git|view-source")
_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
PATTERNS = (
    re.compile(rf"\b(?:{ALWAYS})\s*:", re.IGNORECASE),
    re.compile(rf"\b(?:{TIGHT}):\S", re.IGNORECASE),
    # any scheme before "//", however spaced, with or without its colon; and "//host"
    re.compile(r"(?:[a-z][\w+.-]*\s*:\s*/\s*/|[a-z]//|(?<!\S)//\w)", re.IGNORECASE),
    re.compile(r"\bwww\d{0,3}\.", re.IGNORECASE),
    re.compile(rf"[\w.+-]+@{_LABEL}(?:\.{_LABEL})+"),
    re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d])"),
    re.compile(r"\+\s*\d(?:[\s().-]*\d){6,}"),
)
#: ``label.label...tld``: a top-level domain of two letters or more, or punycode.
DOMAIN = re.compile(rf"(?<![\w-])(?:{_LABEL}\.)+(?P<tld>[^\W\d_]{{2,63}}|xn--[a-z0-9-]+)(?![\w-])",
                    re.IGNORECASE)
#: Top-level domains in other scripts than Latin. Any Latin one of two letters or more counts
#: (new ones appear every year); in Cyrillic only these, so that "г.Минск" or "см.рис" stay prose.
NON_LATIN_TLDS = frozenset({
    "рф", "бел", "укр", "срб", "мкд", "қаз", "мон", "бг", "рус", "москва", "онлайн", "сайт", "орг",
    "ком", "дети", "католик", "ελ", "ευ", "ею", "中国", "中國", "香港", "台湾", "台灣", "公司", "网络",
    "한국", "ไทย", "հայ", "გე", "קום", "السعودية", "مصر", "امارات", "ایران",
})
#: Dots and at signs as people spell them to get past a filter: ``[.]``, ``(dot)``, ``[at]``.
_BRACKETED_DOT = re.compile(r"\s*[\[({]\s*(?:\.|dot)\s*[\])}]\s*", re.IGNORECASE)
_BRACKETED_AT = re.compile(r"\s*[\[({]\s*(?:@|at)\s*[\])}]\s*", re.IGNORECASE)
_BRACKETED_COLON = re.compile(r"[\[({]:[\])}]")
#: Full stops of other scripts that browsers and IDNA read as a domain's dot.
_DOTS = str.maketrans({"\u3002": ".", "\uff61": ".", "\ufe12": "."})


def link_in(text: str) -> str | None:
    """The first part of ``text`` a mail client could turn into a link or an address, or ``None``."""
    readable = as_read(text)
    for pattern in PATTERNS:
        found = pattern.search(readable)
        if found:
            return found.group(0)
    for found in DOMAIN.finditer(readable):
        tld = found.group("tld").lower()
        if tld.isascii() or tld in NON_LATIN_TLDS:
            return found.group(0)
    return None


def as_read(text: str) -> str:
    """``text`` as a mail client or a reader would take it: compatibility forms folded (full-width
    letters, small and one-dot-leader full stops), invisible format characters dropped, the other
    scripts' and bracketed dots, at signs and colons written plainly."""
    folded = unicodedata.normalize("NFKC", text)
    visible = "".join(ch for ch in folded if unicodedata.category(ch) != "Cf").translate(_DOTS)
    plain = _BRACKETED_DOT.sub(".", visible)
    plain = _BRACKETED_AT.sub("@", plain)
    return _BRACKETED_COLON.sub(":", plain)
