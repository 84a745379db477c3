"""Translation of the user interface: every UI string goes through ``translator(lang)``.

Catalogs live in ``workbench/locales/<lang>/LC_MESSAGES/workbench.po`` (compiled to ``.mo``).
A language without a compiled catalog falls back to the English source strings.
"""
from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locales"
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


def check_language(tag: str) -> str:
    """Return ``tag`` if it names a language Babel knows (``sw``, ``en``, ``pt-BR``), else raise.

    >>> check_language("sw")
    'sw'
    """
    from babel import Locale, UnknownLocaleError
    try:
        Locale.parse(str(tag).replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValueError(f"unknown language tag {tag!r}") from None
    return tag


def choose_language(requested: str | None) -> str:
    """The app language for a requested tag (``sw``, ``sw-TZ``…), else the default."""
    base = (requested or "").split("-")[0].split("_")[0].lower()
    return base if base in LANGUAGES else DEFAULT_LANGUAGE


def accepted_language(query_lang: str | None, accept_language: str | None) -> str:
    """``?lang=`` if given, else the first of the browser's languages the apps speak.

    >>> accepted_language(None, "fr-CH, fr;q=0.9, en;q=0.8")
    'fr'
    >>> accepted_language("sw", "fr")
    'sw'
    >>> accepted_language(None, "de, ja")
    'en'
    """
    if query_lang:
        return choose_language(query_lang)
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip()
        if tag and choose_language(tag) == tag.split("-")[0].lower():
            return choose_language(tag)
    return choose_language(None)


def in_every_language(text_of) -> dict[str, str]:
    """``{tag: text_of(_)}`` for every language the apps speak, ``_`` being that language's
    translator: a text stored once in all five languages (a default consent text, say).

    >>> in_every_language(lambda _: _("Yes"))["sw"]
    'Ndiyo'
    """
    return {tag: text_of(translator(tag)) for tag in LANGUAGES}


class MessageId(str):
    """A message id marked with :func:`N_`: text to translate where it is shown, not where it is
    written (a refusal raised in the core, shown on a participant's screen)."""
    __slots__ = ()


def N_(message: str) -> MessageId:
    """Mark ``message`` for the catalogs (``make catalogs`` extracts it) without translating it
    now: it returns the same text, marked as a message id (:class:`MessageId`)."""
    return MessageId(message)


#: The phases of sessions and polls as a refusal names them (``%(phase)s``), to translate.
PHASE_WORDS = {"draft": N_("not started"), "gathering": N_("gathering ideas"), "reacting": N_("reacting"),
               "open": N_("open"), "closed": N_("closed")}


def refusal(error: BaseException, language: str | None) -> str:
    """The message of a refusal (a WorkbenchError) in ``language``: its message id translated,
    with its arguments filled; ``str(error)`` when it has no message id (or the translation
    does not fit the arguments).

    >>> from workbench.core.errors import RuleError
    >>> refusal(RuleError(N_("This poll has not opened yet.")), "en")
    'This poll has not opened yet.'
    >>> refusal(RuleError("a plain English message"), "sw")
    'a plain English message'

    A ``phase`` argument is a phase's key: it is named in ``language`` too.
    """
    msgid = getattr(error, "msgid", None)
    if not msgid:
        return str(error)
    params = dict(getattr(error, "params", None) or {})
    _ = translator(language)
    text = _(msgid)
    if not params:
        return text
    if params.get("phase") in PHASE_WORDS:
        params["phase"] = _(PHASE_WORDS[params["phase"]])
    try:
        return text % params
    except (KeyError, ValueError, TypeError):
        return str(error)


def plural_translator(language: str | None):
    """Return the ``ngettext(singular, plural, n)`` function for ``language``."""
    return _translations(language or DEFAULT_LANGUAGE).ngettext


#: Call names whose string arguments are UI messages, in Babel's keyword form
#: (``ngettext`` takes the singular and the plural as arguments 1 and 2).
KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2)}


def extract_messages(fileobj, keywords, comment_tags, options):
    """Babel extraction method for our Python files, reading the syntax tree.

    Unlike Babel's token-based Python extractor on Python 3.11, it also finds ``_("…")``
    written inside an f-string. Named in ``babel.cfg``; yields Babel's
    ``(lineno, funcname, messages, comments)``.
    """
    import ast
    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in KEYWORDS):
            continue
        wanted = len(KEYWORDS[node.func.id] or (1,))
        strings = [arg.value for arg in node.args[:wanted]
                   if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
        if len(strings) == wanted:
            yield node.lineno, node.func.id, strings[0] if len(strings) == 1 else tuple(strings), []


def format_moment(iso: str, language: str | None) -> str:
    """A stored UTC time (``2026-05-01T14:00:00Z``) as the reader's language writes it.

    >>> format_moment("2026-05-01T14:00:00Z", "sw")
    '1 Mei 2026 14:00:00 UTC'
    """
    from datetime import datetime, timezone

    from babel.dates import format_datetime
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return format_datetime(moment, "medium", tzinfo=timezone.utc,
                           locale=choose_language(language)) + " UTC"
