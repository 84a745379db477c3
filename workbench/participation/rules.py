"""Joining a session, for every participant app (visioning, feedback, vote): the rules.

A participant is a pseudonym in a language, never a real name. Before taking part they read the
session's consent text (what is collected, who sees it, how long it is kept, how it may be
used) and agree, and answer yes or no to each use of their words (none is answered for them);
the consent version and time are recorded. Demographic questions are optional
and each has "prefer not to say". Pure functions over plain data; the store calls them inside
its transactions.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from workbench.core.errors import RuleError, ValidationError
from workbench.core.i18n import LANGUAGES, check_language, translator
from workbench.core.cleaning import clean_text
from workbench.participation.privacy import USES

PREFER_NOT = "prefer_not_to_say"
AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55-64", "65+")
GENDERS = ("woman", "man", "non_binary", "another")
ROLES = ("participant", "interpreter")
PSEUDONYM_CHARS = (2, 40)
MAX_LANGUAGES_SPOKEN = 10
_LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
#: Territory codes that are not countries (the EU, the UN, pseudo-regions).
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


class PseudonymRefused(ValidationError):
    """The pseudonym cannot be used (malformed, or already used in the session): choose another."""


@dataclass(frozen=True)
class Demographics:
    """Optional answers: ``None`` = not answered, :data:`PREFER_NOT` = prefer not to say.

    ``country`` is an ISO 3166 code (``"TZ"``); ``languages`` language tags (``("sw", "en")``).
    """
    country: str | None = None
    languages: tuple[str, ...] | str | None = None
    age_band: str | None = None
    gender: str | None = None


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
        raise PseudonymRefused(f"pseudonym {text!r}: use {low} to {high} characters")
    return text


def check_language_tag(tag) -> str:
    """A language tag such as ``sw`` or ``pt-BR`` (lower-case base) that Babel knows
    (:func:`workbench.core.i18n.check_language`, the one check of language tags). Raises ValidationError."""
    if not isinstance(tag, str) or not _LANGUAGE_TAG.match(tag):
        raise ValidationError(f"{tag!r} is not a language tag such as 'sw' or 'pt-BR'")
    try:
        return check_language(tag)
    except ValueError as error:
        raise ValidationError(str(error)) from None


def check_consent_answers(consent) -> dict:
    """Consent answers map each use (``take_part``, …) to yes or no; raises ValidationError."""
    if not isinstance(consent, Mapping) or not all(
            isinstance(k, str) and isinstance(v, bool) for k, v in consent.items()):
        raise ValidationError("consent answers must map each use to yes or no")
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
        raise ValidationError(f"the consent text changed (version {current_version}, answered "
                              f"{version}); please read it again")
    if consent.get("take_part") is not True:
        raise RuleError("taking part needs your agreement to the consent text; "
                        "you may leave at any time")
    missing = [use for use in USES if use not in consent]
    if missing:
        raise ValidationError(f"consent answers: yes or no is missing for {', '.join(missing)}; "
                              f"each use of your words needs your own answer")
    return dict(consent)


def _optional(value, allowed: Iterable[str], what: str):
    if value is None or value == PREFER_NOT or value in allowed:
        return value
    raise ValidationError(f"{what}: {value!r} is not one of the choices")


def check_demographics(answers: Demographics) -> Demographics:
    """Validate optional demographic answers; return them with languages as a sorted tuple."""
    country = answers.country
    if country not in (None, PREFER_NOT) and not (
            isinstance(country, str) and len(country) == 2 and country.isalpha()
            and country.isupper() and country not in _NOT_COUNTRIES):
        raise ValidationError(f"country: {country!r} is not a two-letter country code")
    languages = answers.languages
    if languages not in (None, PREFER_NOT):
        if isinstance(languages, str) or not isinstance(languages, Iterable):
            raise ValidationError("languages: expected a list of language tags")
        languages = tuple(sorted({check_language_tag(tag) for tag in languages}))
        if len(languages) > MAX_LANGUAGES_SPOKEN:
            raise ValidationError(f"languages: at most {MAX_LANGUAGES_SPOKEN}")
        languages = languages or None
    return Demographics(country, languages,
                        _optional(answers.age_band, AGE_BANDS, "age band"),
                        _optional(answers.gender, GENDERS, "gender"))


def check_open(session: Mapping) -> None:
    """Raise RuleError if nobody may join ``session`` now (not opened yet, or closed)."""
    if session["phase"] == "draft":
        raise RuleError("this session has not opened yet; ask your facilitator when it starts")
    if session["phase"] == "closed":
        raise RuleError("this session is closed; thank you for your interest")


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
