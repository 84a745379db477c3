"""Visioning sessions: the rules, as pure functions over plain data (no SQL, no widgets).

A visioning session moves through phases set by its facilitator::

    draft → gathering → reacting → closed

- *gathering*: participants write contributions to the session's prompts, and may edit or
  withdraw their own;
- *reacting*: participants answer agree / disagree / pass to other people's contributions,
  one at a time, and may still add new ones;
- *closed*: nothing changes any more (a facilitator may reopen reacting or gathering).

The store calls these checks inside its write transactions, so a message forged in the
browser (a click on a disabled button, a text longer than the counter allows) is refused here,
whatever the widgets showed. Every check raises :class:`~workbench.core.errors.RuleError` (the state
forbids it) or :class:`~workbench.core.errors.ValidationError` (the input is malformed).
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence

from workbench.core.errors import RuleError, ValidationError
from workbench.core.i18n import N_
from workbench.core.cleaning import clean_text

PHASES = ("draft", "gathering", "reacting", "closed")
#: Which phase may follow which (the facilitator's buttons; a closed session may be reopened).
NEXT_PHASES = {
    "draft": ("gathering",),
    "gathering": ("reacting", "closed"),
    "reacting": ("gathering", "closed"),
    "closed": ("gathering", "reacting"),
}
#: Phases in which people may write, and react (joining: :func:`workbench.participation.rules.check_join`).
WRITE_PHASES = ("gathering", "reacting")
REACT_PHASES = ("reacting",)

MAX_CONTRIBUTION_CHARS = 280
MAX_CONTRIBUTIONS_PER_PERSON = 20
MAX_TRANSLATION_CHARS = 600
MAX_REASON_CHARS = 200
MAX_TAG_CHARS = 40
MAX_TITLE_CHARS = 120
MAX_PROMPT_CHARS = 300
MAX_CONSENT_CHARS = 3000
MAX_PROMPTS = 5
MAX_DRAFT_CHARS = 10_000
#: Seconds between two "take a break" requests from one participant's screen.
BREAK_INTERVAL = 60

AGREE, DISAGREE, PASS = 1, -1, 0
VOTES = (AGREE, DISAGREE, PASS)
#: Tags for the plan's four themes: ``theme:1`` … ``theme:4``.
THEME_TAG = re.compile(r"^theme:[1-9][0-9]*$")



# -- phases ---------------------------------------------------------------------------------
def check_phase_change(current: str, wanted: str) -> str:
    """Return ``wanted`` if a session in phase ``current`` may move to it, else raise RuleError.

    >>> check_phase_change("gathering", "reacting")
    'reacting'
    """
    if wanted not in PHASES:
        raise ValidationError(f"unknown phase {wanted!r}; the phases are {', '.join(PHASES)}")
    if wanted not in NEXT_PHASES.get(current, ()):
        raise RuleError(f"a session in phase {current!r} cannot move to {wanted!r}")
    return wanted


def check_can_write(phase: str) -> None:
    """Raise RuleError unless contributions may be added, edited or withdrawn in ``phase``."""
    if phase not in WRITE_PHASES:
        raise RuleError(N_("contributions cannot be written or changed now: the session is %(phase)s"),
                        phase=phase)


def check_can_react(phase: str) -> None:
    """Raise RuleError unless reactions are being collected in ``phase``."""
    if phase not in REACT_PHASES:
        raise RuleError(N_("reactions are not being collected now: the session is %(phase)s"), phase=phase)


# -- contributions ----------------------------------------------------------------------------
def check_contribution(text, *, prompt: int, prompts: int, written: int) -> str:
    """Validate a new contribution; return its cleaned text.

    ``prompt`` is the index of the prompt it answers (of ``prompts``); ``written`` counts the
    author's contributions in the session so far (withdrawn ones excluded).

    >>> check_contribution(" healers ", prompt=0, prompts=1, written=0)
    'healers'
    """
    if isinstance(prompt, bool) or not isinstance(prompt, int) or not 0 <= prompt < max(prompts, 1):
        raise ValidationError(N_("contribution: prompt %(prompt)r does not exist in this session"), prompt=prompt)
    if written >= MAX_CONTRIBUTIONS_PER_PERSON:
        raise RuleError(N_("you have written %(n)d contributions, the most one person may "
                           "write in a session; you may edit or withdraw one"), n=written)
    return clean_text(text, "contribution", MAX_CONTRIBUTION_CHARS, empty=N_("contribution is empty"),
                      too_long=N_("contribution is %(n)d characters long; the limit is %(limit)d"))


def check_author(contribution: Mapping, participant_id: int) -> None:
    """Raise RuleError unless ``participant_id`` wrote ``contribution`` and it is still theirs
    to change (not withdrawn, hidden or merged)."""
    if contribution["participant_id"] != participant_id:
        raise RuleError(N_("contribution %(id)s was written by someone else; "
                           "only its author may change it"), id=contribution["id"])
    if contribution.get("withdrawn_at"):
        raise RuleError(N_("contribution %(id)s was withdrawn"), id=contribution["id"])
    if contribution.get("hidden_reason") or contribution.get("merged_into"):
        raise RuleError(N_("contribution %(id)s was set aside by the facilitator "
                           "and can no longer be changed"), id=contribution["id"])


def check_edit(contribution: Mapping, participant_id: int, others_reacted: int) -> None:
    """Raise RuleError unless the author may still edit ``contribution``: once other people
    have reacted to its words, editing would change what they reacted to (withdrawing it stays
    possible)."""
    check_author(contribution, participant_id)
    if others_reacted:
        raise RuleError(N_("%(n)d people have already reacted to contribution "
                           "%(id)s, so it cannot be edited now; you may withdraw it "
                           "and write a new one"), n=others_reacted, id=contribution["id"])


def is_visible(contribution: Mapping) -> bool:
    """True if a contribution is shown to participants (not withdrawn, hidden or merged away)."""
    return not (contribution.get("withdrawn_at") or contribution.get("hidden_reason")
                or contribution.get("merged_into"))


# -- reactions --------------------------------------------------------------------------------
def check_reaction(contribution: Mapping, participant_id: int, vote) -> int:
    """Validate a reaction; return the vote (1 agree, -1 disagree, 0 pass).

    Raises ValidationError for another value; RuleError for one's own contribution or one that
    is no longer shown. (The phase is checked with :func:`check_can_react`.)
    """
    if isinstance(vote, bool) or vote not in VOTES:
        raise ValidationError(N_("reaction to contribution %(id)s: %(vote)r is not 1 (agree), "
                                 "-1 (disagree) or 0 (pass)"), id=contribution["id"], vote=vote)
    if contribution["participant_id"] == participant_id:
        raise RuleError(N_("contribution %(id)s is your own; react to other people's"), id=contribution["id"])
    if not is_visible(contribution):
        raise RuleError(N_("contribution %(id)s is no longer shown"), id=contribution["id"])
    return int(vote)


def reaction_order(participant_id: int, contribution_ids: Iterable[int]) -> list[int]:
    """The order in which one participant meets contributions: random-looking, different for
    every participant, and stable (a contribution added later slots in; a reload keeps the order).

    >>> reaction_order(7, [1, 2, 3]) == reaction_order(7, [3, 2, 1])
    True
    """
    def key(cid: int) -> bytes:
        return hashlib.sha256(f"{participant_id}:{cid}".encode()).digest()
    return sorted(contribution_ids, key=key)


def break_allowed(last: float | None, now: float) -> bool:
    """True if a screen may send another anonymous break request (one per BREAK_INTERVAL s).

    >>> break_allowed(None, 5.0), break_allowed(0.0, 30.0), break_allowed(0.0, 61.0)
    (True, False, True)
    """
    return last is None or now - last >= BREAK_INTERVAL


# -- moderation -------------------------------------------------------------------------------
def check_reason(reason) -> str:
    """A moderation reason: required, kept in the record."""
    return clean_text(reason, "reason for hiding", MAX_REASON_CHARS)


def check_merge(duplicate: Mapping, target: Mapping) -> None:
    """Raise RuleError unless ``duplicate`` may be merged into ``target``."""
    if duplicate["id"] == target["id"]:
        raise RuleError(f"contribution {duplicate['id']} cannot be merged into itself")
    if target.get("merged_into"):
        raise RuleError(f"contribution {target['id']} was itself merged into "
                        f"{target['merged_into']}; merge into that one")
    if target.get("withdrawn_at") or target.get("hidden_reason"):
        raise RuleError(f"contribution {target['id']} is not shown; merge into a shown one")
    if duplicate.get("merged_into"):
        raise RuleError(f"contribution {duplicate['id']} is already merged into {duplicate['merged_into']}")


def normalize_tag(tag) -> str:
    """A tag as stored: trimmed, lower case, inner spaces single; ``theme:N`` for a plan theme.

    >>> normalize_tag("  Healing   Justice ")
    'healing justice'
    """
    text = " ".join(clean_text(tag, "tag", MAX_TAG_CHARS).lower().split())
    if text.startswith("theme:") and not THEME_TAG.match(text):
        raise ValidationError(f"tag {text!r}: theme tags are theme:1, theme:2, …")
    return text


# -- session set-up ---------------------------------------------------------------------------
def check_session_setup(title: Mapping[str, str], prompts: Sequence[Mapping[str, str]],
                        consent: Mapping[str, str]) -> tuple[dict, list[dict], dict]:
    """Validate a new session's title, prompts and consent text (each ``{language: text}``).

    Returns them cleaned, languages with empty text dropped. Raises ValidationError naming the
    field: a title and a consent text in at least one language, 1–5 prompts each in at least one.
    """
    def texts(mapping: Mapping[str, str], what: str, limit: int) -> dict:
        out = {str(lang): clean_text(text, f"{what} ({lang})", limit, required=False)
               for lang, text in dict(mapping).items()}
        out = {lang: text for lang, text in out.items() if text}
        if not out:
            raise ValidationError(f"{what} is empty: write it in at least one language")
        return out

    title = texts(title, "session title", MAX_TITLE_CHARS)
    if not prompts:
        raise ValidationError("the session needs at least one prompt, such as "
                              "'In ten years, survivors will be …'")
    if len(prompts) > MAX_PROMPTS:
        raise ValidationError(f"{len(prompts)} prompts; a session has at most {MAX_PROMPTS}")
    prompts = [texts(p, f"prompt {i}", MAX_PROMPT_CHARS) for i, p in enumerate(prompts, start=1)]
    consent = texts(consent, "consent text", MAX_CONSENT_CHARS)
    return title, prompts, consent
