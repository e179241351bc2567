"""The image captcha's audio alternative (captcha.speech): it says the code the form accepts,
digit by digit and twice, in the reader's language, and an independent recogniser hears it."""
from __future__ import annotations

import io
import re
import wave

import pytest

from tests.support.captcha import page, post
from tests.support.signing import page_inputs, captcha_answer, form_inputs
from undersigned.captcha.providers import current_provider


def test_the_form_links_the_audio_alternative_with_an_accessible_label(client):
    html, _ = page(client)
    assert 'src="/captcha/challenge.wav"' in html and 'href="/captcha/challenge.wav"' in html
    audio = re.search(r"<audio[^>]*>", html).group(0)
    assert 'controls' in audio and 'preload="none"' in audio and 'aria-labelledby="captcha-audio-label"' in audio
    assert 'id="captcha-audio-label">Cannot see the picture? Listen to the code' in html
    assert "To hear the code instead" in re.search(r'<img[^>]*alt="([^"]*)"', html).group(1)


def wav_of(response) -> tuple[int, bytes]:
    """The recording's rate and its samples as 16-bit PCM."""
    assert response.status_code == 200 and response.mimetype == "audio/wav"
    assert response.headers["Cache-Control"] == "no-store"
    with wave.open(io.BytesIO(response.data)) as audio:
        assert audio.getnchannels() == 1 and audio.getsampwidth() == 1
        return audio.getframerate(), pcm16(audio.readframes(audio.getnframes()))


def pcm16(pcm8: bytes) -> bytes:
    return b"".join(((sample - 128) << 8).to_bytes(2, "little", signed=True) for sample in pcm8)


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
    clips = {pcm16(speech.engine().clip(voice, digit)): digit for digit in "0123456789"}
    assert len(clips) == 10  # ten different recordings
    parts = segments(pcm, rate)
    assert len(parts) == 14  # "your code is", six digits, "once again", six digits
    assert parts[0] == pcm16(speech.engine().clip(voice, "Your code is:"))
    assert parts[7] == pcm16(speech.engine().clip(voice, "Once again:"))
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


def test_the_spoken_code_is_a_small_plain_pcm_wav(client):
    token = page_inputs(client, "/c/belarus_state_dept")["captcha_token"]
    for prefix in ("", "/ru", "/be"):
        response = client.get(f"{prefix}/captcha/{token}.wav")
        assert response.status_code == 200 and response.mimetype == "audio/wav"
        assert len(response.data) < 450_000, len(response.data)  # 16-bit was about 770 kB
        with wave.open(io.BytesIO(response.data)) as audio:  # plain PCM: every browser plays it
            assert audio.getcomptype() == "NONE" and audio.getnchannels() == 1 and audio.getsampwidth() == 1
            assert audio.getnframes() / audio.getframerate() > 12  # the code, twice, at a listener's pace
