"""Cleaning text that people type, before it is checked and stored."""
from __future__ import annotations

import unicodedata

from workbench.core.errors import ValidationError

#: Removed from people's text: control, surrogate, private-use and unassigned characters, and the
#: bidirectional overrides that can make text display as something else. Joiners (ZWJ, ZWNJ),
#: which Persian, Hindi and emoji need, stay.
_DROPPED_CATEGORIES = {"Cc", "Cs", "Co", "Cn"}
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean_text(text, what: str, limit: int, *, required: bool = True,
               empty: str | None = None, too_long: str | None = None) -> str:
    """Return ``text`` stripped, Unicode-normalised (NFC) and without control characters.

    Raises ValidationError if it is not a string, is empty (when ``required``) or is longer than
    ``limit`` characters. ``empty`` and ``too_long`` are message ids (:func:`~workbench.core.i18n.N_`)
    for those refusals, ``too_long`` with ``%(n)d`` (the length) and ``%(limit)d``, so that a
    participant's screen can show them in her language.

    >>> clean_text("  healers\\u0007 ", "contribution", 10)
    'healers'
    """
    if not isinstance(text, str):
        raise ValidationError(f"{what}: expected text, got {type(text).__name__}")
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if ch in "\n\t" or (
        unicodedata.category(ch) not in _DROPPED_CATEGORIES and ch not in _BIDI_CONTROLS)).strip()
    if not any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in text):
        text = ""  # only spaces and invisible joiners
    if required and not text:
        raise ValidationError(empty) if empty else ValidationError(f"{what} is empty")
    if len(text) > limit:
        if too_long:
            raise ValidationError(too_long, n=len(text), limit=limit)
        raise ValidationError(f"{what} is {len(text)} characters long; the limit is {limit}")
    return text
