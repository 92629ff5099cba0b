"""The core's messages: every code worded in every language, values in the user's locale."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest
from babel.messages.pofile import read_po

from console.domain.notices import ByteSize, Notice, Wording, placeholders
from console.wording.catalogue import core_wordings
from console.wording.languages import LOCALES_DIR, catalogue_languages, language_for, locale_from_environment
from console.wording.wordbook import Wordbook

TRANSLATED = [language for language in catalogue_languages() if language != "en"]
COUNTED = Wording("test.contacts", "{count} matching contact", "{count} matching contacts", "count")


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_code_of_the_core_has_a_text_in_every_language(language: str) -> None:
    with (LOCALES_DIR / f"{language}.po").open("rb") as file:
        catalog = read_po(file, locale=language)
    entries = {message.context: message for message in catalog if message.id}
    problems = []
    for code, wording in core_wordings().items():
        entry = entries.get(code)
        forms = entry.string if entry is not None and isinstance(entry.string, tuple) else (entry.string if entry else "",)
        if entry is None or entry.fuzzy or not all(forms):
            problems.append(f"{code}: untranslated")
        elif any(placeholders(form) != placeholders(wording.text) for form in forms):
            problems.append(f"{code}: a translation fills in other values than {sorted(placeholders(wording.text))}")
    assert not problems, f"{language}.po (run `make translations`, then translate):\n" + "\n".join(problems)


def test_languages_follow_the_locale() -> None:
    assert language_for("es_UY.UTF-8") == "es" and language_for("es-MX") == "es"
    assert language_for("pt_BR.UTF-8") == "pt_BR" and language_for("pt_PT") == "pt_BR"
    assert language_for("de_DE") == "en"
    assert locale_from_environment({"LANG": "es_MX.UTF-8"}) == "es_MX"
    assert locale_from_environment({"LC_ALL": "pt_BR.UTF-8", "LANG": "es_MX.UTF-8"}) == "pt_BR"
    assert locale_from_environment({"LANG": "C.UTF-8"}) == "en"


def test_values_are_written_as_the_locale_writes_them() -> None:
    spanish = Wordbook.for_locale("es_UY")
    assert spanish.value(ByteSize(2_500_000)) == "2,5 MB"
    assert spanish.value(12345) == "12.345"
    assert spanish.value(timedelta(minutes=5)) == "5 minutos"
    assert Wordbook.for_locale("en_US").value(ByteSize(2_500_000)) == "2.5 MB"


def test_plurals_come_from_the_language_rules_not_from_parentheses() -> None:
    english = Wordbook("en")
    assert english.say(COUNTED(count=1)) == "1 matching contact"
    assert english.say(COUNTED(count=3)) == "3 matching contacts"
    assert COUNTED(count=0).english() == "0 matching contacts"


def test_a_notice_needs_every_value_its_text_fills_in() -> None:
    with pytest.raises(TypeError):
        COUNTED()
    nested = Wording("test.outer", "Not sent: {reason}")(reason=COUNTED(count=2))
    assert isinstance(nested.values["reason"], Notice)
    assert nested.english() == "Not sent: 2 matching contacts"
    assert nested.as_json() == {"code": "test.outer", "values": {"reason": {"code": "test.contacts", "values": {"count": 2}}}}


def test_one_code_cannot_mean_two_texts() -> None:
    with pytest.raises(ValueError):
        Wording("test.contacts", "another text")



def test_a_sentence_set_inside_another_loses_its_full_stop_unless_it_ends_it() -> None:
    from console.providers.heynow.client import CONTACT_WITHOUT_ID
    from console.services.agenda import UNREADABLE_CONTACTS
    from console.store.health import CANNOT_READ

    inner = CONTACT_WITHOUT_ID()
    left_out = UNREADABLE_CONTACTS(count=2, reason=inner)
    assert "no phone)" in left_out.english() and ".)" not in left_out.english()
    spanish = Wordbook("es").say(left_out)
    assert ".)" not in spanish and Wordbook("es").say(inner).rstrip(".") in spanish
    ending = Wording("test.ends_with_value", "Stopped: {why}")(why=CANNOT_READ(path="a.db", reason="busy"))
    assert ending.english().endswith("(busy).")
    followed = Wording("test.another_sentence_follows", "{why} Try again later.")(why=CANNOT_READ(path="a.db", reason="busy"))
    assert followed.english() == "The database a.db cannot be read (busy). Try again later."


def test_plain_text_in_the_source_language_is_worded_without_babel() -> None:
    """The window's status bar words where the secrets are as it starts: Babel (some 30 ms to
    import) waits for the first number or date, or another language's catalogue."""
    script = (
        "import sys\n"
        "from console.domain.notices import Notice, Wording\n"
        "from console.store.secrets import IN_ENCRYPTED_FILE\n"
        "from console.wording.wordbook import Wordbook\n"
        "english = Wordbook.for_locale('en_US')\n"
        "print(english.say(IN_ENCRYPTED_FILE(folder='/data')).split(' (')[0], 'babel' in sys.modules)\n"
        "print(english.say(Notice(Wording('t.n', '{n} left'), {'n': 1500})), 'babel' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stdout.splitlines() == ["encrypted file in /data False", "1,500 left True"], done.stderr
