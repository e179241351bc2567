"""Campaign page GETs and signing POSTs per second through gunicorn (2 sync workers), measured
with wrk (1 thread, 8 connections) beside the hello-world reference in the same run."""
from __future__ import annotations

import urllib.request
import uuid
from pathlib import Path

from common import Figures, gunicorn, wrk
from undersigned.captcha.providers import current_provider

SLUG = "belarus_state_dept"
HELLO = "bench.hello:app"
SIGNER = "first_name=Bench&last_name=Signer&letter_name=Bench+Signer&country=US&us_state=NY"
LUA = """\
local tokens = {{}}
for line in io.lines("{tokens}") do tokens[#tokens + 1] = line end
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
{cookie}
request = function()
  n = n + 1
  local body = "{fields}&captcha_token=" .. tokens[(n - 1) % #tokens + 1] .. "&email={run}-" .. n .. "%40example.org"
  return wrk.format(nil, nil, nil, body)
end
"""


def sign_script(app, base_url: str, where: Path, requests: int) -> Path:
    """A wrk script posting the sign form as a first-time reader's browser does (the page holds
    no token, the request comes from the same origin), a fresh captcha challenge per request
    (each answers once), a new e-mail each time."""
    urllib.request.urlopen(f"{base_url}/c/{SLUG}", timeout=30).read()
    cookie = 'wrk.headers["Sec-Fetch-Site"] = "same-origin"'
    with app.test_request_context():
        provider = current_provider()
        tokens = [provider.challenge()["token"] for _ in range(requests)]
    token_file = where / f"tokens-{uuid.uuid4().hex[:6]}.txt"
    token_file.write_text("\n".join(tokens) + "\n")
    fields = f"{SIGNER}&captcha_answer={app.config['CAPTCHA_TEST_ANSWER']}"
    script = where / f"sign-{uuid.uuid4().hex[:6]}.lua"
    script.write_text(LUA.format(tokens=token_file, cookie=cookie, fields=fields, run=f"wrk{uuid.uuid4().hex[:8]}"))
    return script


def measure(app, env: dict[str, str], where: Path, seconds: float, *, expected_rate: int = 3000) -> dict[str, tuple[Figures, Figures]]:
    """``{"page": (undersigned, hello), "sign": (undersigned, hello)}``. The page is read with
    the built-in picture captcha, as production serves it: its challenge comes with the picture,
    so every first-time reader gets the same shared page. Signing needs the test captcha, whose
    answer wrk can send; that captcha writes its challenge in the page, so its pages are per
    reader, and its page figures would measure that instead."""
    requests = int(seconds * expected_rate)
    results = {}
    with gunicorn("undersigned:create_app()", {**env, "FLASK_CAPTCHA_PROVIDER": "image"}) as ours, \
            gunicorn(HELLO, env) as hello:
        for server, path in ((ours, f"/c/{SLUG}"), (hello, "/")):  # warm up: templates, catalogs, pools
            wrk(server.url + path, 1)
        results["page"] = (wrk(f"{ours.url}/c/{SLUG}", seconds), wrk(f"{hello.url}/", seconds))
    with gunicorn("undersigned:create_app()", env) as ours, gunicorn(HELLO, env) as hello:
        wrk(f"{ours.url}/c/{SLUG}", 1)
        results["sign"] = (wrk(f"{ours.url}/c/{SLUG}", seconds, sign_script(app, ours.url, where, requests)),
                           wrk(f"{hello.url}/", seconds, sign_script_hello(where)))
    return results


def sign_script_hello(where: Path) -> Path:
    """The bare form POST: the same body shape, to the hello-world's form."""
    tokens = where / "hello-tokens.txt"
    tokens.write_text("x\n")
    script = where / "hello-sign.lua"
    script.write_text(LUA.format(tokens=tokens, cookie='wrk.headers["Sec-Fetch-Site"] = "same-origin"',
                                 fields=f"{SIGNER}&captcha_answer=x",
                                 run="hello"))
    return script
