"""Translation of the user interface: every UI string goes through ``translator(lang)``.

Catalogs live in ``workbench/locales/<lang>/LC_MESSAGES/workbench.po`` (compiled to ``.mo``).
A language without a compiled catalog falls back to the English source strings.
"""
from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locales"
DOMAIN = "workbench"
#: Languages the apps offer, with each language's own name for itself.
LANGUAGES = {"sw": "Kiswahili", "en": "English", "es": "Español", "fr": "Français", "pt": "Português"}
DEFAULT_LANGUAGE = "en"


@lru_cache(maxsize=None)
def _translations(language: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def translator(language: str | None):
    """Return the ``_`` function for ``language``.

    >>> _ = translator("en")
    >>> _("Language")
    'Language'
    """
    return _translations(language or DEFAULT_LANGUAGE).gettext


def choose_language(requested: str | None) -> str:
    """The app language for a requested tag (``sw``, ``sw-TZ``…), else the default."""
    base = (requested or "").split("-")[0].split("_")[0].lower()
    return base if base in LANGUAGES else DEFAULT_LANGUAGE


def plural_translator(language: str | None):
    """Return the ``ngettext(singular, plural, n)`` function for ``language``."""
    return _translations(language or DEFAULT_LANGUAGE).ngettext
