"""Feedback rounds on a draft plan: the rules, as pure functions over plain data.

A *round* reviews one frozen plan version. People comment on its themes, goals and actions
live (joining a feedback session of the round with its code) or in writing (rows imported
from a form's export). Each comment has a type (:data:`TYPES`), a language, and whether its
author allows quoting it: a "do not quote me" comment informs the revision and is counted, but
never appears as a quotation. Working groups triage every comment (:data:`DECISIONS`); the
decisions are appended, so a comment's status is its latest decision (``new`` before any).

Feedback sessions move ``draft → open → closed`` (a closed one may reopen); comments may be
written, edited and withdrawn only while the session is open and the round is not closed.
Every check raises :class:`~workbench.core.errors.ValidationError` (malformed input) or
:class:`~workbench.core.errors.RuleError` (the state forbids it).
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from workbench.core.errors import RuleError, ValidationError
from workbench.core.i18n import N_
from workbench.core.cleaning import clean_text

TYPES = ("support", "concern", "suggestion", "question")
STATUSES = ("new", "accepted", "partly_accepted", "declined", "out_of_scope", "duplicate")
#: The statuses a triage decision may set (``new`` is the status before any decision).
DECISIONS = STATUSES[1:]
PHASES = ("draft", "open", "closed")
NEXT_PHASES = {"draft": ("open",), "open": ("closed",), "closed": ("open",)}
KINDS = {1: "theme", 2: "goal", 3: "action"}
MAX_COMMENT_CHARS = 2000
MAX_RESPONSE_CHARS = 2000
MAX_REASON_CHARS = 500
_ROUND_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,59}$")
_REF = re.compile(r"^[1-9][0-9]*(\.[1-9][0-9]*){0,2}$")

#: Words form tools and typed-up paper forms use for each type (lower case), in the apps' languages.
TYPE_WORDS = {
    "support": ("support", "supports", "agree", "kuunga mkono", "naunga mkono", "msaada", "apoyo",
                "apoyar", "soutien", "soutenir", "apoio", "apoiar"),
    "concern": ("concern", "concerns", "worry", "wasiwasi", "hofu", "preocupación", "preocupacion",
                "inquiétude", "inquietude", "préoccupation", "preocupação", "preocupacao"),
    "suggestion": ("suggestion", "suggestions", "recommendation", "pendekezo", "mapendekezo", "ushauri",
                   "sugerencia", "recomendación", "recommandation", "sugestão", "sugestao"),
    "question": ("question", "questions", "swali", "maswali", "pregunta", "pergunta"),
}
_TYPE_LOOKUP = {word: kind for kind, words in TYPE_WORDS.items() for word in words}
_YES = {"yes", "y", "true", "1", "ndiyo", "ndio", "sí", "si", "oui", "sim"}
_NO = {"no", "n", "false", "0", "hapana", "non", "não", "nao"}


# -- comments --------------------------------------------------------------------------------
def parse_type(value) -> str:
    """The comment type a form's answer names (any case, the apps' languages).

    >>> parse_type(" Pendekezo "), parse_type("Concern")
    ('suggestion', 'concern')
    """
    key = " ".join(str(value or "").casefold().split())
    if key not in _TYPE_LOOKUP:
        raise ValidationError(f"unknown comment type {str(value or '').strip()!r}; "
                              f"expected one of {', '.join(TYPES)}")
    return _TYPE_LOOKUP[key]


def parse_yes_no(value, what: str = "answer") -> bool | None:
    """``True``/``False`` for yes/no in the apps' languages, ``None`` for an empty answer.

    >>> parse_yes_no("Ndiyo"), parse_yes_no(""), parse_yes_no("non")
    (True, None, False)
    """
    key = str(value if value is not None else "").strip().casefold()
    if not key:
        return None
    if key in _YES or key in _NO:
        return key in _YES
    raise ValidationError(f"{what}: {str(value).strip()!r} is not yes or no")


def normalize_ref(value) -> str:
    """A plan reference as stored: ``1`` (theme), ``1.2`` (goal), ``1.2.5`` (action).

    >>> normalize_ref(" 1.2.5. ")
    '1.2.5'
    """
    text = "".join(str(value if value is not None else "").split()).rstrip(".")
    if not _REF.match(text):
        raise ValidationError(N_("%(value)r is not a plan reference such as 1.2.5 "
                                 "(theme.goal.action), 1.2 (a goal) or 1 (a theme)"), value=str(value).strip())
    return text


def check_ref(value, refs: Collection[str]) -> tuple[str, str]:
    """``(ref, kind)`` if ``value`` names an item among ``refs`` (the reviewed version's)."""
    ref = normalize_ref(value)
    if ref not in refs:
        raise ValidationError(f"unknown plan reference {ref}: the reviewed version has no "
                              f"{KINDS[ref.count('.') + 1]} {ref}")
    return ref, KINDS[ref.count(".") + 1]


def check_type(value) -> str:
    if value not in TYPES:
        raise ValidationError(N_("unknown comment type %(type)r; expected one of %(types)s"), type=value,
                              types=", ".join(TYPES))
    return value


def check_comment_text(text) -> str:
    return clean_text(text, "comment", MAX_COMMENT_CHARS, empty=N_("comment is empty"),
                      too_long=N_("comment is %(n)d characters long; the limit is %(limit)d"))


def check_round_name(name) -> str:
    """A round's name as used on the command line: lower-case letters, digits, ``. _ -``.

    >>> check_round_name("draft-1")
    'draft-1'
    """
    if not isinstance(name, str) or not _ROUND_NAME.match(name):
        raise ValidationError(f"round name {name!r}: use 1–60 lower-case letters, digits, '.', '_' "
                              "or '-', starting with a letter or digit (e.g. draft-1)")
    return name


def check_phase_change(current: str, wanted: str) -> str:
    """Return ``wanted`` if a feedback session in ``current`` may move to it.

    >>> check_phase_change("draft", "open")
    'open'
    """
    if wanted not in PHASES:
        raise ValidationError(f"unknown phase {wanted!r}; feedback sessions are {', '.join(PHASES)}")
    if wanted not in NEXT_PHASES.get(current, ()):
        raise RuleError(f"a feedback session that is {current} cannot become {wanted}")
    return wanted


def check_can_comment(phase: str, round_closed: bool) -> None:
    """Raise RuleError unless comments may be written, edited or withdrawn now."""
    if round_closed:
        raise RuleError(N_("this feedback round is closed: comments can no longer change"))
    if phase != "open":
        raise RuleError(N_("comments cannot be written or changed now: the session is %(phase)s"), phase=phase)


def row_hash(fields: Sequence, occurrence: int = 0) -> str:
    """The identity of an imported row: its cleaned fields, and how many identical rows came
    before it in the file (two people may write the same words). Re-importing gives the same.

    >>> row_hash(["1.2", "Yes"]) == row_hash(["1.2", "Yes"]) != row_hash(["1.2", "Yes"], 1)
    True
    """
    data = "\x1f".join("" if f is None else str(f) for f in fields) + f"\x1e{occurrence}"
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Comment:
    """A comment with its current triage state (the latest decision, or ``new``)."""
    id: int
    round_id: int
    ref: str
    kind: str
    type: str
    language: str
    text: str
    quotable: bool
    source: str = "live"                  # live | written
    status: str = "new"
    response: str = ""
    reason: str = ""
    landed_version: int | None = None     # plan version number where an accepted change landed
    landed_ref: str | None = None
    duplicate_of: int | None = None
    country: str | None = None
    submission: str | None = None
    participant_id: int | None = None
    session_id: int | None = None
    created_at: str = ""
    triaged_at: str | None = None
    withdrawn: bool = False

    @property
    def theme(self) -> str:
        return self.ref.split(".")[0]


@dataclass(frozen=True)
class Decision:
    """A triage decision on one comment."""
    status: str
    response: str = ""
    reason: str = ""
    landed_version: int | None = None
    landed_ref: str | None = None
    duplicate_of: int | None = None


def check_decision(decision: Decision, comment: Comment, *, landed_refs: Collection[str] = (),
                   duplicate: Comment | None = None) -> Decision:
    """Return the cleaned decision, or raise: a declined comment needs a reason; an accepted
    one the later plan version and item where the change landed (``landed_refs``: that
    version's refs); a duplicate the other comment, in the same round."""
    if decision.status not in DECISIONS:
        raise ValidationError(f"unknown status {decision.status!r}; expected one of {', '.join(DECISIONS)}")
    if comment.withdrawn:
        raise RuleError(f"comment {comment.id} was withdrawn by its author; it cannot be triaged")
    where = f"comment {comment.id}"
    response = clean_text(decision.response or "", f"{where}: response", MAX_RESPONSE_CHARS, required=False)
    reason = clean_text(decision.reason or "", f"{where}: reason", MAX_REASON_CHARS, required=False)
    if decision.status == "declined" and not reason:
        raise ValidationError(f"{where}: declining a comment needs a reason")
    landed_version, landed_ref = decision.landed_version, decision.landed_ref or None
    if decision.status in ("accepted", "partly_accepted"):
        if decision.status == "accepted" and (landed_version is None or not landed_ref):
            raise ValidationError(f"{where}: an accepted comment needs the plan version and item "
                                  "where the change landed")
        if landed_ref:
            landed_ref = normalize_ref(landed_ref)
            if landed_ref not in landed_refs:
                raise ValidationError(f"{where}: plan version {landed_version} has no item {landed_ref}")
    elif landed_version is not None or landed_ref:
        raise ValidationError(f"{where}: only an accepted or partly accepted comment names where a change landed")
    duplicate_of = decision.duplicate_of
    if decision.status == "duplicate":
        if duplicate is None:
            raise ValidationError(f"{where}: a duplicate needs the comment it repeats")
        if duplicate.id == comment.id or duplicate.round_id != comment.round_id or duplicate.withdrawn:
            raise ValidationError(f"{where}: comment {duplicate.id} is not another comment of the same round")
        duplicate_of = duplicate.id
    elif duplicate_of is not None:
        raise ValidationError(f"{where}: only a duplicate names another comment")
    return Decision(decision.status, response, reason, landed_version, landed_ref, duplicate_of)


# -- numbers ---------------------------------------------------------------------------------
def count_by(comments: Iterable[Comment], key: str, keys: Iterable[str] = ()) -> dict[str, int]:
    """Comments per value of attribute ``key``; ``keys`` are listed first, with zeros."""
    out = dict.fromkeys(keys, 0)
    for comment in comments:
        value = getattr(comment, key)
        out[value] = out.get(value, 0) + 1
    return out


def feedback_stats(comments: Iterable[Comment], themes: Iterable[str] = ()) -> dict:
    """``{"comments", "by_type", "by_status", "by_theme"}`` over the comments not withdrawn.

    >>> c = Comment(1, 1, "2.1.3", "action", "concern", "sw", "…", True)
    >>> feedback_stats([c], ["1", "2"])["by_theme"]
    {'1': 0, '2': 1}
    """
    live = [c for c in comments if not c.withdrawn]
    return {"comments": len(live), "by_type": count_by(live, "type", TYPES),
            "by_status": count_by(live, "status", STATUSES), "by_theme": count_by(live, "theme", themes)}


def quotable(comments: Iterable[Comment]) -> list[Comment]:
    """The comments a report may quote: not withdrawn, author allowed quoting, not a duplicate."""
    return [c for c in comments if c.quotable and not c.withdrawn and c.text and c.status != "duplicate"]


def default_consent() -> dict[str, str]:
    """The consent text of a feedback session unless its facilitator gives another, in every
    language the apps speak (from the catalogs)."""
    from workbench.core.i18n import in_every_language
    return in_every_language(lambda _: _(
        "This is a feedback session on the draft plan. You take part under a pseudonym; nobody "
        "asks your name. Your comments, their type and language are stored with your pseudonym "
        "and read by the facilitators and working groups who revise the plan. Reports never show "
        "pseudonyms, and quote a comment only if you allow it: mark any comment “do not quote "
        "me”. You can edit or withdraw your comments while the round is open, and stop at any "
        "time."))
