"""Join codes and pseudonyms: short, easy to read aloud, never a real name."""
from __future__ import annotations

import random
import secrets

from workbench.core.errors import ValidationError

#: Letters and digits with no look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V).
CODE_ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
CODE_LENGTH = 6


def new_join_code(rng: random.Random | None = None) -> str:
    """A fresh random join code such as ``'K7QX4R'``."""
    choice = rng.choice if rng else secrets.choice
    return "".join(choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_join_code(text: str) -> str:
    """Return the code as stored: case-insensitive, spaces and dashes ignored.

    >>> normalize_join_code(" k7q-x4r ")
    'K7QX4R'

    Raises :class:`ValidationError` if the text cannot be a join code.
    """
    code = "".join(ch for ch in str(text).upper() if ch not in " -\t")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        raise ValidationError(f"{text.strip()!r} is not a join code: a code has "
                              f"{CODE_LENGTH} letters and digits, like K7QX4R")
    return code


_ADJECTIVES = ["Amber", "Brave", "Bright", "Calm", "Clear", "Gentle", "Golden", "Green", "Kind",
               "Quiet", "Rising", "Silver", "Steady", "Swift", "Warm", "Wise"]
_NOUNS = ["Baobab", "Cedar", "Crane", "Dove", "Falcon", "Fern", "Heron", "Lotus", "Maple", "Olive",
          "Owl", "River", "Sparrow", "Star", "Sunbird", "Willow"]


def new_pseudonym(rng: random.Random | None = None) -> str:
    """A friendly generated pseudonym such as ``'Calm Heron 27'`` (never a person's name)."""
    rng = rng or random.SystemRandom()
    return f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} {rng.randint(10, 99)}"
