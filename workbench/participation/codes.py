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


#: Words for suggested pseudonyms, per language: (nouns, adjectives, noun first?). Birds, animals,
#: trees and lights with kind qualities; in Spanish, French and Portuguese every noun is feminine
#: and every adjective agrees; in Swahili the adjectives take the agreement of living beings.
_WORDS = {
    "en": (["Baobab", "Cedar", "Crane", "Dove", "Falcon", "Fern", "Heron", "Lotus", "Maple", "Olive",
            "Owl", "River", "Sparrow", "Star", "Sunbird", "Willow"],
           ["Amber", "Brave", "Bright", "Calm", "Clear", "Gentle", "Golden", "Green", "Kind",
            "Quiet", "Rising", "Silver", "Steady", "Swift", "Warm", "Wise"], False),
    "sw": (["Korongo", "Njiwa", "Bundi", "Tai", "Shomoro", "Chozi", "Kasuku", "Swala", "Twiga", "Tembo",
            "Simba", "Kobe", "Pundamilia", "Nyuki", "Kipepeo", "Pomboo"],
           ["Jasiri", "Hodari", "Imara", "Mpole", "Mtulivu", "Mwerevu", "Mkarimu", "Mchangamfu",
            "Mwaminifu", "Mwema", "Mvumilivu", "Mwangalifu", "Makini", "Thabiti", "Mshupavu", "Mwenye Furaha"],
           True),
    "es": (["Garza", "Paloma", "Lechuza", "Golondrina", "Ceiba", "Estrella", "Ola", "Luna", "Gacela", "Tortuga",
            "Abeja", "Mariposa", "Ballena", "Nutria", "Guacamaya", "Cigüeña"],
           ["Serena", "Valiente", "Amable", "Tranquila", "Brillante", "Sabia", "Fuerte", "Libre", "Alegre",
            "Firme", "Dulce", "Clara", "Dorada", "Verde", "Plateada", "Veloz"], True),
    "fr": (["Aigrette", "Colombe", "Chouette", "Hirondelle", "Étoile", "Rivière", "Fougère", "Olive", "Grue",
            "Mésange", "Luciole", "Abeille", "Gazelle", "Tortue", "Baleine", "Loutre"],
           ["Calme", "Brave", "Claire", "Douce", "Sage", "Libre", "Vive", "Fidèle", "Paisible", "Joyeuse",
            "Dorée", "Verte", "Forte", "Fière", "Tranquille", "Lumineuse"], True),
    "pt": (["Garça", "Pomba", "Coruja", "Andorinha", "Estrela", "Onda", "Palmeira", "Oliveira", "Gazela",
            "Tartaruga", "Abelha", "Borboleta", "Baleia", "Lontra", "Arara", "Cegonha"],
           ["Calma", "Corajosa", "Clara", "Gentil", "Sábia", "Livre", "Alegre", "Serena", "Firme", "Doce",
            "Dourada", "Verde", "Forte", "Tranquila", "Brilhante", "Veloz"], True),
}


def new_pseudonym(rng: random.Random | None = None, language: str = "en") -> str:
    """A friendly generated pseudonym in ``language`` (English if it has no word list), such as
    ``'Calm Heron 27'`` or ``'Korongo Mpole 27'`` (never a person's name).

    >>> new_pseudonym(random.Random(1))
    'Clear Crane 42'
    >>> new_pseudonym(random.Random(1), "sw")
    'Bundi Mtulivu 42'
    """
    rng = rng or random.SystemRandom()
    nouns, adjectives, noun_first = _WORDS.get(language, _WORDS["en"])
    adjective, noun = rng.choice(adjectives), rng.choice(nouns)
    words = f"{noun} {adjective}" if noun_first else f"{adjective} {noun}"
    return f"{words} {rng.randint(10, 99)}"
