"""Polls: the rules, as pure functions over plain data (no SQL, no widgets).

A poll is a session of kind ``poll`` (its own join code) with items, a counting method from
:mod:`workbench.voting`, the method's parameters, and the choice "hidden until close". It
moves through the phases ``draft → open → closed``, by hand or at the times set (``opens_at``,
``closes_at``; every check takes ``now``, so nothing here reads the clock). Closed is final.

Ballots follow the method's ballot kind (see :data:`BALLOT_KINDS`): one ballot per participant,
replaced until the poll closes; for the pairwise wiki survey (method ``bradley-terry``) each
answer to a pair is appended instead, once per pair and person, and participants may propose
new items that enter once the facilitator approves them.

The store calls these checks inside its write transactions, so a message forged in the
browser is refused here whatever the widgets showed. Checks raise
:class:`~workbench.core.errors.RuleError` (the state forbids it) or
:class:`~workbench.core.errors.ValidationError` (the input is malformed). :mod:`workbench.voting`
(and numpy) is imported only when a ballot is checked, so a participant's page stays light.
"""
from __future__ import annotations

import datetime as dt
import math
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from workbench.core.errors import RuleError, ValidationError
from workbench.core.i18n import N_
from workbench.plan.model import ItemList, Plan, pick
from workbench.core.cleaning import clean_text

PHASES = ("draft", "open", "closed")
#: Each method's ballot kind (the same as ``workbench.voting.METHODS[name].ballot_kind``; a test
#: keeps them equal, so that this module needs no numpy to know it).
BALLOT_KINDS = {
    "dots": "dots", "approval": "approval", "score": "score", "borda": "ranking",
    "schulze": "ranking", "copeland": "ranking", "ranked-pairs": "ranking",
    "instant-runoff": "ranking", "bradley-terry": "comparison",
}
#: The methods that count rankings (their results get a pairwise-preference heatmap).
RANKED_METHODS = tuple(m for m, kind in BALLOT_KINDS.items() if kind == "ranking")
#: Why someone could not decide between two items (optional).
REASONS = ("both_good", "both_bad", "dont_understand")
MAX_ITEMS = 400
MAX_TITLE_CHARS = 120
MAX_ITEM_CHARS = 300
MAX_PROPOSAL_CHARS = 200
MAX_PENDING_PROPOSALS = 5
#: Pairs a participant is encouraged to answer (they may stop earlier or go on).
PAIRS_GOAL = 20
_GROUP_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,23}$")


@dataclass(frozen=True)
class PollItem:
    """One thing to vote on: a stable ``key`` (``1.2.5``, ``T3``, ``P7``), title and full text
    per language."""
    key: str
    title: Mapping[str, str]
    text: Mapping[str, str] = field(default_factory=dict)

    def label(self, language: str | None = None) -> str:
        """``"1.2.5 Build a database"``: the key (unless it is a bare typed-item number) and title."""
        title = pick(self.title, language, "en")
        return title if self.key[:1] in ("T", "P") else f"{self.key} {title}"


# -- items ------------------------------------------------------------------------------------
def items_from_plan(plan: Plan, scope: str | None = None) -> list[PollItem]:
    """The actions of the whole plan (``scope`` None), of one theme (``"1"``) or goal (``"1.2"``).

    Raises ValidationError if the scope is not a theme or goal of the plan.

    >>> from workbench.core.shipped import default_plan
    >>> [i.key for i in items_from_plan(default_plan(), "2.2")][:3]
    ['2.2.1', '2.2.2', '2.2.3']
    """
    found = [PollItem(ref, node.title, node.text) for ref, kind, node in plan.walk()
             if kind == "action" and (scope is None or ref.startswith(f"{scope}."))]
    if not found:
        raise ValidationError(f"the plan has no theme or goal {scope!r} with actions")
    return found


def items_from_list(item_list: ItemList, parent: int | None = None) -> list[PollItem]:
    """The top-level items of a list, or the sub-items of its item number ``parent``.

    A top-level item's full text lists its sub-items' titles when it has no text of its own.
    """
    items = item_list.items
    prefix = ""
    if parent is not None:
        chosen = next((i for i in items if i.number == parent), None)
        if chosen is None or not chosen.items:
            raise ValidationError(f"list {item_list.slug!r} has no item {parent} with sub-items")
        items, prefix = chosen.items, f"{parent}."
    out = []
    for item in items:
        text = dict(item.text)
        if item.items:  # a language without its own text shows the sub-items' titles
            for lang in item.title:
                text.setdefault(lang, "\n".join("• " + pick(sub.title, lang) for sub in item.items))
        out.append(PollItem(f"{prefix}{item.number}", item.title, text))
    return out


def items_from_lines(lines: Iterable[str], language: str) -> list[PollItem]:
    """Typed-in items, one per non-empty line, keyed ``T1``, ``T2`` …; raises ValidationError."""
    texts = [clean_text(line, f"item {n}", MAX_ITEM_CHARS)
             for n, line in enumerate((line for line in lines if line.strip()), start=1)]
    if not texts:
        raise ValidationError("no items: type one item per line")
    return [PollItem(f"T{n}", {language: text}) for n, text in enumerate(texts, start=1)]


def check_items(items: Sequence[PollItem], method: str) -> list[PollItem]:
    """Raise ValidationError unless there are 2…MAX_ITEMS items with distinct keys and titles."""
    if len(items) < 2:
        raise ValidationError(f"a poll needs at least 2 items (got {len(items)})")
    if len(items) > MAX_ITEMS:
        raise ValidationError(f"a poll has at most {MAX_ITEMS} items (got {len(items)})")
    keys = [item.key for item in items]
    repeated = next((k for k in keys if keys.count(k) > 1), None)
    if repeated is not None:
        raise ValidationError(f"item {repeated!r} is listed twice")
    for item in items:
        if not any(str(t).strip() for t in item.title.values()):
            raise ValidationError(f"item {item.key!r} has no title")
    return list(items)


# -- settings ---------------------------------------------------------------------------------
def check_method(method) -> str:
    if method not in BALLOT_KINDS:
        raise ValidationError(f"unknown method {method!r} (known: {', '.join(sorted(BALLOT_KINDS))})")
    return method


def check_settings(method: str, params: Mapping | None, items: Sequence[PollItem],
                   opens_at: dt.datetime | None = None, closes_at: dt.datetime | None = None) -> dict:
    """Validate a new poll's method, parameters (by the counting method's own checks), items
    and times; return the parameters with the method's defaults filled in."""
    from workbench.voting import validate
    from workbench.voting.registry import get_method
    check_items(items, check_method(method))
    params = get_method(method).check_params(params)
    validate([i.key for i in items], [], method, params)
    if method == "dots" and params["max_per_item"] is not None and params["max_per_item"] > params["budget"]:
        raise ValidationError(f"max_per_item ({params['max_per_item']}) is more than the budget "
                              f"({params['budget']})")
    if opens_at and closes_at and closes_at <= opens_at:
        raise ValidationError("the poll would close before it opens: check the times")
    return params


def check_settings_change(poll: Mapping, phase: str, changes: Mapping) -> dict:
    """Return the ``changes`` allowed to ``poll`` (a stored poll dict) in ``phase``.

    Before opening anything may change. Once open, only the closing time may move, and
    "hidden until close" may be switched on but never lifted: nobody may be swayed or singled
    out by results seen mid-vote. A closed poll changes no more.
    """
    allowed = {"hidden_until_close", "opens_at", "closes_at"}
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise ValidationError(f"poll setting {unknown[0]!r} cannot be changed here")
    if phase == "closed":
        raise RuleError("the poll is closed; its settings can no longer change")
    if phase == "open":
        if poll["hidden_until_close"] and changes.get("hidden_until_close") is False:
            raise RuleError("this poll opened with results hidden until it closes; "
                            "that cannot be lifted before it closes")
        if "opens_at" in changes:
            raise RuleError("the poll is already open; only its closing time can change")
    return dict(changes)


# -- phases -----------------------------------------------------------------------------------
def utc(moment: dt.datetime | str | None) -> dt.datetime | None:
    """A moment as an aware UTC datetime (naive ones are taken as UTC; ISO text is parsed)."""
    if moment is None or moment == "":
        return None
    if isinstance(moment, str):
        try:
            moment = dt.datetime.fromisoformat(moment.replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError(f"{moment!r} is not a date and time such as 2025-03-01T14:00Z") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


def iso(moment: dt.datetime | None) -> str | None:
    """The stored form of a moment: ``2025-03-01T14:00:00Z``."""
    moment = utc(moment)
    return None if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def due_phase(phase: str, opens_at, closes_at, now: dt.datetime) -> str:
    """The phase a poll is in at ``now``: its stored phase moved on by the times that passed.

    >>> t = dt.datetime(2025, 3, 1, 12, tzinfo=dt.timezone.utc)
    >>> due_phase("draft", "2025-03-01T11:00:00Z", "2025-03-01T13:00:00Z", t)
    'open'
    >>> due_phase("open", None, "2025-03-01T11:00:00Z", t)
    'closed'
    """
    now = utc(now)
    if phase == "draft" and opens_at and utc(opens_at) <= now:
        phase = "open"
    if phase == "open" and closes_at and utc(closes_at) <= now:
        phase = "closed"
    return phase


def check_phase_change(current: str, wanted: str) -> str:
    """Opening by hand (draft → open) and closing (draft or open → closed); closed is final."""
    if wanted not in PHASES:
        raise ValidationError(f"unknown phase {wanted!r}; the phases are {', '.join(PHASES)}")
    if current == "closed":
        raise RuleError("the poll is closed, and a closed poll stays closed")
    if wanted == current or (current, wanted) == ("open", "draft"):
        raise RuleError(f"a poll that is {current} cannot move to {wanted}")
    return wanted


def results_visible(hidden_until_close: bool, phase: str) -> bool:
    """Results may be seen once closed, or while open when the poll does not hide them."""
    return phase == "closed" or (phase == "open" and not hidden_until_close)


def check_results_visible(hidden_until_close: bool, phase: str) -> None:
    if phase == "draft":
        raise RuleError("the poll has not opened yet: there are no results")
    if not results_visible(hidden_until_close, phase):
        raise RuleError("results of this poll are hidden until it closes; "
                        "the number of ballots is all that can be seen now")


def check_publish(phase: str) -> None:
    """Results are published to participants only once the poll is closed."""
    if phase != "closed":
        raise RuleError("results can be shown to participants once the poll is closed")


def check_published(published: bool, phase: str, voters: int, smallest: int) -> None:
    """Participants see results only when published, after close, and from enough people that
    no ballot can be told from them."""
    if not published or phase != "closed":
        raise RuleError("the results of this poll are not published")
    if voters < smallest:
        raise RuleError(f"results are not shown for fewer than {smallest} voters")


def check_open(phase: str) -> None:
    """Raise RuleError unless ballots are accepted in ``phase``."""
    if phase == "draft":
        raise RuleError(N_("this poll has not opened yet; ballots are accepted once it opens"))
    if phase == "closed":
        raise RuleError(N_("this poll is closed: ballots are no longer accepted"))


# -- ballots ----------------------------------------------------------------------------------
#: Refusals of a ballot the participant can meet (a forged widget message too): message ids with
#: arguments, so that the vote screen shows them in her language (``%(item)s`` is an item's key).
UNREADABLE_BALLOT = N_("your ballot could not be read; please vote again")
UNKNOWN_ITEM = N_("'%(item)s' is not an item of this poll")
ITEM_TWICE = N_("your ballot names '%(item)s' twice")
DOTS_NOT_WHOLE = N_("your ballot gives '%(item)s' %(amount)s dots: dots must be whole numbers")
DOTS_NEGATIVE = N_("your ballot gives '%(item)s' %(amount)s dots: dots cannot be negative")
DOTS_OVER_CAP = N_("your ballot puts %(amount)s dots on '%(item)s', more than the %(cap)d allowed per item")
DOTS_OVER_BUDGET = N_("your ballot spends %(spent)d dots, more than the budget of %(budget)d")
SCORE_NOT_NUMBER = N_("your ballot gives '%(item)s' the score %(score)s, which is not a number")
SCORE_OUT_OF_RANGE = N_("your ballot gives '%(item)s' the score %(score)s, outside 0–%(max)s")


def _shown(value) -> str:
    """A value a forged ballot sent, short enough to repeat in a refusal."""
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _whole(value) -> bool:
    return _number(value) and float(value).is_integer()


def _known(item, keys: set) -> str:
    """``item`` if it is one of ``keys``; else raise ValidationError naming it."""
    if isinstance(item, bool) or not isinstance(item, (str, int)) or item not in keys:
        raise ValidationError(UNKNOWN_ITEM, item=_shown(item))
    return item


def _check_items_named(kind: str, params: Mapping, keys: set, ballot) -> None:
    """The checks of one participant's ballot, each refusal a message id with its arguments (the
    counting method's parser checks again, with its analyst-facing messages)."""
    if kind in ("dots", "score"):
        if not isinstance(ballot, Mapping):
            raise ValidationError(UNREADABLE_BALLOT)
        for item, amount in ballot.items():
            _known(item, keys)
            if kind == "score":
                if not _number(amount):
                    raise ValidationError(SCORE_NOT_NUMBER, item=item, score=_shown(amount))
                if not 0 <= amount <= params["max_score"]:
                    raise ValidationError(SCORE_OUT_OF_RANGE, item=item, score=_shown(amount),
                                          max=_shown(params["max_score"]))
                continue
            cap = params["budget"] if params.get("max_per_item") is None else params["max_per_item"]
            if not _whole(amount):
                raise ValidationError(DOTS_NOT_WHOLE, item=item, amount=_shown(amount))
            if amount < 0:
                raise ValidationError(DOTS_NEGATIVE, item=item, amount=_shown(amount))
            if amount > cap:
                raise ValidationError(DOTS_OVER_CAP, item=item, amount=_shown(int(amount)), cap=cap)
        if kind == "dots" and sum(ballot.values()) > params["budget"]:
            raise ValidationError(DOTS_OVER_BUDGET, spent=int(sum(ballot.values())), budget=params["budget"])
        return
    sequences = (list, tuple, set, frozenset) if kind == "approval" else (list, tuple)
    if isinstance(ballot, (str, bytes, Mapping)) or not isinstance(ballot, sequences):
        raise ValidationError(UNREADABLE_BALLOT)
    seen = set()
    for entry in ballot:
        tied = kind == "ranking" and isinstance(entry, (list, tuple))
        if tied and (not entry or any(isinstance(item, (list, tuple)) for item in entry)):
            raise ValidationError(UNREADABLE_BALLOT)
        for item in entry if tied else (entry,):
            if _known(item, keys) in seen:
                raise ValidationError(ITEM_TWICE, item=item)
            seen.add(item)


def check_ballot(method: str, params: Mapping, keys: Sequence[str], ballot, phase: str):
    """Return ``ballot`` if it may be written now; raise RuleError or ValidationError.

    Whatever the page sent, only a valid ballot is stored: budgets, ranges, known items, nothing
    twice, checked here with refusals a participant can read in her language, then again by the
    counting method's own parser.

    >>> check_ballot("dots", {"budget": 3, "max_per_item": 2}, ["A", "B"], {"A": 3}, "open")
    Traceback (most recent call last):
    ...
    workbench.core.errors.ValidationError: your ballot puts 3 dots on 'A', more than the 2 allowed per item
    """
    from workbench.voting import validate
    from workbench.voting.registry import get_method
    check_open(phase)
    kind = BALLOT_KINDS[method]
    if kind == "comparison":
        raise RuleError(N_("this poll compares pairs: answer pairs, one at a time"))
    if kind == "dots" and isinstance(ballot, Mapping):
        ballot = {k: v for k, v in ballot.items() if v != 0}
    if isinstance(ballot, (list, Mapping)) and not ballot:
        raise ValidationError(N_("your ballot is empty: choose at least one item "
                                 "(you may also simply not vote)"))
    _check_items_named(kind, get_method(method).check_params(params), set(keys), ballot)
    try:
        validate(list(keys), [ballot], method, params)
    except ValidationError as error:     # a case the checks above missed: still refused, readably
        raise ValidationError(UNREADABLE_BALLOT) from error
    return ballot


def check_comparison(keys: Sequence[str], shown: tuple[str, str], winner: str | None,
                     reason: str | None, done: Iterable[frozenset], phase: str) -> None:
    """Check one answer to a pair: both items current, the winner one of them (None = can't
    decide, with an optional reason from :data:`REASONS`), the pair not answered before."""
    check_open(phase)
    first, second = shown
    for key in (first, second):
        if key not in keys:
            raise ValidationError(UNKNOWN_ITEM, item=_shown(key))
    if first == second:
        raise ValidationError(N_("a pair needs two different items"))
    if winner is not None and winner not in shown:
        raise ValidationError(N_("the choice '%(item)s' is not one of the pair shown"), item=_shown(winner))
    if reason is not None and reason not in REASONS:
        raise ValidationError(N_("unknown reason '%(reason)s' (known: %(known)s)"), reason=_shown(reason),
                              known=", ".join(REASONS))
    if winner is not None and reason is not None:
        raise ValidationError(N_("a reason is only given when you cannot decide"))
    if frozenset(shown) in set(done):
        raise RuleError(N_("you have already answered this pair"))


def pair_key(first: str, second: str) -> str:
    """The stored form of an unordered pair: both keys, sorted, tab-separated."""
    return "\t".join(sorted((first, second)))


def next_pair(keys: Sequence[str], done: Iterable[frozenset], seen: Mapping[str, int],
              rng: random.Random) -> tuple[str, str] | None:
    """A random pair this person has not answered, preferring items few people have seen.

    ``seen[key]`` counts the comparisons an item took part in (everyone's). Returns None when
    every pair has been answered.

    >>> next_pair(["A", "B"], [frozenset({"A", "B"})], {}, random.Random(1)) is None
    True
    """
    done = set(done)
    keys = list(keys)
    if len(keys) < 2 or len(done) >= len(keys) * (len(keys) - 1) // 2:
        return None
    candidates = []
    for _ in range(60):
        pair = tuple(rng.sample(keys, 2))
        if frozenset(pair) not in done:
            candidates.append(pair)
            if len(candidates) == 6:
                break
    if not candidates:  # nearly every pair answered: look through the rest
        candidates = [(a, b) for i, a in enumerate(keys) for b in keys[i + 1:]
                      if frozenset((a, b)) not in done]
        rng.shuffle(candidates)
    return min(candidates, key=lambda p: seen.get(p[0], 0) + seen.get(p[1], 0))


def check_proposal(method: str, text, pending_by_person: int, phase: str) -> str:
    """Return the cleaned text of a proposed new item; raise RuleError or ValidationError."""
    check_open(phase)
    if BALLOT_KINDS[method] != "comparison":
        raise RuleError(N_("new items can be proposed in pairwise polls only"))
    if pending_by_person >= MAX_PENDING_PROPOSALS:
        raise RuleError(N_("you have %(n)d proposals waiting for the facilitator; "
                           "please wait until they are looked at"), n=pending_by_person)
    return clean_text(text, "proposal", MAX_PROPOSAL_CHARS, empty=N_("proposal is empty"),
                      too_long=N_("proposal is %(n)d characters long; the limit is %(limit)d"))


def check_group_name(name) -> str:
    """A working-group name from a join link (``?group=wg3``): 1–24 letters, digits, - or _."""
    if not isinstance(name, str) or not _GROUP_NAME.match(name):
        raise ValidationError(f"group {name!r}: use 1 to 24 letters, digits, '-' or '_'")
    return name


def default_consent() -> dict[str, str]:
    """The consent text of a poll unless the facilitator writes another, in every language the
    apps speak (from the catalogs)."""
    from workbench.core.i18n import in_every_language
    return in_every_language(lambda _: _(
        "This poll records your ballot with your pseudonym only, never your name. Facilitators "
        "see results only as totals, and groups of fewer than 5 people are never shown on their "
        "own. You may change your ballot until the poll closes. The ballots are kept for the "
        "working group's planning and may be exported without pseudonyms. Taking part is "
        "voluntary; you may stop at any time."))
