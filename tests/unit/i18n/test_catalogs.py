"""The catalogs (i18n.catalogs): the languages' three plural forms, every translation is real
language, not a copy of the source, and words reviewed once stay right."""
from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from flask_babel import force_locale, ngettext

from tests.conftest import REPO

TARGETS = ("ru", "be")
PLURALS = {
    "ru": {1: "1 подпись", 2: "2 подписи", 5: "5 подписей", 11: "11 подписей", 21: "21 подпись",
           22: "22 подписи", 25: "25 подписей", 111: "111 подписей"},
    "be": {1: "1 подпіс", 2: "2 подпісы", 5: "5 подпісаў", 11: "11 подпісаў", 21: "21 подпіс",
           22: "22 подпісы", 25: "25 подпісаў", 111: "111 подпісаў"},
}


@pytest.mark.parametrize("language", TARGETS)
@pytest.mark.parametrize("count", [1, 2, 5, 11, 21, 22, 25, 111])
def test_counts_use_the_languages_three_plural_forms(app, language, count):
    with app.test_request_context(f"/{language}/"), force_locale(language):
        text = ngettext("%(num)s signature", "%(num)s signatures", count)
    assert text == PLURALS[language][count]


def test_every_translation_is_real_language_not_a_copy_of_the_source():
    for po_path in [*REPO.glob("translations/*/LC_MESSAGES/*.po"), *REPO.glob("campaigns/*/translations/*/LC_MESSAGES/*.po")]:
        for entry in polib.pofile(str(po_path)):
            if entry.msgstr and len(entry.msgid.split()) >= 3:
                assert entry.msgstr != entry.msgid, f"{po_path}: {entry.msgid!r} left in English"
            if Path(po_path).parts[-3] == "be":
                assert "ъ" not in entry.msgstr and "щ" not in entry.msgstr, f"Russian letters in be: {entry.msgstr!r}"




def translations(language: str) -> list[str]:
    """Every msgstr of ``language`` (the core's catalog and the campaigns') and the text of its
    reading translations of the letters."""
    catalogs = [*REPO.glob(f"translations/{language}/LC_MESSAGES/*.po"),
                *REPO.glob(f"campaigns/*/translations/{language}/LC_MESSAGES/*.po")]
    texts = [text for path in catalogs for entry in polib.pofile(str(path))
             for text in (entry.msgstr, *entry.msgstr_plural.values())]
    return texts + [path.read_text() for path in REPO.glob(f"campaigns/*/templates/letter.{language}.html")]


#: What once followed «пад» (под) in the nominative: a bare title in quotes («пад «Ліст…»»)
#: or a noun such as «ліст». «пад» takes the instrumental («пад лістом «…»», «пад петыцыяй»),
#: or the accusative of a direction («браць пад увагу»), never these.
NOMINATIVE_AFTER_PAD = {
    "be": re.compile(r"\bпад\s+(?:«|ліст\b|петыцыя\b|зварот\b|подпіс\b)", re.IGNORECASE),
    "ru": re.compile(r"\bпод\s+(?:«|письмо\b|петиция\b|обращение\b)", re.IGNORECASE),
}


@pytest.mark.parametrize("language", TARGETS)
def test_pad_is_followed_by_its_own_case(language):
    wrong = [text for text in translations(language) if NOMINATIVE_AFTER_PAD[language].search(text)]
    assert wrong == []


@pytest.mark.parametrize("language, letter", [("ru", "Письмо"), ("be", "Ліст")])
def test_i_have_sent_it_names_the_letter_with_no_gendered_ending(language, letter):
    [entry] = [entry for entry in polib.pofile(str(REPO / "translations" / language / "LC_MESSAGES" / "messages.po"))
               if entry.msgid == "I have sent it"]
    # «Письмо отправлено», not «Я отправил(а) письмо»: the button reads the same for everyone
    assert entry.msgstr.startswith(letter) and "(" not in entry.msgstr


@pytest.mark.parametrize("language, calque", [("ru", "очтенн"), ("be", "Шаноўны")])
def test_the_honorable_is_not_a_calque(language, calque):
    assert not [text for text in translations(language) if calque in text]


def entries(language: str) -> list[polib.POEntry]:
    """Every entry of ``language``'s catalogs: the core's, the campaigns' and the scaffold's."""
    paths = [*REPO.glob(f"translations/{language}/LC_MESSAGES/*.po"),
             *REPO.glob(f"campaigns/*/translations/{language}/LC_MESSAGES/*.po"),
             *REPO.glob(f"platform/undersigned/campaigns/scaffold/translations/{language}.po")]
    return [entry for path in paths for entry in polib.pofile(str(path))]


def texts(entry: polib.POEntry) -> list[str]:
    return [entry.msgstr, *entry.msgstr_plural.values()]


#: The polite "вы" in every case, Russian and Belarusian (not «Вашингтон», not «Выберите»).
YOU = re.compile(r"\b(?:Вы|Вас|Вам|Вами|Вамі|Ваш(?:|а|е|и|ы|его|ей|ему|им|ими|их|у|ем|ага|ай|аму|ым|ымі|ых|ую))\b")
SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+)$")


@pytest.mark.parametrize("language", TARGETS)
def test_the_reader_is_addressed_in_lowercase_except_where_a_sentence_begins(language):
    # docs/translations.md: pages and e-mails speak to many people, so «вы», not «Вы»; only the
    # reading translations of the letters, written to one official, keep the capital
    capitalised = [text for entry in entries(language) for text in texts(entry)
                   for match in YOU.finditer(text) if not SENTENCE_START.search(text[:match.start()])]
    assert capitalised == []


#: The campaign letter's word (письмо, ліст) in any case; «лістапад» (November) is not one.
LETTER_WORD = {"ru": re.compile(r"\bписьм", re.IGNORECASE),
               "be": re.compile(r"\bліст(?:|а|у|ом|ы|оў|ам|амі|ах)\b|\bлісце\b", re.IGNORECASE)}


@pytest.mark.parametrize("language", TARGETS)
def test_an_email_is_never_called_a_letter(language):
    # «письмо»/«ліст» is the campaign's letter; an e-mail is «сообщение»/«паведамленне» and the
    # confirmation link a «ссылка»/«спасылка», so "send the message again" never reads as
    # "send the letter to the State Department again"
    about_email = [entry for entry in entries(language)
                   if re.search(r"\be-mail|\bmessage", f"{entry.msgid} {entry.msgid_plural}", re.IGNORECASE)
                   and not re.search(r"\bletters?\b", f"{entry.msgid} {entry.msgid_plural}", re.IGNORECASE)]
    assert about_email, "the catalogs speak of e-mails"
    assert [entry.msgid for entry in about_email
            if any(LETTER_WORD[language].search(text) for text in texts(entry))] == []


def test_no_translation_puts_a_full_stop_right_after_a_date():
    # a long date ends in «г.» in Russian and Belarusian: «… 4 декабря 2026 г..» is a slip, so a
    # sentence carrying a date opens with it or goes on after it, in every language's catalog
    catalogs = [*REPO.glob("translations/*/LC_MESSAGES/*.po"), *REPO.glob("campaigns/*/translations/*/LC_MESSAGES/*.po")]
    assert catalogs
    assert [(path.parts[-3], entry.msgid) for path in catalogs for entry in polib.pofile(str(path))
            if any(re.search(r"%\(date\)s\.", text) for text in texts(entry))] == []


#: Words once used beside the one chosen for the same thing (docs/translations.md).
NOT_THE_WORD = {
    "be": re.compile(r"\bдан(?:ыя|ых|ым|ымі)\b|сустаўшчык|\bрашаць\b|тэсціраван|\bразкід|\bмусіць\b", re.IGNORECASE),
    "ru": re.compile(r"соподписант|вернитесь назад|\bотвечен\b", re.IGNORECASE),
}


@pytest.mark.parametrize("language", TARGETS)
def test_one_word_per_thing(language):
    assert [text for entry in entries(language) for text in texts(entry) if NOT_THE_WORD[language].search(text)] == []


#: Issue 20's words table: what a native reader flagged, never to come back.
FLAGGED = {
    "ru": re.compile(r"^Подписывает$|латинскими буквами|оставалось честным|вс[её] это забрать|переехала"
                     r"|уложитесь|отправил\(а\)|пожалуйста, (?:выберите|введите)", re.IGNORECASE),
    "be": re.compile(r"^Падпісвае$|лацінскімі літарамі|друкуеце|заставалася сумленнай|усё гэта забраць"
                     r"|пераехала|выходная пошта|змесціцеся|вярніцеся назад|адправіў\(ла\)"
                     r"|калі ласка, (?:выберыце|увядзіце)", re.IGNORECASE),
}


@pytest.mark.parametrize("language", TARGETS)
def test_no_phrasing_a_native_reader_flagged_comes_back(language):
    # «Подписант», «латиницей», «подсчёт … верным», «удалить», «перемещена», «Не больше N строк»,
    # «Письмо отправлено», and form errors in one register («Выберите…», not «Пожалуйста, выберите…»)
    assert [text for entry in entries(language) for text in texts(entry) if FLAGGED[language].search(text)] == []


@pytest.mark.parametrize("language", TARGETS)
def test_running_text_names_the_platform_in_the_readers_language(language):
    # «Нижеподписавшиеся» / «Ніжэйпадпісаныя», as the mail's sender; "Undersigned" only quoted,
    # where a screen shows that very label (the authenticator app's entry)
    assert [text for entry in entries(language) for text in texts(entry)
            if re.search(r"(?<!«)Undersigned", text)] == []
