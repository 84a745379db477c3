"""Consent uses, return codes and erasure: the rules (pure; the store applies them).

Consent uses. Besides agreeing to take part, a participant answers yes or no to each use of
their words: ``quote`` (quoted without a name in reports and exports), ``translate`` (interpreters
may translate what they wrote) and ``share_numbers`` (counted in aggregate numbers shared with
partners). No answer is chosen for her: the join panel starts with none, and joining (or changing
the answers later, from "My data") is refused unless every use has a yes or a no
(:func:`workbench.participation.rules.check_consent`). A use nobody was asked about — a consent
record from before these questions, whose text already named quoting as a use of taking part —
counts as agreed; an explicit ``False`` is a refusal, and what a person refused is never done
with their words.

Where each use is enforced:
  - ``quote``: the feedback report (the author's comments are counted, never quoted), the vision
    draft exports (the contribution is left out of "the contributions it draws on"), the
    contributions export for analysts (text blanked).
  - ``translate``: ``store.contributions.add_translation`` refuses; the interpreter panel skips them.
  - ``share_numbers``: the participant counts of the feedback report's numbers and of the
    vision draft's numbers leave them out.

Return codes. After joining, a person is shown a short random code once; only its hash is
stored (PBKDF2 with a per-session salt, so a code is found with one hash, not one per person).
Wrong codes are counted per session; past :data:`MAX_WRONG_CODES` in :data:`WRONG_CODE_WINDOW`
seconds, resuming is refused for a while (40 bits against ~20 guesses per 10 minutes).

Small groups. No count, group or breakdown of fewer than :data:`SMALL_GROUP` people is ever
shown (demographics, opinion groups, poll breakdowns): with so few, a person could be recognised.

Erasure. Withdrawing deletes the participants row and, through the schema's cascades and
:func:`erasure_plan`, every row that is theirs or hangs from theirs; the anonymous
``erasures`` log keeps only when and how many rows.
"""
from __future__ import annotations

import hashlib
import secrets
from types import MappingProxyType

#: The smallest group whose count or content is shown anywhere (demographic cells, opinion
#: groups, poll breakdowns); smaller ones are suppressed or merged.
SMALL_GROUP = 5
from collections.abc import Callable, Iterable, Mapping

from workbench.participation.codes import CODE_ALPHABET
from workbench.core.errors import RuleError, ValidationError
from workbench.core.i18n import N_

USES = ("quote", "translate", "share_numbers")
#: The consent answers of made-up people only (the demo data, tests, benchmarks): taking part and
#: yes to every use. A real person's answers are always hers (the join panel, where no use is
#: chosen for her, or the facilitator's assisted form): joining refuses answers that leave out a use.
SYNTHETIC_CONSENT = MappingProxyType({"take_part": True, **{use: True for use in USES}})
RETURN_CODE_LENGTH = 8           # 23**8 ≈ 7.8e10 ≈ 36 bits
MAX_WRONG_CODES = 20
WRONG_CODE_WINDOW = 600.0        # seconds
_HASH_ITERATIONS = 20_000
#: Told in every report built after someone withdrew.
NOT_RECOMPUTED = ("Some participants withdrew and their words were erased; "
                  "counts already published are not recomputed.")


def agreed(consent: Mapping[str, bool] | None, use: str) -> bool:
    """True unless the consent answers say no to ``use`` (see the module doc for missing uses).

    >>> agreed({"take_part": True, "quote": False}, "quote"), agreed({"take_part": True}, "quote")
    (False, True)
    """
    if use not in USES:
        raise ValidationError(f"unknown use {use!r}; the uses are {', '.join(USES)}")
    if not consent or consent.get("take_part") is not True:
        return False
    return consent.get(use, True) is not False


def use_questions(_: Callable[[str], str]) -> dict[str, str]:
    """Each use's question, in the language of ``_`` (the join panel, "My data" and her record)."""
    return {"quote": _("May we quote your words, without any name, in reports?"),
            "translate": _("May interpreters translate what you write?"),
            "share_numbers": _("May we count you in numbers we share with partners?")}


def use_names(_: Callable[[str], str]) -> dict[str, str]:
    """Each use in a few words (what a note says is not answered yet)."""
    return {"quote": _("quoting your words"),
            "translate": _("translating what you write"),
            "share_numbers": _("counting you in shared numbers")}


def check_use(consent: Mapping[str, bool] | None, use: str, what: str = "this text") -> None:
    """Raise RuleError if the author of ``what`` did not agree to ``use``."""
    if not agreed(consent, use):
        words = {"quote": "quoted", "translate": "translated", "share_numbers": "counted in shared numbers"}
        raise RuleError(f"{what}: its author did not agree to have it {words[use]}")


# -- return codes ----------------------------------------------------------------------------
def new_return_code() -> str:
    """A fresh random return code shown as ``'K7QX-4RMA'``."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(RETURN_CODE_LENGTH))
    return f"{code[:4]}-{code[4:]}"


def normalize_return_code(text) -> str:
    """The code as hashed: upper case, spaces and dashes ignored. Raises ValidationError."""
    code = "".join(ch for ch in str(text).upper() if ch not in " -\t")
    if len(code) != RETURN_CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        raise ValidationError(N_("a return code has %(n)d letters and digits, like K7QX-4RMA"),
                              n=RETURN_CODE_LENGTH)
    return code


def hash_return_code(code: str, session_id: int) -> str:
    """The stored form of a return code of session ``session_id``."""
    salt = f"workbench-return-code:{int(session_id)}".encode()
    return hashlib.pbkdf2_hmac("sha256", normalize_return_code(code).encode(), salt, _HASH_ITERATIONS).hex()


def check_attempts(times: Iterable[float], now: float) -> None:
    """Raise RuleError if too many wrong return codes were tried in this session lately."""
    recent = [t for t in times if now - t < WRONG_CODE_WINDOW]
    if len(recent) >= MAX_WRONG_CODES:
        wait = int(WRONG_CODE_WINDOW - (now - min(recent))) // 60 + 1
        raise RuleError(N_("too many wrong return codes in this session; please wait %(minutes)d "
                           "min. or ask your facilitator"), minutes=wait)


# -- erasure ---------------------------------------------------------------------------------
def erasure_plan(foreign_keys: Mapping[str, list[tuple[str, str, str]]]) -> list[tuple[str, str, str]]:
    """Which tables hold a participant's rows, and how they are found.

    ``foreign_keys`` maps each table to its ``(column, referenced table, on_delete)``. Returns
    ``(table, column, parent)`` for every table whose rows are a participant's (``parent`` =
    ``participants``) or hang from such rows (``parent`` = that table), depth first; rows whose
    link is SET NULL (e.g. translations an interpreter made of others' words) are not theirs.

    >>> erasure_plan({"contributions": [("participant_id", "participants", "CASCADE")],
    ...               "reactions": [("contribution_id", "contributions", "CASCADE")]})
    [('contributions', 'participant_id', 'participants'), ('reactions', 'contribution_id', 'contributions')]
    """
    plan, visited = [], {"participants"}
    frontier = ["participants"]
    while frontier:
        parent = frontier.pop(0)
        for table in sorted(foreign_keys):
            for column, target, on_delete in foreign_keys[table]:
                if target == parent and on_delete.upper() == "CASCADE" and (table, column, parent) not in plan:
                    plan.append((table, column, parent))
                    if table not in visited:
                        visited.add(table)
                        frontier.append(table)
    return plan
