"""The decade tracker's nouns and rules: milestones, progress updates, status as of a date.

Pure: no SQL, no widgets. A :class:`Milestone` belongs to an action of a plan (``1.1.14``),
has a :class:`Target` (a year, or a year and quarter) and may carry an :class:`Indicator`.
A progress :class:`Update` is appended, never changed; a correction is a new update that
points at the one it corrects (``corrects``).

**Status as of a date** (:class:`History`). An update counts from its ``date`` on; a correction
takes the place of the update it corrects (its position in the history), from the
correction's own date on. So a report for 31 December 2025 uses only what had been reported by
then, and gives the same answer whenever it is made. The status at date D is the status of the
last update in place on D; a milestone with none is "not started". Roll-ups over many
milestones live in :mod:`workbench.tracker.rollups`.
"""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from workbench.core.errors import ValidationError

NOT_STARTED, ON_TRACK, AT_RISK, OFF_TRACK, DONE, DROPPED = STATUSES = (
    "not started", "on track", "at risk", "off track", "done", "dropped")
#: Statuses that end a milestone: it can no longer be overdue.
CLOSED = (DONE, DROPPED)
DIRECTIONS = ("up", "down")
Text = Mapping[str, str]

_TARGET = re.compile(r"^\s*(\d{4})(?:\s*-?\s*[Qq]([1-4]))?\s*$")
_ACTION = re.compile(r"^\d+\.\d+\.\d+$")


class FieldError(ValidationError):
    """One field of a milestone or an update breaks a rule; ``field`` and ``problem`` let each
    boundary say where (a CSV row, a form field)."""

    def __init__(self, field: str, problem: str, subject: str = ""):
        self.field, self.problem, self.subject = field, problem, subject
        super().__init__(f"{subject}: {field}: {problem}" if subject else f"{field}: {problem}")


@dataclass(frozen=True)
class Target:
    """When a milestone is due: a year (``2026``) or a year and quarter (``2026-Q3``).

    >>> Target.parse("2026-Q3").last_day
    datetime.date(2026, 9, 30)
    >>> Target.parse("2026").last_day, str(Target.parse(" 2026-q1 "))
    (datetime.date(2026, 12, 31), '2026-Q1')
    """
    year: int
    quarter: int | None = None

    @classmethod
    def parse(cls, text: object) -> Target:
        """Read ``2026`` or ``2026-Q3``; raises :class:`FieldError` (field ``target``)."""
        found = _TARGET.match(str(text if text is not None else ""))
        if not found:
            raise FieldError("target", f"expected a year such as 2026 or a year and quarter "
                                       f"such as 2026-Q3, got {text!r}")
        return cls(int(found[1]), int(found[2]) if found[2] else None)

    def __str__(self) -> str:
        return str(self.year) if self.quarter is None else f"{self.year}-Q{self.quarter}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 1 if self.quarter is None else 3 * self.quarter - 2, 1)

    @property
    def last_day(self) -> dt.date:
        month = 12 if self.quarter is None else 3 * self.quarter
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])


@dataclass(frozen=True)
class Period:
    """The years a plan runs, first and last included (2023–2033).

    >>> Period.from_meta({"period": {"start": 2023, "end": 2033}}).last_day
    datetime.date(2033, 12, 31)
    """
    start: int
    end: int

    @classmethod
    def from_meta(cls, meta: Mapping) -> Period | None:
        """The plan file's ``period: {start, end}``, or None if it names none."""
        period = meta.get("period") if isinstance(meta, Mapping) else None
        if isinstance(period, Mapping) and isinstance(period.get("start"), int) \
                and isinstance(period.get("end"), int):
            return cls(period["start"], period["end"])
        return None

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.start, 1, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.end, 12, 31)

    def __str__(self) -> str:
        return f"{self.start}–{self.end}"


@dataclass(frozen=True)
class Indicator:
    """What a milestone measures: unit, baseline, target value and which way is better.

    >>> Indicator("survivor-led organisations", 10, 30).progress(15)
    0.25
    >>> Indicator("%", 40, 10).direction, Indicator("%", 40, 10).progress(25)
    ('down', 0.5)
    """
    unit: str
    baseline: float
    target: float
    direction: str = ""

    def __post_init__(self):
        if not self.direction:
            object.__setattr__(self, "direction", "down" if self.target < self.baseline else "up")

    def progress(self, value: float | None) -> float | None:
        """The share of the way from baseline to target (0 at baseline, 1 at target; may fall
        outside 0–1). None without a value, or when target equals baseline."""
        if value is None or self.target == self.baseline:
            return None
        return (value - self.baseline) / (self.target - self.baseline)


@dataclass(frozen=True)
class Milestone:
    """A milestone of an action (``action`` = ``'1.1.14'``); ``key`` is its id in CSV files."""
    key: str
    action: str
    title: Text
    target: Target
    owner: str
    indicator: Indicator | None = None
    id: int | None = None
    synthetic: bool = False

    @property
    def goal(self) -> str:
        return self.action.rpartition(".")[0]

    @property
    def theme(self) -> str:
        return self.action.partition(".")[0]


@dataclass(frozen=True)
class Update:
    """A progress update of milestone ``milestone`` (its id), reported on ``date``."""
    milestone: int
    date: dt.date
    status: str
    value: float | None = None
    note: str = ""
    reporter: str = ""
    evidence: tuple[str, ...] = ()
    corrects: int | None = None
    id: int | None = None


# -- parsing and checks -----------------------------------------------------------------------
def parse_date(text: object, field: str = "date") -> dt.date:
    """A date written ``YYYY-MM-DD`` (or a ``date``); raises :class:`FieldError`.

    >>> parse_date("2025-12-31")
    datetime.date(2025, 12, 31)
    """
    if isinstance(text, dt.date):
        return text
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise FieldError(field, f"expected a date written YYYY-MM-DD, got {text!r}") from None


def parse_number(text: object, field: str = "value") -> float | None:
    """A number (``12``, ``12.5`` or ``12,5``), or None for an empty entry.

    >>> parse_number("12,5"), parse_number(" "), parse_number(3)
    (12.5, None, 3.0)
    """
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        number = float(text)
    else:
        raw = str(text).strip().replace(" ", "")
        if raw.count(",") == 1 and "." not in raw:
            raw = raw.replace(",", ".")
        try:
            number = float(raw)
        except ValueError:
            raise FieldError(field, f"expected a number such as 12 or 12.5, got {text!r}") from None
    if not math.isfinite(number):
        raise FieldError(field, f"expected a finite number, got {text!r}")
    return number


def make_indicator(unit: str, baseline: object, target: object, direction: str = "") -> Indicator | None:
    """An indicator from form or file entries; None if baseline and target are both empty.

    >>> make_indicator("", "", "") is None
    True
    >>> make_indicator("people", "0", "50")
    Indicator(unit='people', baseline=0.0, target=50.0, direction='up')
    """
    base, goal = parse_number(baseline, "baseline"), parse_number(target, "target_value")
    direction = (direction or "").strip().lower()
    if base is None and goal is None:
        if (unit or "").strip() or direction:
            raise FieldError("baseline", "an indicator with a unit needs a baseline and a target value")
        return None
    if base is None:
        raise FieldError("baseline", "an indicator needs a baseline as well as a target value")
    if goal is None:
        raise FieldError("target_value", "an indicator needs a target value as well as a baseline")
    if direction and direction not in DIRECTIONS:
        raise FieldError("direction", f"expected 'up' or 'down', got {direction!r}")
    if direction and goal != base and (direction == "up") != (goal > base):
        raise FieldError("direction", f"direction {direction!r} disagrees with baseline {base:g} "
                                      f"and target {goal:g}")
    return Indicator((unit or "").strip(), base, goal, direction)


def check_milestone(milestone: Milestone, action_refs: Iterable[str] | None = None,
                    period: Period | None = None) -> Milestone:
    """Return ``milestone`` if it can be stored for a plan with these actions and period.

    Raises :class:`FieldError` naming the field (``id``, ``action``, ``title``, ``target``,
    ``owner``).
    """
    def fail(field_, problem):
        raise FieldError(field_, problem, f"milestone {milestone.key!r}" if milestone.key else "")
    if not str(milestone.key or "").strip():
        fail("id", "empty id")
    if not _ACTION.match(milestone.action or ""):
        fail("action", f"expected an action number such as 1.1.14, got {milestone.action!r}")
    if action_refs is not None and milestone.action not in set(action_refs):
        fail("action", f"the plan has no action {milestone.action}")
    if not any(str(text).strip() for text in milestone.title.values()):
        fail("title", "empty title")
    if period and not (period.start <= milestone.target.year <= period.end):
        fail("target", f"{milestone.target} is outside the plan's period {period}")
    if not milestone.owner.strip():
        fail("owner", "empty owner (an organisation or working group)")
    return milestone


def check_update(update: Update, milestone: Milestone, history: Sequence[Update],
                 period: Period | None = None) -> Update:
    """Return ``update`` if it may be appended to ``history`` (the milestone's updates so far).

    Raises :class:`FieldError` for a date outside the plan, an unknown status, a value for a
    milestone without an indicator, a bad evidence link, a correction of an unknown or already
    corrected update, and a status change from done without a note.
    """
    def fail(field_, problem):
        raise FieldError(field_, problem, f"milestone {milestone.key}")
    if period and not (period.first_day <= update.date <= period.last_day):
        fail("date", f"{update.date} is outside the plan's period {period}")
    if update.status not in STATUSES:
        fail("status", f"unknown status {update.status!r}; expected one of {', '.join(STATUSES)}")
    if update.value is not None and milestone.indicator is None:
        fail("value", "this milestone has no indicator: leave the value empty")
    for link in update.evidence:
        if not re.match(r"^https?://\S+$", link):
            fail("evidence", f"expected a link starting with http:// or https://, got {link!r}")
    before = History(history)
    if update.corrects is not None:
        corrected = before.by_id.get(update.corrects)
        if corrected is None:
            fail("corrects", f"no update {update.corrects} of this milestone to correct")
        if update.corrects in before.corrected_ids():
            fail("corrects", f"update {update.corrects} is already corrected: correct the correction")
        if update.date < corrected.date:
            fail("date", f"a correction cannot be dated before the update it corrects ({corrected.date})")
        previous = corrected.status
    else:
        previous = before.status(update.date)
    if previous == DONE and update.status != DONE and not update.note.strip():
        fail("note", f"the status changes from done to {update.status}: write a note saying why")
    return update


def parse_status(text: object) -> str:
    """A status word as people write it ("On track", "on_track") in its stored form.

    >>> parse_status(" On_Track ")
    'on track'
    """
    status = " ".join(str(text or "").replace("_", " ").replace("-", " ").lower().split())
    if status not in STATUSES:
        raise FieldError("status", f"unknown status {text!r}; expected one of {', '.join(STATUSES)}")
    return status


def update_from_entries(entries: Mapping[str, object], milestone: Milestone) -> Update:
    """An update of ``milestone`` from a form's entries (``date``, ``status``, ``value``, ``note``,
    ``reporter``, ``evidence`` as text; ``corrects`` an update id or None). Raises
    :class:`FieldError` for a value or date of the wrong type; the rules are checked by
    :func:`check_update` when it is stored.

    >>> m = Milestone("m1", "1.1.1", {"en": "x"}, Target(2026), "wg", Indicator("people", 0, 10))
    >>> update_from_entries({"date": "2025-06-30", "status": "on track", "value": "4"}, m).value
    4.0
    """
    return Update(milestone.id, parse_date(entries.get("date", "")), parse_status(entries.get("status")),
                  parse_number(entries.get("value")), str(entries.get("note") or "").strip(),
                  str(entries.get("reporter") or "").strip(), tuple(str(entries.get("evidence") or "").split()),
                  entries.get("corrects") or None)


# -- status as of a date ----------------------------------------------------------------------
class History:
    """The updates of one milestone, answering "what was its status on date D?".

    >>> d = dt.date
    >>> h = History([Update(1, d(2024, 3, 31), "on track", id=1),
    ...              Update(1, d(2024, 6, 30), "at risk", id=2),
    ...              Update(1, d(2024, 7, 9), "on track", note="misread", corrects=2, id=3)])
    >>> h.status(d(2024, 1, 1)), h.status(d(2024, 7, 1)), h.status(d(2024, 7, 9))
    ('not started', 'at risk', 'on track')
    """

    def __init__(self, updates: Iterable[Update]):
        self.updates = sorted(updates, key=lambda u: (u.date, u.id if u.id is not None else math.inf))
        self.dates = [u.date for u in self.updates]
        self.by_id = {u.id: u for u in self.updates if u.id is not None}
        self._position = {}
        for update in self.updates:
            root, seen = update, set()
            while root.corrects in self.by_id and root.id not in seen:
                seen.add(root.id)
                root = self.by_id[root.corrects]
            self._position[id(update)] = (root.date, root.id if root.id is not None else math.inf)

    def known(self, as_of: dt.date) -> list[Update]:
        """The updates reported on or before ``as_of``."""
        return self.updates[:bisect.bisect_right(self.dates, as_of)]

    def corrected_ids(self, as_of: dt.date | None = None) -> set[int]:
        updates = self.updates if as_of is None else self.known(as_of)
        return {u.corrects for u in updates if u.corrects is not None}

    def effective(self, as_of: dt.date) -> list[Update]:
        """The updates in place on ``as_of`` (corrected ones replaced), in history order."""
        known = self.known(as_of)
        corrected = {u.corrects for u in known if u.corrects is not None}
        return sorted((u for u in known if u.id not in corrected), key=lambda u: self._position[id(u)])

    def timeline(self, as_of: dt.date) -> list[tuple[dt.date, Update]]:
        """The updates in place on ``as_of`` with the date each stands at (a correction stands
        at the date of the update it corrects)."""
        return [(self._position[id(u)][0], u) for u in self.effective(as_of)]

    def latest(self, as_of: dt.date) -> Update | None:
        known = self.known(as_of)
        corrected = {u.corrects for u in known if u.corrects is not None}
        best, best_position = None, None
        for update in known:
            if update.id in corrected:
                continue
            position = self._position[id(update)]
            if best is None or position >= best_position:
                best, best_position = update, position
        return best

    def status(self, as_of: dt.date) -> str:
        latest = self.latest(as_of)
        return latest.status if latest else NOT_STARTED

    def value(self, as_of: dt.date) -> float | None:
        """The indicator value of the last update in place that reported one."""
        for update in reversed(self.effective(as_of)):
            if update.value is not None:
                return update.value
        return None


def status_as_of(updates: Iterable[Update], as_of: dt.date) -> str:
    """The status of a milestone with these updates on ``as_of``.

    >>> status_as_of([Update(1, dt.date(2025, 3, 31), "done", id=7)], dt.date(2025, 3, 30))
    'not started'
    """
    return History(updates).status(as_of)


def is_overdue(milestone: Milestone, status: str, as_of: dt.date) -> bool:
    """Not done or dropped, and ``as_of`` is after the target's last day.

    >>> m = Milestone("m1", "1.1.1", {"en": "x"}, Target(2025, 2), "group")
    >>> is_overdue(m, "on track", dt.date(2025, 6, 30)), is_overdue(m, "on track", dt.date(2025, 7, 1))
    (False, True)
    """
    return status not in CLOSED and as_of > milestone.target.last_day


@dataclass(frozen=True)
class State:
    """A milestone as it stood on ``as_of``."""
    milestone: Milestone
    as_of: dt.date
    status: str
    value: float | None = None
    last_update: Update | None = None
    overdue: bool = False

    @property
    def progress(self) -> float | None:
        """Indicator progress (share of the way from baseline to target), or None."""
        indicator = self.milestone.indicator
        return indicator.progress(self.value) if indicator else None


@dataclass
class Tracker:
    """Milestones and all their updates, ready to answer questions as of any date."""
    milestones: Sequence[Milestone]
    updates: Iterable[Update] = ()
    histories: dict[int, History] = field(init=False)

    def __post_init__(self):
        grouped: dict[int, list[Update]] = {m.id: [] for m in self.milestones}
        for update in self.updates:
            grouped.setdefault(update.milestone, []).append(update)
        self.histories = {mid: History(found) for mid, found in grouped.items()}

    def history(self, milestone: Milestone) -> History:
        return self.histories.get(milestone.id) or History(())

    def state(self, milestone: Milestone, as_of: dt.date) -> State:
        history = self.history(milestone)
        latest = history.latest(as_of)
        status = latest.status if latest else NOT_STARTED
        value = history.value(as_of) if milestone.indicator else None
        return State(milestone, as_of, status, value, latest, is_overdue(milestone, status, as_of))

    def snapshot(self, as_of: dt.date) -> list[State]:
        """Every milestone's :class:`State` on ``as_of``, in milestone order."""
        return [self.state(m, as_of) for m in self.milestones]
