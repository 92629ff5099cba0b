"""Counts, times and sizes in the agent's language: plural forms from the catalogues, the
rest from QLocale."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from console.ui.i18n import Translations, compile_catalogues
from console.ui.labels import clock, data_size, precise_time


@pytest.fixture(scope="module")
def translations(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Translations]:
    chosen = Translations(compile_catalogues(cache_dir=tmp_path_factory.mktemp("qm")))
    yield chosen
    chosen.uninstall()
    QLocale.setDefault(QLocale.system())


@pytest.mark.parametrize(
    ("language", "one", "three"),
    [
        ("en", "1 connected", "3 connected"),
        ("es", "1 conectada", "3 conectadas"),
        ("pt_BR", "1 conectada", "3 conectadas"),
    ],
)
def test_the_accounts_line_counts_in_the_language(translations: Translations, language: str, one: str, three: str) -> None:
    translations.apply(language)
    assert QCoreApplication.translate("HealthStatus", "%n connected", "", 1) == one
    assert QCoreApplication.translate("HealthStatus", "%n connected", "", 3) == three


@pytest.mark.parametrize(
    ("language", "one", "many"),
    [
        ("en", "1 matching contact", "12 matching contacts"),
        ("es", "1 contacto coincide", "12 contactos coinciden"),
        ("pt_BR", "1 contato encontrado", "12 contatos encontrados"),
    ],
)
def test_no_count_is_left_with_its_s_in_brackets(translations: Translations, language: str, one: str, many: str) -> None:
    translations.apply(language)
    assert QCoreApplication.translate("AgendaPane", "%n matching contact(s)", "", 1) == one
    assert QCoreApplication.translate("AgendaPane", "%n matching contact(s)", "", 12) == many


def test_every_count_has_its_plural_forms_in_every_catalogue(translations: Translations) -> None:
    sources = Path(__file__).parents[2] / "resources" / "translations"
    for catalogue in sources.glob("centralita_*.ts"):
        text = catalogue.read_text(encoding="utf-8")
        assert 'type="unfinished"' not in text, f"{catalogue.name} has messages left to translate"
        assert text.count('numerus="yes"') >= 35, f"{catalogue.name} lacks plural forms"


def test_times_and_sizes_follow_the_locale() -> None:
    try:
        QLocale.setDefault(QLocale("es_ES"))
        assert clock(datetime(2026, 3, 5, 13, 5).astimezone()) == "13:05"
        assert data_size(2_500_000) == "2,5 MB"
        QLocale.setDefault(QLocale("pt_BR"))
        assert data_size(2_500_000) == "2,5 MB"
        QLocale.setDefault(QLocale("en_US"))
        assert clock(datetime(2026, 3, 5, 13, 5).astimezone()) in ("1:05 PM", "1:05\u202fPM")
        assert data_size(2_500_000) == "2.5 MB"
    finally:
        QLocale.setDefault(QLocale.system())


def test_a_timeline_time_puts_its_milliseconds_after_the_seconds_in_every_locale() -> None:
    moment = datetime.now().replace(hour=14, minute=25, second=23, microsecond=608000).astimezone()
    try:
        QLocale.setDefault(QLocale("es_ES"))
        assert precise_time(moment) == "14:25:23,608"
        QLocale.setDefault(QLocale("en_US"))  # a 12-hour clock: "2:25:23.608 PM", never "PM.608"
        assert precise_time(moment).replace("\u202f", " ") == "2:25:23.608 PM"
    finally:
        QLocale.setDefault(QLocale.system())
