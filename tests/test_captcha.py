"""Every captcha provider, looked up by name: a right answer signs, a wrong, forged, expired or
replayed one is refused (and keeps what was typed, and writes nothing); the image's audio
alternative speaks the same code; hosted providers are checked against a local fake
``siteverify``; the ``test`` provider cannot run in production; the honeypot is invisible."""
from __future__ import annotations

import base64
import io
import json
import re
import threading
import time
import wave
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from sqlalchemy import func, select

from tests.conftest import free_port, make_app
from tests.support.production import PRODUCTION
from tests.support.signing import STATE_DEPT_SIGNER, captcha_answer, form_inputs
from undersigned import create_app
from undersigned.captcha.providers import current_provider
from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage
from undersigned.signing.models import Signature

SLUG = "belarus_state_dept"


def rows(app) -> tuple[int, int]:
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(Signature)),
                db.session.scalar(select(func.count()).select_from(OutboxMessage)))


def page(client, prefix: str = "") -> tuple[str, dict[str, str]]:
    html = client.get(f"{prefix}/c/{SLUG}").get_data(as_text=True)
    return html, form_inputs(html)


def post(client, inputs: dict[str, str], **extra):
    data = dict(STATE_DEPT_SIGNER, csrf_token=inputs["csrf_token"])
    data.update(extra)
    return client.post(f"/c/{SLUG}", data=data)


def assert_refused_and_kept(app, response, message: str) -> None:
    html = response.get_data(as_text=True)
    assert response.status_code == 400, response.status_code
    assert message in html
    assert 'value="Jane"' in html and 'value="Doe"' in html and 'value="Jane.Doe@example.org"' in html
    assert rows(app) == (0, 0)


# --- image (the default) -------------------------------------------------------------------

def test_the_image_code_signs_once_then_is_refused_as_a_replay(app, client):
    _, inputs = page(client)
    answer = captcha_answer(app, inputs["captcha_token"])
    assert re.fullmatch(r"\d{6}", answer)
    ok = post(client, inputs, captcha_token=inputs["captcha_token"], captcha_answer=answer)
    assert ok.status_code == 302 and rows(app) == (1, 1)
    replay = post(client, inputs, captcha_token=inputs["captcha_token"], captcha_answer=answer,
                  email="another@example.org")
    assert replay.status_code == 400 and "does not match the picture" in replay.get_data(as_text=True)
    assert rows(app) == (1, 1)


def test_a_wrong_image_answer_keeps_what_was_typed_and_burns_the_code(app, client):
    _, inputs = page(client)
    right = captcha_answer(app, inputs["captcha_token"])
    wrong = str((int(right) + 1) % 1_000_000).zfill(6)
    assert_refused_and_kept(app, post(client, inputs, captcha_token=inputs["captcha_token"], captcha_answer=wrong),
                            "does not match the picture")
    # the code was used up by the wrong try: the right answer now fails too
    again = post(client, inputs, captcha_token=inputs["captcha_token"], captcha_answer=right)
    assert again.status_code == 400 and rows(app) == (0, 0)


TYPED = {"spaces around": lambda c: f" {c} ", "a line break": lambda c: f"{c}\n",
         "a dash inside": lambda c: f"{c[:3]}-{c[3:]}", "a space inside": lambda c: f"{c[:3]} {c[3:]}",
         "full-width digits": lambda c: "".join(chr(ord(d) - ord("0") + 0xFF10) for d in c)}


@pytest.mark.parametrize("how", sorted(TYPED))
def test_the_image_answer_ignores_spaces_dashes_and_full_width_digits(app, client, how):
    _, inputs = page(client)
    typed = TYPED[how](captcha_answer(app, inputs["captcha_token"]))
    assert post(client, inputs, captcha_token=inputs["captcha_token"], captcha_answer=typed).status_code == 302


def test_the_answer_is_compared_without_regard_to_case():
    from undersigned.captcha.image import normalise_answer
    assert normalise_answer("ab-c d") == normalise_answer("ABCD") == "ABCD"
    assert normalise_answer(None) == ""


def test_forged_and_expired_image_tokens_are_refused(app, client, monkeypatch):
    _, inputs = page(client)
    token = inputs["captcha_token"]
    answer = captcha_answer(app, token)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert_refused_and_kept(app, post(client, inputs, captcha_token=forged, captcha_answer=answer),
                            "does not match the picture")
    assert client.get(f"/captcha/{forged}.png").status_code == 404
    # an hour later the same token has expired
    later = time.time() + app.config["CAPTCHA_TTL_SECONDS"] + 10
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    assert_refused_and_kept(app, post(client, inputs, captcha_token=token, captcha_answer=answer),
                            "does not match the picture")


def test_the_picture_is_a_png_that_is_never_cached(app, client):
    _, inputs = page(client)
    response = client.get(f"/captcha/{inputs['captcha_token']}.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG") and response.headers["Cache-Control"] == "no-store"


def test_the_form_links_the_audio_alternative_with_an_accessible_label(client):
    html, inputs = page(client)
    token = inputs["captcha_token"]
    assert f'src="/captcha/{token}.wav"' in html and f'href="/captcha/{token}.wav"' in html
    audio = re.search(r"<audio[^>]*>", html).group(0)
    assert 'controls' in audio and 'preload="none"' in audio and 'aria-labelledby="captcha-audio-label"' in audio
    assert 'id="captcha-audio-label">Cannot see the picture? Listen to the code' in html
    assert "To hear the code instead" in re.search(r'<img[^>]*alt="([^"]*)"', html).group(1)


def wav_of(response) -> tuple[int, bytes]:
    assert response.status_code == 200 and response.mimetype == "audio/wav"
    assert response.headers["Cache-Control"] == "no-store"
    with wave.open(io.BytesIO(response.data)) as audio:
        assert audio.getnchannels() == 1 and audio.getsampwidth() == 2
        return audio.getframerate(), audio.readframes(audio.getnframes())


DIGITS = "zero one two three four five six seven eight nine".split()


def recognise(rate: int, pcm: bytes) -> list[str]:
    """What an off-the-shelf recogniser (PocketSphinx's US English model, shipped in its wheel)
    hears, constrained to the message's shape: six digits, "once again", six digits."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pocketsphinx import Decoder
    grammar = ("#JSGF V1.0;\ngrammar code;\npublic <message> = your code is <d> <d> <d> <d> <d> <d> "
               "once again <d> <d> <d> <d> <d> <d>;\n<d> = " + " | ".join(DIGITS) + ";\n")
    decoder = Decoder(samprate=rate, nfft=1024, lm=None, logfn="/dev/null")
    decoder.add_jsgf_string("code", grammar)
    decoder.activate_search("code")
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    decoder.end_utt()
    return decoder.hyp().hypstr.split() if decoder.hyp() else []


SEEDS = "abcd"  # fixed challenge ids whose codes together use every digit


def fixed_challenges(monkeypatch, seed: str) -> None:
    monkeypatch.setattr("undersigned.captcha.image.secrets.token_urlsafe", lambda n: f"fixed-{seed}")


def segments(pcm: bytes, rate: int) -> list[bytes]:
    """The audio split at the pauses between phrases (runs of silence of 0.3 s or more)."""
    samples = memoryview(pcm).cast("h")
    found, start, quiet = [], None, 0
    for i, value in enumerate(samples):
        if value == 0:
            quiet += 1
            if start is not None and quiet >= rate * 0.3:
                found.append(pcm[start * 2:(i - quiet + 1) * 2])
                start = None
        else:
            start = i if start is None else start
            quiet = 0
    if start is not None:
        found.append(pcm[start * 2:])
    return found


def test_the_audio_says_the_code_the_form_accepts_digit_by_digit_twice(app, client):
    from undersigned.captcha import speech
    _, inputs = page(client)
    code = captcha_answer(app, inputs["captcha_token"])
    rate, pcm = wav_of(client.get(f"/captcha/{inputs['captcha_token']}.wav"))
    voice = speech.voice_for("en")
    clips = {speech.engine().clip(voice, digit): digit for digit in "0123456789"}
    assert len(clips) == 10  # ten different recordings
    parts = segments(pcm, rate)
    assert len(parts) == 14  # "your code is", six digits, "once again", six digits
    assert parts[0] == speech.engine().clip(voice, "Your code is:")
    assert parts[7] == speech.engine().clip(voice, "Once again:")
    said = "".join(clips.get(part, "?") for part in parts[1:7] + parts[8:14])
    assert said == code * 2


@pytest.mark.parametrize("seed", SEEDS)
def test_an_independent_recogniser_hears_the_code(app, client, monkeypatch, seed):
    """PocketSphinx (a far weaker listener than a person) must hear the exact code, twice over,
    in one of three renderings: eSpeak NG varies its breath noise, and the recogniser misses
    about one code in twenty."""
    from undersigned.captcha import speech
    fixed_challenges(monkeypatch, seed)
    _, inputs = page(client)
    code = captcha_answer(app, inputs["captcha_token"])
    attempts = []
    for _ in range(3):
        speech.clear_cache()
        rate, pcm = wav_of(client.get(f"/captcha/{inputs['captcha_token']}.wav"))
        heard = recognise(rate, pcm)
        attempts.append("".join(str(DIGITS.index(word)) for word in heard if word in DIGITS))
        if attempts[-1] == code * 2:
            break
    assert attempts[-1] == code * 2, (attempts, code)
    # and the code heard is an answer the form accepts
    assert post(client, inputs, captcha_token=inputs["captcha_token"], captcha_answer=attempts[-1][:6]).status_code == 302


def test_the_recognition_checks_cover_every_digit(app):
    with app.test_request_context():
        provider = current_provider()
        codes = {provider.answer(provider.signer.sign(f"fixed-{seed}").decode()) for seed in SEEDS}
    assert set("".join(codes)) == set("0123456789"), codes


def test_the_audio_is_in_the_readers_language(app, client):
    _, inputs = page(client)
    token = inputs["captcha_token"]
    _, english = wav_of(client.get(f"/captcha/{token}.wav"))
    _, russian = wav_of(client.get(f"/ru/captcha/{token}.wav"))
    _, belarusian = wav_of(client.get(f"/be/captcha/{token}.wav"))
    assert len({english, russian, belarusian}) == 3  # three voices, three recordings
    for pcm in (russian, belarusian):
        assert max(abs(int.from_bytes(pcm[i:i + 2], "little", signed=True)) for i in range(0, len(pcm), 200)) > 1000


def test_a_bad_token_has_no_audio(client):
    assert client.get("/captcha/not-a-token.wav").status_code == 404


def test_a_code_answers_once_across_workers_and_hosts_sharing_redis(tmp_path, monkeypatch):
    """Two app instances (two workers, or two hosts) with one Redis: a code used on one is
    refused on the other."""
    import uuid
    from tests.support.redis import redis_url
    settings = dict(RATELIMIT_STORAGE_URI=redis_url(), RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}",
                    SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'shared.sqlite3'}")
    first = make_app(tmp_path / "a", monkeypatch, **settings)
    second = make_app(tmp_path / "b", monkeypatch, **settings)
    client = first.test_client()
    _, inputs = page(client)
    data = dict(STATE_DEPT_SIGNER, csrf_token=inputs["csrf_token"], captcha_token=inputs["captcha_token"],
                captcha_answer=captcha_answer(first, inputs["captcha_token"]))
    assert client.post(f"/c/{SLUG}", data=data).status_code == 302
    other = second.test_client()
    other_inputs = page(other)[1]
    replay = other.post(f"/c/{SLUG}", data=dict(data, csrf_token=other_inputs["csrf_token"], email="x@example.org"))
    assert replay.status_code == 400 and "does not match the picture" in replay.get_data(as_text=True)
    assert rows(first) == (1, 1)


# --- honeypot ------------------------------------------------------------------------------

class _Honeypot(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[dict] = []
        self.found: tuple[list[dict], dict] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name") == "website":
            self.found = (list(self.stack), attributes)
        elif tag not in ("input", "br", "img", "link", "meta"):
            self.stack.append(attributes)

    def handle_endtag(self, tag):
        if self.stack and tag not in ("input", "br", "img", "link", "meta"):
            self.stack.pop()


def test_the_honeypot_is_skipped_by_keyboards_and_screen_readers(client):
    parser = _Honeypot()
    parser.feed(client.get(f"/c/{SLUG}").get_data(as_text=True))
    assert parser.found, "no honeypot field"
    ancestors, field = parser.found
    assert field.get("tabindex") == "-1" and field.get("autocomplete") == "off"
    assert field.get("aria-hidden") == "true"
    assert any(a.get("aria-hidden") == "true" and "honeypot" in (a.get("class") or "") for a in ancestors)


# --- altcha --------------------------------------------------------------------------------

@pytest.fixture
def altcha_app(tmp_path, monkeypatch):
    return make_app(tmp_path, monkeypatch, CAPTCHA_PROVIDER="altcha", ALTCHA_COST=50)


def solved_payload(challenge: dict) -> str:
    from altcha import Challenge, Payload, solve_challenge
    parsed = Challenge.from_dict(challenge)
    solution = solve_challenge(parsed)
    assert solution is not None
    return Payload(parsed, solution).to_base64()


def test_altcha_widget_is_served_from_our_own_static_files(altcha_app):
    client = altcha_app.test_client()
    html, _ = page(client, "/ru")
    assert "<altcha-widget" in html and 'challenge="/ru/captcha/altcha/challenge"' in html
    assert 'language="ru"' in html
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    for src in scripts:
        assert src.startswith("/"), src  # never a CDN
        assert client.get(src).status_code == 200, src
    assert any(src.endswith("altcha/altcha.min.js") for src in scripts)
    assert any(src.endswith("altcha/i18n-ru.js") for src in scripts)
    worker = re.search(r'data-worker="([^"]+)"', html).group(1)
    assert client.get(worker).status_code == 200
    assert "MIT License" in client.get("/captcha/static/altcha/LICENSE.txt").get_data(as_text=True)
    assert "<noscript>" in html  # people without JavaScript are told


def test_altcha_accepts_a_solved_challenge_once(altcha_app):
    client = altcha_app.test_client()
    _, inputs = page(client)
    challenge = client.get("/captcha/altcha/challenge")
    assert challenge.status_code == 200 and challenge.headers["Cache-Control"] == "no-store"
    payload = solved_payload(challenge.get_json())
    assert post(client, inputs, altcha=payload).status_code == 302
    assert rows(altcha_app) == (1, 1)
    replay = post(client, inputs, altcha=payload, email="someone.else@example.org")
    assert replay.status_code == 400
    assert "could not confirm that a person" in replay.get_data(as_text=True)
    assert rows(altcha_app) == (1, 1)


def test_altcha_refuses_wrong_tampered_expired_and_garbage_payloads(altcha_app, monkeypatch):
    client = altcha_app.test_client()
    _, inputs = page(client)
    challenge = client.get("/captcha/altcha/challenge").get_json()
    good = json.loads(base64.b64decode(solved_payload(challenge)))

    wrong = json.loads(json.dumps(good))
    wrong["solution"]["counter"] += 1
    tampered = json.loads(json.dumps(good))
    tampered["challenge"]["parameters"]["cost"] = 1
    unsigned = json.loads(json.dumps(good))
    unsigned["challenge"].pop("signature")
    for bad in (wrong, tampered, unsigned):
        encoded = base64.b64encode(json.dumps(bad).encode()).decode()
        assert_refused_and_kept(altcha_app, post(client, inputs, altcha=encoded), "could not confirm that a person")
    for garbage in ("", "not base64!", base64.b64encode(b"[1,2]").decode(), "A" * 5000,
                    base64.b64encode(b'{"challenge": 1, "solution": null}').decode()):
        assert_refused_and_kept(altcha_app, post(client, inputs, altcha=garbage), "could not confirm that a person")
    # the good payload, past its expiry
    later = time.time() + altcha_app.config["CAPTCHA_TTL_SECONDS"] + 60
    monkeypatch.setattr("altcha.v2.time.time", lambda: later)
    encoded = base64.b64encode(json.dumps(good).encode()).decode()
    assert_refused_and_kept(altcha_app, post(client, inputs, altcha=encoded), "could not confirm that a person")


# --- hosted: recaptcha, hcaptcha, turnstile --------------------------------------------------

class FakeSiteverify:
    """A local stand-in for a hosted captcha's ``siteverify``: tokens starting ``good`` pass
    once (like the real services), everything else fails; ``mode`` can break it."""

    def __init__(self) -> None:
        self.requests: list[dict[str, str]] = []
        self.seen: set[str] = set()
        self.mode = "normal"
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                form = {k: v[0] for k, v in parse_qs(body).items()}
                fake.requests.append(form)
                if fake.mode == "slow":
                    time.sleep(1.5)
                if fake.mode == "error":
                    self.send_response(500)
                    self.end_headers()
                    return
                token = form.get("response", "")
                if fake.mode == "garbage":
                    payload = b"<html>not json</html>"
                else:
                    ok = form.get("secret") == "the-secret" and token.startswith("good") and token not in fake.seen
                    fake.seen.add(token)
                    payload = json.dumps({"success": ok} if ok else
                                         {"success": False, "error-codes": ["invalid-input-response"]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/siteverify"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def siteverify():
    fake = FakeSiteverify()
    yield fake
    fake.close()


HOSTED = {"recaptcha": ("g-recaptcha-response", "https://www.google.com/recaptcha/api.js", "https://www.gstatic.com/recaptcha/"),
          "hcaptcha": ("h-captcha-response", "https://js.hcaptcha.com/1/api.js", "https://*.hcaptcha.com"),
          "turnstile": ("cf-turnstile-response", "https://challenges.cloudflare.com/turnstile/v0/api.js",
                        "https://challenges.cloudflare.com")}


def hosted_app(tmp_path, monkeypatch, name, siteverify, **extra):
    return make_app(tmp_path, monkeypatch, CAPTCHA_PROVIDER=name, CAPTCHA_SITE_KEY="the-site-key",
                    CAPTCHA_SECRET_KEY="the-secret", CAPTCHA_VERIFY_URL=siteverify.url,
                    CAPTCHA_VERIFY_TIMEOUT=1.0, **extra)


@pytest.mark.parametrize("name", sorted(HOSTED))
def test_hosted_captcha_shows_its_widget_and_allows_only_its_origins(tmp_path, monkeypatch, siteverify, name):
    field, script, origin = HOSTED[name]
    app = hosted_app(tmp_path, monkeypatch, name, siteverify)
    response = app.test_client().get(f"/ru/c/{SLUG}")
    html = response.get_data(as_text=True)
    assert 'data-sitekey="the-site-key"' in html and "the-secret" not in html
    assert re.search(rf'<script src="{re.escape(script)}[^"]*" *\n? *nonce="', html)
    assert "ru" in re.search(rf'{re.escape(script)}[^"]*"', html).group(0) or 'data-language="ru"' in html
    policy = response.headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert origin in script_src and "'unsafe-inline'" not in script_src
    assert "frame-src" in policy and "'none'" not in re.search(r"frame-src ([^;]+)", policy).group(1)


@pytest.mark.parametrize("name", sorted(HOSTED))
def test_hosted_captcha_accepts_a_good_token_once_and_refuses_the_rest(tmp_path, monkeypatch, siteverify, name):
    field = HOSTED[name][0]
    app = hosted_app(tmp_path, monkeypatch, name, siteverify)
    client = app.test_client()
    _, inputs = page(client)
    assert post(client, inputs, **{field: "good-1"}).status_code == 302
    assert siteverify.requests[-1] == {"secret": "the-secret", "response": "good-1"}  # and no IP
    asked = len(siteverify.requests)
    replay = post(client, inputs, **{field: "good-1"}, email="x@example.org")
    assert replay.status_code == 400 and "could not confirm that a person" in replay.get_data(as_text=True)
    assert len(siteverify.requests) == asked  # refused here, before asking the service
    assert rows(app) == (1, 1)
    for token in ("bad-token", ""):
        response = post(client, inputs, **{field: token}, email="y@example.org")
        assert response.status_code == 400
    assert post(client, inputs, email="z@example.org").status_code == 400  # no token field at all
    assert rows(app) == (1, 1)


@pytest.mark.parametrize("mode", ["error", "garbage", "slow", "down"])
def test_a_broken_siteverify_is_a_polite_refusal_never_an_error_page(tmp_path, monkeypatch, siteverify, mode):
    app = hosted_app(tmp_path, monkeypatch, "turnstile", siteverify)
    client = app.test_client()
    _, inputs = page(client)
    if mode == "down":
        siteverify.close()
    else:
        siteverify.mode = mode
    response = post(client, inputs, **{"cf-turnstile-response": "good-2"})
    assert response.status_code == 400
    assert "could not confirm that a person" in response.get_data(as_text=True)
    assert 'value="Jane"' in response.get_data(as_text=True)
    assert rows(app) == (0, 0)


@pytest.mark.parametrize("name", sorted(HOSTED))
def test_a_hosted_captcha_without_keys_refuses_to_start(tmp_path, monkeypatch, name):
    with pytest.raises(RuntimeError, match="CAPTCHA_SITE_KEY and CAPTCHA_SECRET_KEY"):
        make_app(tmp_path, monkeypatch, CAPTCHA_PROVIDER=name)


# --- test, and unknown names ----------------------------------------------------------------

@pytest.mark.config(CAPTCHA_PROVIDER="test", CAPTCHA_TEST_ANSWER="open sesame")
def test_the_test_provider_takes_its_fixed_answer_once(app, client):
    _, inputs = page(client)
    assert_refused_and_kept(app, post(client, inputs, captcha_token=inputs["captcha_token"], captcha_answer="wrong"),
                            "The test answer is wrong.")
    _, inputs = page(client)
    assert post(client, inputs, captcha_token=inputs["captcha_token"], captcha_answer="open sesame").status_code == 302
    replay = post(client, inputs, captcha_token=inputs["captcha_token"], captcha_answer="open sesame",
                  email="again@example.org")
    assert replay.status_code == 400 and rows(app) == (1, 1)
    forged = post(client, inputs, captcha_token="forged", captcha_answer="open sesame", email="f@example.org")
    assert forged.status_code == 400 and rows(app) == (1, 1)


def test_the_test_provider_refuses_to_start_in_production(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match="CAPTCHA_PROVIDER=test .* TESTING or DEBUG"):
        create_app(dict(PRODUCTION, CAPTCHA_PROVIDER="test"))
    monkeypatch.setenv("FLASK_CAPTCHA_PROVIDER", "test")
    with pytest.raises(RuntimeError, match="for tests only"):
        create_app(PRODUCTION)
    assert create_app({"SECRET_KEY": "k" * 40, "DEBUG": True}).config["CAPTCHA_PROVIDER"] == "test"


def test_an_unknown_provider_refuses_to_start(tmp_path, monkeypatch):
    with pytest.raises(RuntimeError, match="no such captcha provider"):
        make_app(tmp_path, monkeypatch, CAPTCHA_PROVIDER="nope")


@pytest.mark.parametrize("name", ["image", "altcha", "test"])
def test_every_built_in_provider_is_found_by_name_through_the_hook(tmp_path, monkeypatch, name):
    app = make_app(tmp_path, monkeypatch, CAPTCHA_PROVIDER=name)
    with app.app_context():
        provider = app.extensions["undersigned"].plugins.hook.undersigned_captcha_provider(name=name, app=app)
        assert provider.name == name and provider.template.startswith("captcha/")
