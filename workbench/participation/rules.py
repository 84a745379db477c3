"""Joining a session, for every participant app (visioning, feedback, vote): the rules.

A participant is a pseudonym in a language, never a real name. Before taking part they read the
session's consent text (what is collected, who sees it, how long it is kept, how it may be
used) and agree, and answer yes or no to each use of their words (none is answered for them);
the consent version and time are recorded. Demographic questions are optional
and each has "prefer not to say". Pure functions over plain data; the store calls them inside
its transactions.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from workbench.core.errors import RuleError, ValidationError
from workbench.core.i18n import LANGUAGES, N_, check_language, translator
from workbench.core.cleaning import clean_text
from workbench.participation.privacy import USES

PREFER_NOT = "prefer_not_to_say"
AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55-64", "65+")
GENDERS = ("woman", "man", "non_binary", "another")
ROLES = ("participant", "interpreter")
PSEUDONYM_CHARS = (2, 40)
MAX_LANGUAGES_SPOKEN = 10
#: Languages typed in the optional questions that match no language name are kept as typed:
#: at most this many, each at most this long (a language's name, not a story).
MAX_OTHER_LANGUAGES = 5
MAX_OTHER_LANGUAGE_CHARS = 40
#: At most this many answers in the languages field, each at most this long (several languages
#: may be typed in one answer: "Kiswahili, Kiingereza").
MAX_TYPED_LANGUAGE_ANSWERS = 30
MAX_TYPED_LANGUAGE_CHARS = 400
_LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
#: Territory codes that are not countries (the EU, the UN, pseudo-regions).
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


class PseudonymRefused(ValidationError):
    """The pseudonym cannot be used (malformed, or already used in the session): choose another."""


@dataclass(frozen=True)
class Demographics:
    """Optional answers: ``None`` = not answered, :data:`PREFER_NOT` = prefer not to say.

    ``country`` is an ISO 3166 code (``"TZ"``); ``languages`` language tags (``("sw", "en")``);
    ``other_languages`` what the person typed that names no language the workbench knows
    (``("Kikurya",)``), kept as typed: her own data, counted in aggregates only as "another
    language", never shown beside her pseudonym. :func:`check_demographics` takes ``languages``
    as typed (tags, names in any of the apps' languages, free text) and sorts them into the two.
    """
    country: str | None = None
    languages: tuple[str, ...] | str | None = None
    age_band: str | None = None
    gender: str | None = None
    other_languages: tuple[str, ...] | None = None


@dataclass(frozen=True)
class JoinAnswers:
    """What a person answers when joining: the JoinPanel's value, the store's input.

    ``consent`` has no default: it is what the person said, taking part and yes or no to each
    use (:data:`~workbench.participation.privacy.USES`); made-up people (demo data, tests) pass
    :data:`~workbench.participation.privacy.SYNTHETIC_CONSENT`."""
    pseudonym: str
    language: str
    consent_version: int
    consent: Mapping[str, bool]
    demographics: Demographics = field(default_factory=Demographics)


def check_pseudonym(text) -> str:
    """A pseudonym as stored: 2–40 printable characters, single spaces.

    >>> check_pseudonym("  Calm   Heron 27 ")
    'Calm Heron 27'
    """
    try:
        text = " ".join(clean_text(text, "pseudonym", 10 * PSEUDONYM_CHARS[1]).split())
    except ValidationError as error:
        raise PseudonymRefused(str(error)) from None
    low, high = PSEUDONYM_CHARS
    if not low <= len(text) <= high:
        raise PseudonymRefused(N_("pseudonym %(text)r: use %(low)d to %(high)d characters"),
                               text=text, low=low, high=high)
    return text


def check_language_tag(tag) -> str:
    """A language tag such as ``sw`` or ``pt-BR`` (lower-case base) that Babel knows
    (:func:`workbench.core.i18n.check_language`, the one check of language tags). Raises ValidationError."""
    if not isinstance(tag, str) or not _LANGUAGE_TAG.match(tag):
        raise ValidationError(N_("%(tag)r is not a language tag such as 'sw' or 'pt-BR'"), tag=tag)
    try:
        return check_language(tag)
    except ValueError as error:
        raise ValidationError(str(error)) from None


def check_consent_answers(consent) -> dict:
    """Consent answers map each use (``take_part``, …) to yes or no; raises ValidationError."""
    if not isinstance(consent, Mapping) or not all(
            isinstance(k, str) and isinstance(v, bool) for k, v in consent.items()):
        raise ValidationError(N_("consent answers must map each use to yes or no"))
    return dict(consent)


def check_consent(consent: Mapping[str, bool], version: int, current_version: int) -> dict:
    """Return the consent answers if the person agreed to take part to the current text and
    answered yes or no to every use of their words.

    Raises RuleError if they did not agree, ValidationError if the answers are malformed, leave
    out a use (no use is ever answered for the person: a missing answer is not a yes), or are to
    an older version of the consent text.
    """
    check_consent_answers(consent)
    if version != current_version:
        raise ValidationError(N_("the consent text changed (version %(current)s, answered "
                                 "%(answered)s); please read it again"),
                              current=current_version, answered=version)
    if consent.get("take_part") is not True:
        raise RuleError(N_("taking part needs your agreement to the consent text; "
                           "you may leave at any time"))
    missing = [use for use in USES if use not in consent]
    if missing:
        raise ValidationError(N_("consent answers: yes or no is missing for %(uses)s; "
                                 "each use of your words needs your own answer"),
                              uses=", ".join(missing))
    return dict(consent)


def _optional(value, allowed: Iterable[str], what: str):
    if value is None or value == PREFER_NOT or value in allowed:
        return value
    raise ValidationError(N_("%(what)s: %(value)r is not one of the choices"), what=what, value=value)


def check_demographics(answers: Demographics) -> Demographics:
    """Validate optional demographic answers; return them with languages as a sorted tuple."""
    country = answers.country
    if country not in (None, PREFER_NOT) and not (
            isinstance(country, str) and len(country) == 2 and country.isalpha()
            and country.isupper() and country not in _NOT_COUNTRIES):
        raise ValidationError(N_("country: %(country)r is not a two-letter country code"), country=country)
    languages, others = _check_spoken(answers.languages, answers.other_languages)
    return Demographics(country, languages,
                        _optional(answers.age_band, AGE_BANDS, "age band"),
                        _optional(answers.gender, GENDERS, "gender"), others)


def _check_spoken(languages, others) -> tuple[tuple[str, ...] | str | None, tuple[str, ...] | None]:
    """``(tags, other texts)`` as stored, from the languages as typed (see :func:`split_spoken`)."""
    if languages == PREFER_NOT:
        if others:
            raise ValidationError(N_("languages: 'prefer not to say' and languages at once"))
        return PREFER_NOT, None
    typed: list = []
    for value, what in ((languages, "languages"), (others, "other languages")):
        if value is None:
            continue
        if isinstance(value, str) or not isinstance(value, Iterable):
            raise ValidationError(N_("%(what)s: expected a list of languages"), what=what)
        typed += list(itertools.islice(value, MAX_TYPED_LANGUAGE_ANSWERS + 1))
    if len(typed) > MAX_TYPED_LANGUAGE_ANSWERS:
        raise ValidationError(N_("languages: at most %(n)d answers"), n=MAX_TYPED_LANGUAGE_ANSWERS)
    tags, texts = split_spoken(typed)
    if len(tags) > MAX_LANGUAGES_SPOKEN:
        raise ValidationError(N_("languages: at most %(n)d"), n=MAX_LANGUAGES_SPOKEN)
    if len(texts) > MAX_OTHER_LANGUAGES:
        raise ValidationError(N_("languages: at most %(n)d that are not in the list"), n=MAX_OTHER_LANGUAGES)
    return tuple(sorted(tags)) or None, texts or None


# -- languages typed by people ----------------------------------------------------------------
#: What separates languages typed in one answer; and the words for "and" of the apps' languages
#: (split on only when a part on either side is a known language name).
_SEPARATORS = re.compile(r"[,;/|+\n\u060c\u3001]+")
_AND = re.compile(r"\s+(?:and|na|y|e|et|&)\s+", re.IGNORECASE)
#: "Kiswahili (sw)": a name with its tag (what the form offered before, and people copy).
_NAME_WITH_TAG = re.compile(r"(.*?)\s*\(([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)\)")


def _name_key(text: str) -> str:
    """A name as looked up: case, accents and repeated spaces ignored ("Español" = "espanol")."""
    text = unicodedata.normalize("NFKD", text)
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).casefold().split())


@lru_cache(maxsize=1)
def _language_names() -> dict[str, str]:
    """``{name key: tag}`` for every language Babel names in each of the apps' languages, and
    the apps' languages' own names (a name two languages share keeps the first one found)."""
    from babel import Locale
    names = {_name_key(own): tag for tag, own in LANGUAGES.items()}
    for language in LANGUAGES:
        for tag, name in Locale.parse(language).languages.items():
            if "_" not in tag:
                names.setdefault(_name_key(name), tag)
    return names


def language_from_name(text: str) -> str | None:
    """The language tag a typed name or tag stands for, or None: a name in any of the apps'
    five languages ("Kiingereza", "English", "inglés", "anglais", "inglês"), case and accents
    ignored, or a tag Babel knows ("sw", "PT").

    >>> [language_from_name(t) for t in ("Kiingereza", " swahili ", "Español", "SW", "Kiswahili (sw)", "Kikurya")]
    ['en', 'sw', 'es', 'sw', 'sw', None]
    """
    text = " ".join(str(text).split())
    with_tag = _NAME_WITH_TAG.fullmatch(text)
    if with_tag:
        text = with_tag.group(2)
    named = _language_names().get(_name_key(text))
    if named:
        return named
    base, _dash, rest = text.replace("_", "-").partition("-")
    if not 2 <= len(base) <= 3 or not base.isascii() or not base.isalpha():
        return None
    try:
        return check_language_tag(base.lower() + (f"-{rest.upper() if len(rest) == 2 else rest}" if rest else ""))
    except ValidationError:
        return None


def split_spoken(typed: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a person typed for "Languages you speak" as ``(tags, other texts)``.

    An answer may hold several languages ("Kiswahili, Kiingereza", "Kiswahili na Kiingereza").
    Every part that :func:`language_from_name` recognises becomes its tag; any other part is
    kept as typed (cleaned: :func:`~workbench.core.cleaning.clean_text`, single spaces). Both
    keep the order typed, without repeats (case ignored). Raises ValidationError for an answer
    that is not text or is too long, and for a kept text over :data:`MAX_OTHER_LANGUAGE_CHARS`.

    >>> split_spoken(["Kiswahili, Kiingereza", "Kikurya", "english"])
    (('sw', 'en'), ('Kikurya',))
    >>> split_spoken(["Kiswahili na Kikurya"])
    (('sw',), ('Kikurya',))
    """
    tags: list[str] = []
    texts: dict[str, str] = {}
    for answer in typed:
        answer = clean_text(answer, "languages", MAX_TYPED_LANGUAGE_CHARS, required=False,
                            too_long=N_("languages: an answer is %(n)d characters long; the limit is %(limit)d"))
        for part in _SEPARATORS.split(answer):
            part = " ".join(part.split()).strip(" .")
            if not part:
                continue
            pieces = [(part, language_from_name(part))]
            if pieces[0][1] is None:
                words = [" ".join(w.split()) for w in _AND.split(part) if w.strip()]
                found = [(w, language_from_name(w)) for w in words]
                if len(words) > 1 and any(tag for _w, tag in found):
                    pieces = found
            for text, tag in pieces:
                if tag:
                    if tag not in tags:
                        tags.append(tag)
                    continue
                if len(text) > MAX_OTHER_LANGUAGE_CHARS:
                    raise ValidationError(N_("languages: %(text)r… is %(n)d characters long; "
                                             "the limit is %(limit)d"),
                                          text=text[:20], n=len(text), limit=MAX_OTHER_LANGUAGE_CHARS)
                texts.setdefault(text.casefold(), text)
    return tuple(tags), tuple(texts.values())


def language_name(tag: str, language: str) -> str:
    """A language's name in ``language`` (Babel's), else its tag.

    >>> language_name("en", "sw"), language_name("sw", "en")
    ('Kiingereza', 'Swahili')
    """
    from babel import Locale, UnknownLocaleError
    try:
        names = Locale.parse(language.replace("-", "_")).languages
    except (UnknownLocaleError, ValueError):
        names = Locale("en").languages
    return names.get(tag) or names.get(tag.replace("-", "_")) or tag


def check_open(session: Mapping) -> None:
    """Raise RuleError if nobody may join ``session`` now (not opened yet, or closed)."""
    if session["phase"] == "draft":
        raise RuleError(N_("this session has not opened yet; ask your facilitator when it starts"))
    if session["phase"] == "closed":
        raise RuleError(N_("this session is closed; thank you for your interest"))


def check_join(answers: JoinAnswers, session: Mapping) -> JoinAnswers:
    """Validate everything a person answered to join ``session`` (a stored session dict with
    ``phase`` and ``consent_version``). Returns the cleaned answers; raises RuleError or
    ValidationError. (Whether the pseudonym is free is the store's check.)"""
    check_open(session)
    return JoinAnswers(
        check_pseudonym(answers.pseudonym),
        check_language_tag(answers.language),
        answers.consent_version,
        check_consent(answers.consent, answers.consent_version, session["consent_version"]),
        check_demographics(answers.demographics),
    )


def check_role(role) -> str:
    if role not in ROLES:
        raise ValidationError(f"unknown role {role!r}; the roles are {', '.join(ROLES)}")
    return role


def default_consent(language: str) -> str:
    """The consent text the form starts from: what is collected, who sees it, how long it is
    kept, how it may be used (the facilitator adapts it)."""
    _ = translator(language)
    return "\n".join([
        _("What we collect: what you write, your answers (agree, disagree, pass), the pseudonym you "
          "choose and, only if you answer them, your country, languages, age band and gender."),
        _("Who sees it: other participants see your contributions without any name. The facilitators "
          "see your pseudonym. Your country, languages, age and gender are only counted with everyone "
          "else's, never shown for fewer than 5 people."),
        _("How long we keep it: until the final plan is published; then pseudonyms and the optional "
          "answers are deleted."),
        _("How it may be used: to write the shared vision, and quoted without any name in the plan and "
          "its reports."),
        _("You may pass any question, withdraw what you wrote while the session is open, ask for a "
          "break, and leave at any time."),
    ])


def countries(language: str) -> list[tuple[str, str]]:
    """``(name, code)`` for every country, named and sorted in ``language`` (Babel's names).

    >>> ("Tanzania", "TZ") in countries("en")
    True
    """
    from babel import Locale, UnknownLocaleError
    try:
        names = Locale.parse(language.replace("-", "_")).territories
    except (UnknownLocaleError, ValueError):
        names = Locale("en").territories
    found = [(name, code) for code, name in names.items()
             if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES]
    return sorted(found, key=lambda pair: unicodedata.normalize("NFKD", pair[0]).casefold())


def spoken_languages(language: str) -> list[tuple[str, str]]:
    """``(name, tag)`` for languages people may say they speak: the apps' languages first,
    then every two-letter language Babel names in ``language``."""
    from babel import Locale, UnknownLocaleError
    try:
        names = Locale.parse(language.replace("-", "_")).languages
    except (UnknownLocaleError, ValueError):
        names = Locale("en").languages
    first = [(names.get(tag, own), tag) for tag, own in LANGUAGES.items()]
    rest = sorted(((name, tag) for tag, name in names.items()
                   if len(tag) == 2 and tag.isalpha() and tag not in LANGUAGES),
                  key=lambda pair: pair[0].casefold())
    return first + rest
