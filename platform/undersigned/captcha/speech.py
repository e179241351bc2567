"""Speaking the captcha code aloud, for people who cannot see the picture (WCAG 1.1.1).

The voice is eSpeak NG, the speech engine screen-reader users know from NVDA, loaded from the
``espeakng-loader`` wheel (the library and its voice data ship inside it; nothing to install
from the system, no network). eSpeak NG is GPL-3.0-or-later, compatible with this project's
AGPL-3.0-or-later.

Codes are digits only: digits are what a listener tells apart reliably in every language we
offer, while letter names (B/D/P/T/V, or Latin letters read by a Russian voice) are not. Each
digit is spoken in the reader's language, with a pause after it, and the whole code is said
twice. Clips are synthesised once per process and language, then put together per request.

The recording is 8-bit mono PCM WAV at eSpeak's 22 050 Hz: about 390 kB instead of 770 kB for
16 bits, and plain PCM WAV is what every browser plays. A lower rate would halve it again, but
an off-the-shelf recogniser then mishears "six", so a listener might too.
"""
from __future__ import annotations

import array
import ctypes
import io
import logging
import threading
import wave
from pathlib import Path

log = logging.getLogger(__name__)

#: eSpeak NG voice per language. The English voice and pace were chosen with an off-the-shelf
#: recogniser (PocketSphinx): at 160 words a minute it hears well over 90 % of codes exactly.
VOICES = {"en": "en-us+f2", "ru": "ru", "be": "be"}
DEFAULT_VOICE = VOICES["en"]
WORDS_PER_MINUTE = 160
GAP_AFTER_DIGIT = 0.65
GAP_AFTER_PHRASE = 0.5
GAP_BEFORE_REPEAT = 1.2

_AUDIO_OUTPUT_SYNCHRONOUS = 0x02
_INITIALIZE_DONT_EXIT = 0x8000
_CHARS_UTF8 = 1
_RATE = 1
SILENCE = 0x80  # unsigned 8-bit PCM: 128 is zero
_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


class SpeechUnavailable(RuntimeError):
    """The speech engine could not be loaded on this machine."""


class _Engine:
    """One eSpeak NG per process; it keeps global state, so every call holds the lock."""

    def __init__(self) -> None:
        import espeakng_loader

        self.lock = threading.Lock()
        self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
        self.lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        self.lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        self.lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        self.lib.espeak_Synth.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                          ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        data_parent = str(Path(espeakng_loader.get_data_path()).parent).encode()
        self.rate = self.lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data_parent, _INITIALIZE_DONT_EXIT)
        if self.rate <= 0:
            raise SpeechUnavailable(f"espeak_Initialize failed ({self.rate})")
        self._chunks: list[bytes] = []
        self._callback = _CALLBACK(self._collect)  # kept on self: ctypes must not collect it
        self.lib.espeak_SetSynthCallback(self._callback)
        self._clips: dict[tuple[str, str], bytes] = {}

    def _collect(self, samples, count, _events) -> int:
        if samples and count > 0:
            self._chunks.append(ctypes.string_at(samples, count * 2))
        return 0

    def clip(self, voice: str, text: str) -> bytes:
        """Unsigned 8-bit mono PCM of ``text`` spoken by ``voice`` (cached)."""
        key = (voice, text)
        with self.lock:
            if key not in self._clips:
                if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
                    raise SpeechUnavailable(f"no eSpeak NG voice {voice!r}")
                self.lib.espeak_SetParameter(_RATE, WORDS_PER_MINUTE, 0)
                self._chunks = []
                encoded = text.encode()
                self.lib.espeak_Synth(encoded, len(encoded) + 1, 0, 0, 0, _CHARS_UTF8, None, None)
                self._clips[key] = _trim(_to_8_bit(b"".join(self._chunks)))
            return self._clips[key]

    def silence(self, seconds: float) -> bytes:
        return bytes([SILENCE]) * int(self.rate * seconds)


_engine: _Engine | None = None
_engine_error: str | None = None
_engine_lock = threading.Lock()


def engine() -> _Engine:
    global _engine, _engine_error
    with _engine_lock:
        if _engine is None and _engine_error is None:
            try:
                _engine = _Engine()
            except Exception as exc:  # no wheel for this platform, broken install...
                _engine_error = f"{type(exc).__name__}: {exc}"
                log.error("the audio captcha is unavailable: %s", _engine_error)
        if _engine is None:
            raise SpeechUnavailable(_engine_error)
        return _engine


def available() -> bool:
    try:
        engine()
    except SpeechUnavailable:
        return False
    return True


def clear_cache() -> None:
    """Forget the synthesised clips (eSpeak NG varies its breath noise, so a new clip of the same
    digit differs a little from the last)."""
    if _engine is not None:
        with _engine.lock:
            _engine._clips.clear()


def voice_for(language: str) -> str:
    return VOICES.get(language.split("_")[0].split("-")[0], DEFAULT_VOICE)


def speak_code(code: str, *, language: str, intro: str, again: str) -> bytes:
    """A WAV file saying ``intro``, the code digit by digit, ``again`` and the code once more."""
    speech = engine()
    voice = voice_for(language)
    try:
        speech.clip(voice, intro)
    except SpeechUnavailable:
        voice = DEFAULT_VOICE
    digits = b"".join(speech.clip(voice, digit) + speech.silence(GAP_AFTER_DIGIT) for digit in code)
    pcm = b"".join((speech.silence(0.3), speech.clip(voice, intro), speech.silence(GAP_AFTER_PHRASE), digits,
                    speech.silence(GAP_BEFORE_REPEAT), speech.clip(voice, again),
                    speech.silence(GAP_AFTER_PHRASE), digits))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(speech.rate)
        out.writeframes(pcm)
    return buffer.getvalue()


def _to_8_bit(pcm: bytes) -> bytes:
    """Signed 16-bit PCM as unsigned 8-bit PCM, rounded."""
    return bytes(min(255, SILENCE + round(sample / 256)) for sample in array.array("h", pcm))


def _trim(pcm: bytes) -> bytes:
    """``pcm`` without the silence eSpeak puts before and after, so our own gaps set the pace."""
    return pcm.strip(bytes([SILENCE])) or pcm
