"""The spoken code is small enough for a phone on a slow network (issue 8, item 13)."""
from __future__ import annotations

import io
import wave

from tests.support.signing import form_inputs


def test_the_spoken_code_is_a_small_plain_pcm_wav(client):
    token = form_inputs(client.get("/c/belarus_state_dept").get_data(as_text=True))["captcha_token"]
    for prefix in ("", "/ru", "/be"):
        response = client.get(f"{prefix}/captcha/{token}.wav")
        assert response.status_code == 200 and response.mimetype == "audio/wav"
        assert len(response.data) < 450_000, len(response.data)  # 16-bit was about 770 kB
        with wave.open(io.BytesIO(response.data)) as audio:  # plain PCM: every browser plays it
            assert audio.getcomptype() == "NONE" and audio.getnchannels() == 1 and audio.getsampwidth() == 1
            assert audio.getnframes() / audio.getframerate() > 12  # the code, twice, at a listener's pace
