"""Translation helpers: language choice, translated strings, dates in the reader's language."""
from __future__ import annotations

import doctest

import workbench.core.i18n
from workbench.core.i18n import choose_language, format_moment, plural_translator, translator


def test_doctests():
    assert doctest.testmod(workbench.core.i18n).failed == 0


def test_language_choice_falls_back_to_english():
    assert choose_language("sw-TZ") == "sw" and choose_language("pt_BR") == "pt"
    assert choose_language("xx") == "en" and choose_language(None) == "en"


def test_every_language_translates_and_plurals():
    assert translator("sw")("Language") != "Language"
    for language in ("en", "sw", "es", "fr", "pt"):
        text = plural_translator(language)("%(n)d action", "%(n)d actions", 3) % {"n": 3}
        assert "3" in text


def test_moments_are_written_in_the_readers_language():
    assert format_moment("2026-05-01T14:00:00Z", "sw") == "1 Mei 2026 14:00:00 UTC"
    assert format_moment("2026-05-01T14:00:00Z", "fr") == "1 mai 2026, 14:00:00 UTC"
    assert "2026" in format_moment("2026-05-01T14:00:00", "en")
