"""Roll-ups of the decade tracker: counts by status, share done, overdue, changes since a date.

Pure functions over the :class:`~workbench.tracker.rules.State` list of one as-of date (see
:meth:`workbench.tracker.rules.Tracker.snapshot`). The share done is done / (all − dropped): a
dropped milestone is neither done nor still to do.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from workbench.plan.model import Plan
from workbench.tracker.rules import (AT_RISK, CLOSED, DONE, DROPPED, NOT_STARTED, OFF_TRACK, ON_TRACK,
                               STATUSES, State, Tracker)

LEVELS = ("action", "goal", "theme", "year")
#: How far from "on track" a status is; a move to a higher number is a slip.
_RISK = {NOT_STARTED: 0, ON_TRACK: 0, AT_RISK: 1, OFF_TRACK: 2}


def count_statuses(statuses: Iterable[str]) -> dict[str, int]:
    """Counts per status, every status present (zeros included), in :data:`STATUSES` order.

    >>> count_statuses(["done", "on track", "done"])["done"]
    2
    """
    counts = dict.fromkeys(STATUSES, 0)
    for status in statuses:
        counts[status] += 1
    return counts


def done_share(counts: Mapping[str, int]) -> float | None:
    """done / (all − dropped); None when nothing is left to count.

    >>> done_share({"done": 1, "on track": 2, "dropped": 1})
    0.3333333333333333
    >>> done_share({"dropped": 2}) is None
    True
    """
    counted = sum(counts.values()) - counts.get(DROPPED, 0)
    return counts.get(DONE, 0) / counted if counted else None


@dataclass(frozen=True)
class Summary:
    """The numbers of a group of milestones on one date."""
    by_status: dict[str, int]
    overdue: int

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def done_share(self) -> float | None:
        return done_share(self.by_status)


def summarize(states: Iterable[State]) -> Summary:
    """The :class:`Summary` of ``states``."""
    states = list(states)
    return Summary(count_statuses(s.status for s in states), sum(s.overdue for s in states))


def _level_key(level: str) -> Callable[[State], object]:
    if level == "year":
        return lambda s: s.milestone.target.year
    if level in ("action", "goal", "theme"):
        return lambda s: getattr(s.milestone, level)
    raise ValueError(f"unknown roll-up level {level!r}; expected one of {', '.join(LEVELS)}")


def _ref_order(key: object):
    return tuple(int(p) for p in str(key).split(".")) if isinstance(key, str) else (key,)


def rollup(states: Iterable[State], level: str) -> dict[object, Summary]:
    """A :class:`Summary` per action, goal or theme ref (``'1.2'``), or per target year.

    Only groups with milestones appear, in plan (or year) order.
    """
    key = _level_key(level)
    groups: dict[object, list[State]] = {}
    for state in states:
        groups.setdefault(key(state), []).append(state)
    return {k: summarize(groups[k]) for k in sorted(groups, key=_ref_order)}


def cross(states: Iterable[State], rows: str = "goal", columns: str = "year") -> dict[tuple, Summary]:
    """A :class:`Summary` per (row, column) pair, e.g. goal × target year (the heatmap)."""
    row_key, column_key = _level_key(rows), _level_key(columns)
    groups: dict[tuple, list[State]] = {}
    for state in states:
        groups.setdefault((row_key(state), column_key(state)), []).append(state)
    return {k: summarize(v) for k, v in groups.items()}


def overdue(states: Iterable[State]) -> list[State]:
    """The overdue milestones, longest overdue first (then by action and id)."""
    late = [s for s in states if s.overdue]
    return sorted(late, key=lambda s: (s.milestone.target.last_day, _ref_order(s.milestone.action),
                                       s.milestone.key))


@dataclass(frozen=True)
class Change:
    """One milestone between two dates: ``before`` (on ``since``) and ``after`` (on ``as_of``)."""
    before: State
    after: State

    @property
    def milestone(self):
        return self.after.milestone

    @property
    def completed(self) -> bool:
        return self.after.status == DONE and self.before.status != DONE

    @property
    def dropped(self) -> bool:
        return self.after.status == DROPPED and self.before.status != DROPPED

    @property
    def newly_overdue(self) -> bool:
        return self.after.overdue and not self.before.overdue

    @property
    def slipped(self) -> bool:
        """Worse than before: at risk or off track where it was better, reopened after done,
        or overdue since the earlier date."""
        b, a = self.before.status, self.after.status
        worse = a in _RISK and b in _RISK and _RISK[a] > _RISK[b]
        reopened = b == DONE and a not in CLOSED
        return worse or reopened or self.newly_overdue

    @property
    def value_changed(self) -> bool:
        return self.before.value != self.after.value

    @property
    def moved(self) -> bool:
        return self.before.status != self.after.status or self.value_changed or self.newly_overdue


def changes(tracker: Tracker, since: dt.date, as_of: dt.date) -> list[Change]:
    """What moved between ``since`` and ``as_of``: one :class:`Change` per milestone that did.

    Raises :class:`ValueError` if ``since`` is after ``as_of``.
    """
    if since > as_of:
        raise ValueError(f"since {since} is after as-of {as_of}")
    found = [Change(tracker.state(m, since), tracker.state(m, as_of)) for m in tracker.milestones]
    return [c for c in found if c.moved]


def status_summary(plan: Plan, states: Sequence[State], as_of: dt.date) -> dict:
    """The numbers ``workbench tracker status --json`` prints, for every theme and goal of
    ``plan`` (zeros where a theme or goal has no milestones)::

        {"as_of", "milestones", "by_status": {status: n}, "done_share", "overdue": [ids],
         "themes": [{"number", "by_status", "done_share", "goals": [{"number", ...}]}]}
    """
    overall = summarize(states)
    themes, goals = rollup(states, "theme"), rollup(states, "goal")
    empty = Summary(count_statuses(()), 0)

    def numbers(summary: Summary) -> dict:
        return {"by_status": summary.by_status, "done_share": summary.done_share}
    return {
        "as_of": as_of.isoformat(),
        "milestones": overall.total,
        **numbers(overall),
        "overdue": [s.milestone.key for s in overdue(states)],
        "themes": [
            {"number": theme.number, **numbers(themes.get(str(theme.number), empty)),
             "goals": [{"number": goal.number,
                        **numbers(goals.get(f"{theme.number}.{goal.number}", empty))}
                       for goal in theme.goals]}
            for theme in plan.themes],
    }
