"""No signer's token reaches a log: the app's own, the dev server's, gunicorn's (a whole signing
flow in tests/functional/security/test_logs.py)."""
from __future__ import annotations

import pytest

from undersigned.security.logs import redact


@pytest.mark.parametrize("line, kept", [
    ('127.0.0.1 - - [x] "GET /c/belarus_state_dept/confirm/eyJhYmMiOjF9.aBcDeF.Zm9vYmFyYmF6cXV4MTIzNDU HTTP/1.1" 200 -',
     '"GET /c/belarus_state_dept/confirm/[redacted] HTTP/1.1" 200'),
    ('"POST /ru/c/belarus_senate/sent/opaqueToken123 HTTP/1.1" 302', '"POST /ru/c/belarus_senate/sent/[redacted] HTTP/1.1" 302'),
    ("Exception on /c/s/thanks/tok-en_1 [GET]", "Exception on /c/s/thanks/[redacted] [GET]"),
    ('"GET /be/c/belarus_state_dept/help/IjEyIg.aZ3x.q1w2e3r4 HTTP/1.1" 200',
     '"GET /be/c/belarus_state_dept/help/[redacted] HTTP/1.1" 200'),  # a help request's page
    ('"GET /c/belarus_senate?ref=Ab12 HTTP/1.1"', '"GET /c/belarus_senate?[redacted] HTTP/1.1"'),
    ("a token ImFiYyI.ZxYz12.c2lnbmF0dXJlLXNpZ25hdHVyZQ in a message", "a token [redacted] in a message"),
    ('"GET /ru/unsubscribe/WyIyIiwiYmVsYXJ1cyJd.Zm9vYmFyYmF6cXV4MTIzNDU HTTP/1.1" 200',
     '"GET /ru/unsubscribe/[redacted] HTTP/1.1" 200'),
    ('"POST /console/invite/eyJ1IjoyfQ.aBcD HTTP/1.1" 302', '"POST /console/invite/[redacted] HTTP/1.1" 302'),
    ("signature 12 confirmed on belarus_senate", "signature 12 confirmed on belarus_senate"),
    ('"GET /c/belarus_senate/check-email HTTP/1.1"', '"GET /c/belarus_senate/check-email HTTP/1.1"'),
])
def test_redact_drops_tokens_and_queries_and_keeps_the_rest(line, kept):
    assert kept in redact(line)
